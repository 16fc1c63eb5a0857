"""FAB's data interface with the scope applied to every read: list, show, edit, delete, actions,
REST API, related-field dropdowns and search all go through ``_apply_inner_all`` or ``get``.

Related interfaces are built with ``self.__class__``, so dropdowns over tenant-owned models are
scoped too. Writes are checked against the write scope (grants never allow changes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy import asc, desc, literal
from sqlalchemy.exc import SQLAlchemyError

from app.errors import RuleViolation
from app.i18n import _
from app.web.bounds import parse_id
from app.web.database_errors import explain_database_error
from app.web.dates import LocalFilterConverter
from app.web.paging import check_cursor_value, count_or_estimate, current_list_page, encode_cursor
from models.collation import NAME_COLUMNS, kazakh_order
from tenants.scope import ScopeError, can_write, current_scope, is_tenant_owned, scope_clause

#: (id of the data interface reading its page, the loader options of that page): views/loading.py
_PAGE_LOADS: ContextVar[tuple[int, tuple]] = ContextVar("ustaz_page_loads", default=(0, ()))


@contextmanager
def page_loads(datamodel: Any, options: Iterable) -> Iterator[None]:
    """While the block runs, ``datamodel``'s page query loads ``options`` with its rows (a view's list
    and show pages read the relations they show in one statement each, not one per row)."""
    token = _PAGE_LOADS.set((id(datamodel), tuple(options)))
    try:
        yield
    finally:
        _PAGE_LOADS.reset(token)


class ScopedSQLAInterface(SQLAInterface):
    #: date search filters read 31.12.2026 as the page writes it (FAB's read 05.06 as 6 May)
    filter_converter_class = LocalFilterConverter

    def apply_all(self, query, *args: Any, **kwargs: Any):
        query = super().apply_all(query, *args, **kwargs)
        owner, options = _PAGE_LOADS.get()
        return query.options(*options) if options and owner == id(self) else query

    def _scoped_query(self, query):
        clause = scope_clause(self.obj, current_scope())
        return query if clause is None else query.filter(clause)

    def _apply_inner_all(self, query, *args: Any, **kwargs: Any):
        return super()._apply_inner_all(self._scoped_query(query), *args, **kwargs)

    def apply_order_by(self, query, order_column: str, order_direction: str, aliases_mapping=None,
                       bypass_many_to_many: bool = False, add_pk: bool = False):
        """Names (base_order and a click on a column) in Kazakh alphabetical order, not by code point."""
        column = getattr(self.obj, order_column, None) if order_column in NAME_COLUMNS else None
        if column is None or not self.is_string(order_column):
            return super().apply_order_by(query, order_column, order_direction, aliases_mapping=aliases_mapping,
                                          bypass_many_to_many=bypass_many_to_many, add_pk=add_pk)
        direction = asc if order_direction == "asc" else desc
        pk = getattr(self.obj, self.get_pk_name() or "id", None)
        # the id breaks ties, so a page boundary between two equal names is stable
        return query.order_by(direction(kazakh_order(column)), *([direction(pk)] if pk is not None else []))

    def query(self, filters=None, order_column: str = "", order_direction: str = "", page=None, page_size=None,
              select_columns=None, outer_default_load: bool = False):
        listing = current_list_page()
        if page is None and page_size is None:
            # related dropdowns: every row comes back anyway, so the rows are the count
            rows = self._rows(self.session.query(self.obj), filters, order_column, order_direction, None, None,
                              select_columns, outer_default_load)
            return len(rows), rows
        if listing is None or select_columns:  # the REST API and exports: exact count, every page
            return super().query(filters, order_column, order_direction, page, page_size, select_columns,
                                 outer_default_load)
        return self._list_page(listing, filters, order_column, order_direction, page, page_size)

    def _rows(self, query, filters, order_column, order_direction, page, page_size, select_columns=None,
              outer_default_load: bool = False) -> list:
        query = self.apply_all(query, filters, order_column, order_direction, page, page_size, select_columns,
                               outer_default_load)
        rows = query.all()
        name = self.obj.__name__
        return [getattr(row, name) for row in rows] if rows and hasattr(rows[0], name) else rows

    def _list_page(self, listing, filters, order_column: str, order_direction: str, page, page_size: int):
        """An HTML list page: a capped count, and rows by keyset after a "Next" link (app/web/paging.py)."""
        from sqlalchemy import tuple_

        count = self._capped_count(listing, filters)
        seek = self._seek_key(order_column)
        # FAB sorts descending for any direction but "asc"; the cursor names the order it was made in
        descending = bool(order_column) and order_direction != "asc"
        order_key = f"{order_column}:{'desc' if descending else 'asc'}"
        if listing.after is not None and listing.after[0] != order_key:
            listing.after = None  # a link made for another order (a column header clicked): page one
        query = self.session.query(self.obj)
        if seek is not None and listing.after is not None:
            _order, value, pk = listing.after
            expression, key = seek
            column_type = getattr(getattr(self.obj, order_column, None), "type", None) if order_column else None
            check_cursor_value(value, column_type)
            bound = literal(value, type_=column_type) if column_type is not None else literal(value)
            row, after = tuple_(expression, key), tuple_(kazakh_order(bound) if order_column in NAME_COLUMNS else bound, pk)
            query = query.filter(row < after if descending else row > after)
            page = None
        if seek is not None and not order_column:
            order_column, order_direction = self.get_pk_name(), "asc"
        rows = self._rows(query, filters, order_column, order_direction, page, page_size)
        if seek is not None and len(rows) == page_size:
            last = rows[-1]
            listing.next_cursor = encode_cursor(order_key, getattr(last, order_column), getattr(last, self.get_pk_name()))
        return count, rows

    def _seek_key(self, order_column: str):
        """(order expression, id) a keyset page can start after, or None when the order is not a
        plain non-null column of this model (then the numbered pages are all there is)."""
        pk = getattr(self.obj, self.get_pk_name() or "id", None)
        if pk is None:
            return None
        if not order_column:
            return pk, pk
        column = self.list_properties.get(order_column)
        if column is None or not hasattr(column, "columns") or len(column.columns) != 1:
            return None
        sql_column = column.columns[0]
        if sql_column.nullable or not hasattr(sql_column, "table"):
            return None
        attribute = getattr(self.obj, order_column)
        expression = kazakh_order(attribute) if order_column in NAME_COLUMNS and self.is_string(order_column) \
            else attribute
        return expression, pk

    def _capped_count(self, listing, filters) -> int:
        inner = self._apply_inner_all(self.session.query(self.obj), filters, aliases_mapping={})
        count = count_or_estimate(self.session, inner.statement, listing.exact_limit)
        listing.approximate = count > listing.exact_limit
        return count

    def is_float(self, col_name: str) -> bool:
        # FAB's search filters convert only Integer and Float values: a Numeric column (percents,
        # points) was compared with the text of the value, which PostgreSQL refuses. Forms still
        # use a DecimalField for it (FAB checks is_numeric first).
        return super().is_float(col_name) or self.is_numeric(col_name)

    def is_nullable(self, col_name: str) -> bool:
        # An unticked checkbox means False: FAB would otherwise make NOT NULL booleans "required".
        if self.is_boolean(col_name):
            return True
        return super().is_nullable(col_name)

    def get(self, id: Any, filters=None, select_columns=None, outer_default_load: bool = False):
        # Ids come straight from URLs and bodies: one that is not a database id is "not found".
        pk = parse_id(id)
        if pk is None:
            return None
        return super().get(pk, filters, select_columns=select_columns, outer_default_load=outer_default_load)

    def get_related_obj(self, col_name: str, value: Any):
        rel_model = self.get_related_model(col_name)
        pk = parse_id(value)
        if pk is None:
            return None
        query = self.session.query(rel_model).filter(rel_model.id == pk)
        clause = scope_clause(rel_model, current_scope())
        if clause is not None:
            query = query.filter(clause)
        return query.one_or_none()

    def check_writable(self, item: Any) -> None:
        """Raise ScopeError unless the acting user may write ``item`` where it stands."""
        if is_tenant_owned(self.obj) and not can_write(item, current_scope()):
            raise ScopeError(_("This record is outside your area of responsibility."))

    def _rolled_back_on_rule(self, write, item: Any, commit: bool, action: str) -> None:
        # Rules raised while flushing (frozen periods, registry records) leave the session
        # dirty: roll back so nothing half-saved can be committed later in the request.
        # Database refusals become a sentence in the user's language, never SQL text.
        try:
            write(item, commit)
        except RuleViolation as exc:
            self.session.rollback()
            _remember_refusal(str(exc))
            raise
        except (SQLAlchemyError, DatabaseException) as exc:
            self.session.rollback()
            message = explain_database_error(exc, item, action)
            _remember_refusal(message)
            raise RuleViolation(message) from exc

    def add(self, item: Any, commit: bool = True) -> None:
        self.check_writable(item)
        self._rolled_back_on_rule(super().add, item, commit, "add")

    def edit(self, item: Any, commit: bool = True) -> None:
        self.check_writable(item)
        self._rolled_back_on_rule(super().edit, item, commit, "edit")

    def delete(self, item: Any, commit: bool = True) -> None:
        self.check_writable(item)
        self._rolled_back_on_rule(super().delete, item, commit, "delete")

    def delete_all(self, items: list[Any]) -> None:
        for item in items:
            self.check_writable(item)
        try:
            super().delete_all(items)
        except (SQLAlchemyError, DatabaseException) as exc:
            self.session.rollback()
            raise RuleViolation(explain_database_error(exc, items[0] if items else None, "delete")) from exc


def _remember_refusal(message: str) -> None:
    """FAB's forms flash a fixed "Database error" for any failed write: keep the sentence for them
    (views.base.ScopedViewMixin.database_error_message)."""
    from flask import g, has_request_context

    if has_request_context():
        g.ustaz_write_refused = message


def last_refusal() -> str | None:
    from flask import g, has_request_context

    return g.pop("ustaz_write_refused", None) if has_request_context() else None


class OpenFirstInterface(ScopedSQLAInterface):
    """Lists of things that wait for an answer (appeals, disputes): ordered by ``state`` means open
    ones first, by ``STATE_RANKS`` (unlisted states after), then by ``then()``. The order is an
    expression, not a column, so such lists page by numbers (they are short: what is still open)."""

    STATE_RANKS: dict[str, int] = {}

    def then(self) -> tuple:
        return (self.obj.id.desc(),)

    def apply_order_by(self, query, order_column: str, order_direction: str, aliases_mapping=None,
                       bypass_many_to_many: bool = False, add_pk: bool = False):
        if order_column != "state":
            return super().apply_order_by(query, order_column, order_direction, aliases_mapping=aliases_mapping,
                                          bypass_many_to_many=bypass_many_to_many, add_pk=add_pk)
        from sqlalchemy import asc, case, desc

        direction = asc if order_direction == "asc" else desc
        rank = case(self.STATE_RANKS, value=self.obj.state, else_=len(self.STATE_RANKS) + 1)
        return query.order_by(direction(rank), *self.then())

    def _seek_key(self, order_column: str):
        return None if order_column == "state" else super()._seek_key(order_column)
