"""A page's rows and what the page shows of them, read in one statement per relation.

FAB reads a list page's rows, then every relation a column names is lazy-loaded row by row (a
contest's participants, an organization type's education level, a user's roles): a page of 25 cost
25 more statements. Here a view's list and show columns that name relations (and the relation paths
it lists in ``list_loads`` / ``show_loads``, for properties that read relations) become loader
options of the one query that reads the page's rows: many-to-one relations are joined into it,
collections come with one ``IN`` query each. What a page shows and to whom does not change: the
same objects are loaded, only earlier.

The options go through ``ScopedSQLAInterface.apply_all`` (tenants/interface.py), and only while
that view reads its own page (``page_loads``), so dropdowns, counts, actions and the REST API keep
their own queries. ``tests/integration/test_sql_budgets.py`` holds every page to its budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_appbuilder.models.sqla.filters import FilterRelationOneToManyEqual
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption


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
