"""Error responses: inside the app's layout, in the user's language, with a way back.

Every request gets an id (``X-Request-ID``); a server error is logged with it and the page shows
it, so a user's report leads straight to the log line. API paths answer JSON ``{"message": …}``.
A database refusal that slipped past the checks (a value the column cannot hold) is the
request's fault: 400, rolled back, nothing written.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, g, jsonify, render_template, request
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, InternalServerError

from app.i18n import _

log = logging.getLogger("ustaz.errors")

_INCOMING_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def request_id() -> str:
    rid = g.get("request_id")
    if rid is None:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex[:16]
        g.request_id = rid
    return rid


def _default_message(code: int) -> str:
    messages = {
        400: _("The request could not be processed: some of its values are not valid."),
        401: _("Please log in to continue."),
        403: _("You do not have access to this page or record."),
        404: _("The page or record was not found. It may have been deleted, or it is outside your area of responsibility."),
        405: _("This action cannot be done this way."),
        409: _("The record was changed by someone else; reload the page and try again."),
        413: _("The file or form is too large."),
        415: _("This kind of content is not accepted here."),
        422: _("Some values are not valid."),
        429: _("Too many attempts. Please wait and try again."),
    }
    return messages.get(code, _("Something went wrong on our side. Please try again later."))


def _titles(code: int) -> str:
    titles = {
        400: _("Invalid request"),
        401: _("Login required"),
        403: _("Access denied"),
        404: _("Not found"),
        405: _("Not allowed"),
        413: _("Too large"),
        429: _("Too many attempts"),
    }
    return titles.get(code, _("Error"))


def _is_ours(exc: HTTPException) -> bool:
    """Our own descriptions are translated sentences; werkzeug's defaults are English."""
    description = exc.description
    return bool(description) and description != type(exc).description


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json" and not request.accept_mimetypes.accept_html
    )


def error_response(code: int, message: str | None = None, *, headers=None):
    from app.extensions import db

    db.session.rollback()
    text = message or _default_message(code)
    rid = request_id()
    if _wants_json():
        body = {"message": text}
        if code >= 500:
            body["request_id"] = rid
        response = jsonify(body)
    else:
        response = _page(code, text, rid)
    response.status_code = code
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _page(code: int, message: str, rid: str):
    from flask import current_app, make_response

    if g.get("user") is None:  # the request failed before FAB's own hook set it
        from flask_login import current_user

        g.user = current_user
    context = {"code": code, "title": _titles(code), "message": message, "request_id": rid if code >= 500 else None}
    try:
        if _in_the_portal():  # a teacher's error stays in the teacher's layout: no admin menu
            html = render_template("portal/error.html", **context)
        else:
            appbuilder = current_app.appbuilder
            html = render_template("ustaz/error.html", appbuilder=appbuilder, base_template=appbuilder.base_template,
                                   **context)
    except Exception:  # the layout itself failed (database down): a bare page, still translated
        log.exception("error page layout failed [request %s]", rid)
        html = render_template("ustaz/error_bare.html", **context)
    return make_response(html)


def _in_the_portal() -> bool:
    from app.portal import is_portal_user

    return request.blueprint in ("portal", "account") or is_portal_user(g.get("user"))


def init_app(app: Flask) -> None:
    from tenants.scope import ScopeError

    @app.before_request
    def _assign_request_id() -> None:
        request_id()

    @app.after_request
    def _echo_request_id(response):
        response.headers["X-Request-ID"] = request_id()
        return response

    @app.errorhandler(ScopeError)
    def _scope_error(exc: ScopeError):
        return error_response(403, str(exc) or None)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        if exc.code >= 500:
            return _server_error(exc)
        headers = {k: v for k, v in exc.get_headers() if k.lower() in ("retry-after", "allow", "www-authenticate")}
        return error_response(exc.code, exc.description if _is_ours(exc) else None, headers=headers)

    @app.errorhandler(DataError)
    def _data_error(exc: DataError):
        log.warning("value refused by the database [request %s]: %s", request_id(), exc.orig)
        return error_response(400, _("A value is too long or out of range."))

    @app.errorhandler(StatementError)
    def _statement_error(exc: StatementError):
        if isinstance(exc, IntegrityError):
            log.warning("integrity error [request %s]: %s", request_id(), exc.orig)
            return error_response(409, _("The record conflicts with existing data (a duplicate or a missing link)."))
        if isinstance(exc.orig, (OverflowError, ValueError, TypeError)):
            log.warning("value refused [request %s]: %s", request_id(), exc.orig)
            return error_response(400, _("A value is too long or out of range."))
        return _server_error(exc)

    @app.errorhandler(OverflowError)
    def _overflow(exc: OverflowError):
        log.warning("number out of range [request %s]", request_id())
        return error_response(400, _("A number is out of range."))

    @app.errorhandler(RecursionError)
    def _recursion(exc: RecursionError):
        log.warning("input nested too deeply [request %s]", request_id())
        return error_response(400, _("The request is nested too deeply."))

    @app.errorhandler(Exception)
    def _server_error(exc: Exception):
        original = getattr(exc, "original_exception", None) or exc
        if isinstance(original, HTTPException) and not isinstance(original, InternalServerError):
            return _http_error(original)
        log.error("server error [request %s] %s %s", request_id(), request.method, request.path, exc_info=original)
        return error_response(500)


__all__ = ["BadRequest", "Forbidden", "error_response", "init_app", "request_id"]
