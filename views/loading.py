"""A page's rows and what the page shows of them, read in one statement per relation.

FAB reads a list page's rows, then every relation a column names is lazy-loaded row by row (a
contest's participants, an organization type's education level, a user's roles): a page of 25 cost
25 more statements. Here a view's list and show columns that name relations (and the relation paths
it lists in ``list_loads`` / ``show_loads``, for properties that read relations) become loader
options of the one query that reads the page's rows: many-to-one relations are joined into it,
collections come with one ``IN`` query each. What a page shows and to whom does not change: the
same objects are loaded, only earlier.

The options go through ``PageLoadingMixin.apply_all`` of the view's data interface, and only while
that view reads its own page (``page_loads``), so dropdowns, counts, actions and the REST API keep
their own queries. ``tests/integration/test_sql_budgets.py`` holds every page to its budget.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask_appbuilder.models.sqla.filters import FilterRelationOneToManyEqual
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

#: (id of the data interface reading its page, the loader options of that page)
_PAGE_LOADS: ContextVar[tuple[int, tuple[LoaderOption, ...]]] = ContextVar("ustaz_page_loads", default=(0, ()))


class PageLoadingMixin:
    """Data-interface mixin: the page query of the view currently reading takes its loader options."""

    def apply_all(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        query = super().apply_all(query, *args, **kwargs)  # type: ignore[misc]
        owner, options = _PAGE_LOADS.get()
        return query.options(*options) if options and owner == id(self) else query


_LOADING_CLASSES: dict[type, type] = {}


def adopt_page_loading(datamodel: Any) -> None:
    """Give a view's data interface the mixin, whatever interface class it is (the scoped one or a
    view's own subclass of it); related interfaces FAB builds with ``self.__class__`` get it too
    and stay as they are (no options are ever set for them)."""
    cls = type(datamodel)
    if issubclass(cls, PageLoadingMixin):
        return
    if cls not in _LOADING_CLASSES:
        _LOADING_CLASSES[cls] = type(cls.__name__, (PageLoadingMixin, cls), {"__module__": cls.__module__})
    datamodel.__class__ = _LOADING_CLASSES[cls]


@contextmanager
def page_loads(datamodel: Any, options: Iterable[LoaderOption]) -> Iterator[None]:
    """While the block runs, ``datamodel``'s page query loads ``options`` with its rows."""
    token = _PAGE_LOADS.set((id(datamodel), tuple(options)))
    try:
        yield
    finally:
        _PAGE_LOADS.reset(token)


def loader_options(model: type, columns: Iterable[str]) -> tuple[LoaderOption, ...]:
    """Loader options for every relation path the columns name (``person``, ``contest.event_level``);
    columns that are plain attributes or properties are skipped."""
    options: dict[tuple[str, ...], LoaderOption] = {}
    for column in columns:
        path = _relation_path(model, column)
        if path and path not in options:
            options[path] = _option(model, path)
    # a path's own prefixes are loaded by the longer option already (joinedload(a).joinedload(b) loads a)
    return tuple(option for path, option in options.items()
                 if not any(other[: len(path)] == path and other != path for other in options))


def _relation_path(model: type, column: str) -> tuple[str, ...]:
    """The longest leading run of relationship names in a dotted column."""
    path: list[str] = []
    mapper = sa_inspect(model)
    for name in column.split("."):
        relation = mapper.relationships.get(name)
        if relation is None:
            break
        path.append(name)
        mapper = relation.mapper
    return tuple(path)


def _option(model: type, path: tuple[str, ...]) -> LoaderOption:
    option: Any = None
    mapper = sa_inspect(model)
    for name in path:
        relation = mapper.relationships[name]
        attribute = getattr(mapper.class_, name)
        # a collection multiplies rows (and breaks LIMIT) when joined: one IN query instead
        strategy = "selectinload" if relation.uselist else "joinedload"
        option = (selectinload if relation.uselist else joinedload)(attribute) if option is None else getattr(option, strategy)(attribute)
        mapper = relation.mapper
    return option


class ParentRowFilter(FilterRelationOneToManyEqual):
    """A related view's rows of the shown record, by the foreign key's value: FAB's filter loads the
    parent again (through the scope) for the count and once more for the rows, though the show page
    has just loaded it through the same scope."""

    def apply(self, query: Any, value: Any) -> Any:
        return query.filter(self.datamodel.get_relation_fk(self.column_name) == value)
