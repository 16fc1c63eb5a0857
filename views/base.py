"""Scoped bases for every view and API over tenant-owned data.

Reads are scoped by ``tenants.interface.ScopedSQLAInterface`` (list, show, edit, delete, actions,
API, dropdowns, search). Here we add what FAB leaves open: tenant stamping and checks on add and
edit, actions on objects the user cannot see (404), exports through the same scope, and FAB's
unscoped file download closed. Permissions are squashed to ``read`` / ``write`` per resource so
roles are short data (app/security/roles.py).
"""

from __future__ import annotations

import copy
import csv
import io
import logging
import sys
import threading
from typing import Any

from flask import abort, current_app, flash, redirect, request, send_file
from flask_appbuilder import ModelRestApi, ModelView, expose
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from werkzeug.exceptions import HTTPException
from wtforms.fields.core import UnboundField
from wtforms.widgets import html_params

from app.extensions import db
from app.i18n import _
from app.web.autocomplete import autocomplete_forms
from app.web.commit import commit_or_flash  # noqa: F401 - re-exported for the views
from app.web.display import shown_value
from app.web.redirects import origin_of_form, remember_origin
from tenants.interface import ScopedSQLAInterface, page_loads
from tenants.models import Tenant
from tenants.scope import ScopeError, can_read, can_write, current_scope, is_tenant_owned, tenant_in_scope
from views.loading import ParentRowFilter, loader_options

log = logging.getLogger("ustaz.api")

READ = "read"
WRITE = "write"

#: FAB method -> squashed permission. Actions add their own names in each view.
PERMISSION_MAP = {
    "list": READ,
    "show": READ,
    "export": READ,
    "download": READ,
    "get": READ,
    "get_list": READ,
    "info": READ,
    "add": WRITE,
    "edit": WRITE,
    "delete": WRITE,
    "post": WRITE,
    "put": WRITE,
    "import_file": WRITE,
    "action": READ,
    "action_post": READ,
}

EXPORT_MAX_ROWS = 50_000


def scope_refused() -> ScopeError:
    return ScopeError(_("This record is outside your area of responsibility."))


class TenantGuard:
    """Stamping and checks shared by the scoped ModelView and ModelRestApi."""

    datamodel: ScopedSQLAInterface

    def stamp_owner(self, item: Any) -> None:
        """A new row with no owner belongs to the acting user's home node."""
        if isinstance(item, Tenant) or not is_tenant_owned(type(item)):
            return
        if item.tenant is None and item.tenant_id is None:
            scope = current_scope()
            if scope.tenant_id is not None:
                item.tenant = db.session.get(Tenant, scope.tenant_id)

    def guard_relations(self, item: Any) -> None:
        """Every tenant-owned object the item points to must be readable by the acting user.

        Forms only offer scoped choices, but the REST API loads nested ids unscoped: a record
        could otherwise be attached to a teacher or an organization of another district.
        """
        scope = current_scope()
        state = sa_inspect(item)
        for relation in state.mapper.relationships:
            if relation.direction.name != "MANYTOONE" or not is_tenant_owned(relation.mapper.class_):
                continue
            if relation.key in ("tenant", "parent"):
                continue  # the owner itself: checked by can_write / tenant_in_scope
            history = state.attrs[relation.key].history
            for target in history.added or ():
                if target is not None and not can_read(target, scope):
                    self._refuse()

    def guard_add(self, item: Any) -> None:
        self.stamp_owner(item)
        self.guard_relations(item)
        if not can_write(item, current_scope()):
            self._refuse()

    def guard_update(self, item: Any) -> None:
        scope = current_scope()
        state = sa_inspect(item)
        previous: set[int] = set()
        for attr in ("tenant_id", "parent_id"):
            if attr in state.attrs:
                previous.update(v for v in state.attrs[attr].history.deleted if v is not None)
        for attr in ("tenant", "parent"):
            if attr in state.attrs:
                previous.update(v.id for v in state.attrs[attr].history.deleted if v is not None)
        if any(not tenant_in_scope(tenant_id, scope) for tenant_id in previous):
            self._refuse()
        self.guard_relations(item)
        if not can_write(item, scope):
            self._refuse()

    def guard_delete(self, item: Any) -> None:
        if not can_write(item, current_scope()):
            self._refuse()

    @staticmethod
    def _refuse() -> None:
        # The form has already been written into the object: drop it, then refuse.
        db.session.rollback()
        raise scope_refused()

    def pre_add(self, item: Any) -> None:
        self.guard_add(item)

    def pre_update(self, item: Any) -> None:
        self.guard_update(item)

    def pre_delete(self, item: Any) -> None:
        self.guard_delete(item)


class ScopedViewMixin(TenantGuard):
    """What every scoped admin view adds to FAB's: guarded actions, exports, no open download."""

    method_permission_name = PERMISSION_MAP
    page_size = 25
    #: list columns offered by the CSV/XLSX export (defaults to list_columns)
    export_columns: list[str] | None = None
    #: write column names (not labels) as the header, so the file can be imported back
    export_raw_header = False
    list_template = "ustaz/list.html"
    #: relation paths read with a page's rows besides those the columns name: what properties shown
    #: in the list / on the show page read (views/loading.py; the SQL budgets test holds it)
    list_loads: list[str] = []
    show_loads: list[str] = []

    @property
    def database_error_message(self) -> str:
        """What FAB flashes when a write fails: the rule's own sentence (a closed period, a registry
        record, a duplicate), not FAB's "Database error"."""
        from tenants.interface import last_refusal

        return last_refusal() or _("The record could not be saved.")

    def _init_properties(self) -> None:
        super()._init_properties()
        # FAB prints None, True and microsecond timestamps as Python does: show them as people write them.
        columns = set(self.list_columns or []) | set(self.show_columns or [])
        self.formatters_columns = {**{c: shown_value for c in columns}, **(self.formatters_columns or {})}
        # the rows of a page come with the relations it shows: no lazy load per row (views/loading.py)
        self._list_load_options = loader_options(self.datamodel.obj, [*(self.list_columns or []), *self.list_loads])
        self._show_load_options = loader_options(self.datamodel.obj, [*(self.show_columns or []), *self.show_loads])

    def _list(self, **kwargs):
        with page_loads(self.datamodel, self._list_load_options):
            return super()._list(**kwargs)

    def _get_view_widget(self, **kwargs):
        # the list of a related view on another record's show page
        with page_loads(self.datamodel, self._list_load_options):
            return super()._get_view_widget(**kwargs)

    def _show(self, pk):
        with page_loads(self.datamodel, self._show_load_options):
            return super()._show(pk)

    def _get_related_view_widget(self, item, related_view, order_column="", order_direction="", page=None,
                                 page_size=None):
        fk = related_view.datamodel.get_related_fk(self.datamodel.obj)
        if not related_view.datamodel.is_relation_many_to_one(fk):
            return super()._get_related_view_widget(item, related_view, order_column, order_direction, page, page_size)
        filters = related_view.datamodel.get_filters()
        filters.add_filter_related_view(fk, ParentRowFilter, self.datamodel.get_pk_value(item))
        return related_view._get_view_widget(filters=filters, order_column=order_column,
                                             order_direction=order_direction, page=page, page_size=page_size)

    def _get_show_widget(self, pk, item, *args, **kwargs):
        from flask import g

        g.ustaz_shown_item = item
        return super()._get_show_widget(pk, item, *args, **kwargs)

    def shown_item(self, pk: Any) -> Any:
        """The record the show page being rendered has loaded (with its relations), not a second query."""
        from flask import g

        item = g.get("ustaz_shown_item")
        if item is not None and str(self.datamodel.get_pk_value(item)) == str(pk):
            return item
        return self.datamodel.get(pk, self._base_filters)

    def _init_forms(self) -> None:
        from app.web.dates import localize_date_fields

        super()._init_forms()
        # dates in the language's format (31.12.2026) with a picker in the page's language
        for form in (self.add_form, self.edit_form, self.search_form):
            localize_date_fields(form)
        for form in (self.add_form, self.edit_form, self.search_form):
            blank_choices_blank(form)
        # relations to tables that grow are typed, not picked from a whole-table <select>
        autocomplete_forms(self)
        # Search fields start empty: FAB copies column defaults into them ("now", with microseconds).
        for name in dir(self.search_form):
            field = getattr(self.search_form, name, None)
            if isinstance(field, UnboundField) and field.kwargs.get("default") is not None:
                field.kwargs["default"] = None

    def _get_list_widget(self, filters, actions=None, order_column="", order_direction="", page=None, page_size=None,
                         widgets=None, **kwargs):
        """The HTML list: a capped count and keyset "Next" links past it (app/web/paging.py)."""
        from app.web import paging

        name = self.__class__.__name__
        raw = request.args.get(paging.cursor_arg(name))
        listing = paging.ListPage(view=name, after=paging.decode_cursor(raw) if raw else None,
                                  exact_limit=current_app.config.get("LIST_EXACT_COUNT_LIMIT", paging.LIST_EXACT_COUNT_LIMIT))
        token = paging.begin(listing)
        try:
            widgets = super()._get_list_widget(filters, actions=actions, order_column=order_column,
                                               order_direction=order_direction, page=page, page_size=page_size,
                                               widgets=widgets, paging=listing, **kwargs)
        finally:
            paging.end(token)
        listing.extra.update(paging.links(listing, page, page_size or self.page_size))
        return widgets

    def _add(self):
        if request.method == "GET":
            remember_origin()
        return super()._add()

    def _edit(self, pk):
        if request.method == "GET":
            remember_origin()
        return super()._edit(pk)

    def post_add_redirect(self):
        # back to the page the form was opened from (FAB's page history went to the list before last)
        target = origin_of_form()
        return redirect(target) if target else super().post_add_redirect()

    def post_edit_redirect(self):
        target = origin_of_form()
        return redirect(target) if target else super().post_edit_redirect()

    def _init_titles(self) -> None:
        # FAB's default titles are untranslated English ("Show Person"): use the list title.
        if self.list_title:
            self.show_title = self.show_title or self.list_title
            self.add_title = self.add_title or self.list_title
            self.edit_title = self.edit_title or self.list_title
        super()._init_titles()

    def render_template(self, template, **kwargs):
        # templates ask "may this user write here?" about the view's own resource
        kwargs.setdefault("resource", self.class_permission_name)
        page = super().render_template(template, **kwargs)
        if request.method == "POST" and template in (self.add_template, self.edit_template) and _refused(kwargs):
            # a refused form (a date that is none, a missing field) comes back with its reasons as 422
            from flask import make_response

            return make_response(page, 422)
        return page

    def _scoped_items(self, pks: list[str]) -> list[Any]:
        items = [self.datamodel.get(self._deserialize_pk_if_composite(pk)) for pk in pks]
        if not items or any(item is None for item in items):
            abort(404)
        return items

    @expose("/action/<string:name>/<pk>", methods=["GET", "POST"])
    def action(self, name: str, pk: Any):
        if not self.is_get_mutation_allowed():
            abort(405)
        if name not in self.actions:
            abort(404)
        permission = self.get_action_permission_name(name)
        if not self.appbuilder.sm.has_access(permission, self.class_permission_name):
            abort(403)
        (item,) = self._scoped_items([pk])
        return self.actions[name].func(item)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        name = request.form.get("action", "")
        if name not in self.actions:
            abort(404)
        permission = self.get_action_permission_name(name)
        if not self.appbuilder.sm.has_access(permission, self.class_permission_name):
            abort(403)
        items = self._scoped_items(request.form.getlist("rowid"))
        return self.actions[name].func(items if self.actions[name].multiple else items[0])

    @expose("/download/<string:filename>")
    @has_access
    def download(self, filename: str):
        # FAB serves any file of UPLOAD_FOLDER here, whoever owns it; files go through the
        # scoped download of their own record instead.
        abort(404)

    @expose("/export/<string:fmt>/")
    @has_access
    def export(self, fmt: str):
        """The current list (its search filters applied, inside the scope) as CSV or XLSX."""
        from flask_appbuilder.urltools import get_filter_args, get_order_args

        if fmt not in ("csv", "xlsx"):
            abort(404)
        get_filter_args(self._filters)
        order_column, order_direction = get_order_args().get(self.__class__.__name__, ("", ""))
        joined = self._filters.get_joined_filters(self._base_filters)
        columns = self.export_columns or self.list_columns
        # up to 50,000 rows: the relations the columns show come with them, not one query per row
        with page_loads(self.datamodel, loader_options(self.datamodel.obj, [*columns, *self.list_loads])):
            count, items = self.datamodel.query(
                joined,
                order_column,
                order_direction,
                page=0,
                page_size=EXPORT_MAX_ROWS,
                select_columns=None,
            )
        if count > EXPORT_MAX_ROWS:
            flash(_("Too many rows to export at once: narrow the search."), "warning")
            return redirect(self.get_redirect())
        if self.export_raw_header:
            header = list(columns)
        else:
            header = [str(self.label_columns.get(c, c)) for c in columns]
        rows = [[_cell(item, c) for c in columns] for item in items]
        name = f"{self.datamodel.obj.__tablename__}.{fmt}"
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerows(rows)
            data = io.BytesIO(("\ufeff" + buffer.getvalue()).encode("utf-8"))
            return send_file(data, mimetype="text/csv", as_attachment=True, download_name=name)
        from reports.xlsx import workbook_bytes

        data = workbook_bytes(header, rows)
        return send_file(
            data,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            as_attachment=True,
            download_name=name,
        )


class BlankChoiceSelect2Widget(Select2Widget):
    """FAB's select whose "no value" choice is blank: WTForms 3.3 writes an option's value where its
    label is empty, so FAB's optional relations offered a choice named "__None"."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.value == "__None" and not choice.label:
            options = {"value": choice.value, **(choice.render_kw or {}), **kwargs}
            if choice.selected:
                options["selected"] = True
            return Markup(f"<option {html_params(**options)}></option>")
        return super().render_option(choice, **kwargs)


def blank_choices_blank(form) -> None:
    """Give the selects of a FAB form class (its unbound fields) the widget above."""
    for name in dir(form):
        field = getattr(form, name, None)
        widget = field.kwargs.get("widget") if isinstance(field, UnboundField) else None
        if isinstance(widget, Select2Widget) and not isinstance(widget, BlankChoiceSelect2Widget):
            field.kwargs["widget"] = BlankChoiceSelect2Widget(extra_classes=widget.extra_classes, style=widget.style)


class RefreshWhileRunning:
    """A show page that reloads itself while its row is still at work (a job, a registry sync):
    ``ustaz/job_show.html`` adds the refresh when ``refresh`` is set."""

    show_template = "ustaz/job_show.html"
    #: the row's states in which the page keeps reloading
    running_states: tuple[str, ...] = ()

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        widgets = self._get_show_widget(pk, item)
        self.update_redirect()
        return self.render_template(self.show_template, pk=pk, title=self.show_title, widgets=widgets,
                                    related_views=self._related_views, refresh=item.state in self.running_states)


class ScopedModelView(ScopedViewMixin, ModelView):
    """The base of every admin view over Ustaz data."""


def _refused(kwargs: dict) -> bool:
    """Whether the add/edit page being rendered shows a submitted form's errors."""
    widgets = kwargs.get("widgets") or {}
    for widget in widgets.values():
        form = getattr(widget, "template_args", {}).get("form")
        if form is not None and form.errors:
            return True
    return False


def _cell(item: Any, column: str) -> Any:
    value = item
    for part in column.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (int, float)):
        return value
    return str(value)


class SchemaPerThread:
    """A FAB schema attribute that hands each thread its own copy of the API's schema.

    FAB builds one marshmallow schema per API, and marshmallow-sqlalchemy's ``load(instance=…)``
    keeps the record being loaded on the schema object itself: two PUTs at once would write into
    each other's record (seen as 12 failures in 200 concurrent writes). A shallow copy per thread
    gives each request its own ``instance`` while the fields stay shared (they hold no request state).
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.shared_name = f"_shared_{name}"
        self.local = threading.local()

    def __get__(self, view: Any, owner: type | None = None) -> Any:
        if view is None:
            return self
        shared = view.__dict__.get(self.shared_name)
        if shared is None:
            return None
        copies = self.local.__dict__.setdefault("copies", {})
        key = id(shared)
        if key not in copies or copies[key][0] is not shared:
            copies[key] = (shared, copy.copy(shared))
        return copies[key][1]

    def __set__(self, view: Any, schema: Any) -> None:
        view.__dict__[self.shared_name] = schema


class ScopedModelRestApi(TenantGuard, ModelRestApi):
    """The base of every REST API over Ustaz data: session (with CSRF) or JWT."""

    add_model_schema = SchemaPerThread()
    edit_model_schema = SchemaPerThread()

    method_permission_name = PERMISSION_MAP
    allow_browser_login = True
    # CSRF is enforced app-wide for cookie sessions (app/__init__.py); JWT calls skip it there.
    csrf_exempt = False
    max_page_size = 100

    def _guarded(self, handler, *args: Any, **kwargs: Any):
        from app.errors import RuleViolation

        try:
            return handler(*args, **kwargs)
        except ScopeError as exc:
            db.session.rollback()
            return self.response(403, message=str(exc))
        except RuleViolation as exc:
            db.session.rollback()
            return self.response_422(message=str(exc))
        except IntegrityError:
            db.session.rollback()
            return self.response_422(message=_("The record conflicts with existing data (a duplicate or a missing link)."))

    # FAB's @safe turns every exception into "500 Fatal error" and its messages are English:
    # map what is the request's fault to 4xx, and say everything in the user's language.
    def response_400(self, message=None):
        exc = sys.exc_info()[1]
        if isinstance(exc, HTTPException) and exc.description and exc.description != type(exc).description:
            message = exc.description
        return self.response(400, message=message if isinstance(message, (dict, list)) else _default_api_message(400, message))

    def response_404(self):
        return self.response(404, message=_default_api_message(404))

    def response_401(self):
        return self.response(401, message=_default_api_message(401))

    def response_403(self):
        return self.response(403, message=_default_api_message(403))

    def response_500(self, message=None):
        from app.web.errors import request_id

        exc = sys.exc_info()[1]
        db.session.rollback()
        if isinstance(exc, (OverflowError, RecursionError, DataError)) or (
            isinstance(exc, StatementError) and isinstance(exc.orig, (OverflowError, ValueError, TypeError))
        ):
            return self.response(400, message=_("A value is too long or out of range."))
        log.error("API server error [request %s] %s %s", request_id(), request.method, request.path, exc_info=exc)
        return self.response(500, message=_("Something went wrong on our side. Please try again later."), request_id=request_id())

    def post_headless(self):
        return self._guarded(super().post_headless)

    def put_headless(self, pk):
        return self._guarded(super().put_headless, pk)

    def delete_headless(self, pk):
        return self._guarded(super().delete_headless, pk)


def _default_api_message(code: int, message: str | None = None) -> str:
    from app.web.errors import _default_message

    # FAB's own English defaults ("Arguments are not correct", "Not found") are replaced.
    if message and not message.startswith(("Arguments are not correct", "Not a valid rison", "Request is not JSON")):
        return message
    return _default_message(code)
