"""The choices of autocomplete fields: ``GET /autocomplete/<view>/<form>/<column>/?q=…&page=…``.

Answers select2's format, ``{"results": [{"id", "text"}], "pagination": {"more"}}``, one page of
at most lookup.PAGE_SIZE rows, through the scope and the view's relation filters (app.web.lookup).
Opened by whoever may open the form itself: the view's list permission for its search form, add
or edit for those. A bad request (unknown form, a non-number page, a term too long) is a 4xx with a
sentence, never a 500.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from flask_appbuilder import BaseView, expose
from flask_login import current_user

from app.web import lookup
from app.web.autocomplete import METHODS, source_of
from app.web.errors import _default_message


def _answer(code: int, message: str | None = None):
    response = jsonify(message=message or _default_message(code))
    response.status_code = code
    return response


def _view_named(name: str) -> Any:
    for view in current_app.appbuilder.baseviews:
        if type(view).__name__ == name:
            return view
    return None


def _may_open(view: Any, form_name: str) -> bool:
    method = METHODS[form_name]
    try:
        permission = f"can_{view.get_method_permission(method)}"  # as FAB's @has_access names it
    except AttributeError:
        return False
    return permission in view.base_permissions and bool(
        current_app.appbuilder.sm.has_access(permission, view.class_permission_name))


def _page() -> int | None:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or len(raw) > 4:
        return None
    page = int(raw)
    return page if 1 <= page <= lookup.MAX_PAGE else None


class AutocompleteView(BaseView):
    route_base = "/autocomplete"
    default_view = "options"

    @expose("/<view>/<form>/<column>/")
    def options(self, view: str, form: str, column: str):
        if not current_user.is_authenticated:
            return _answer(401)
        target = _view_named(view)
        source = source_of(target, form, column) if target is not None and form in METHODS else None
        if source is None or METHODS[form] in (getattr(target, "exclude_route_methods", None) or set()):
            # no such field, or a form the view never shows (applications change only through their steps)
            return _answer(404)
        if not _may_open(target, form):
            return _answer(403)
        term, page = request.args.get("q", ""), _page()
        if page is None or len(term) > lookup.MAX_TERM or "\x00" in term:
            return _answer(400)
        rows, more = source.search(term, page)
        return jsonify(results=[{"id": row.id, "text": lookup.label(row)} for row in rows],
                       pagination={"more": more})
