"""The teacher portal: a plain blueprint at /portal/ with lean, mobile-first templates and no admin menu.

Teachers (users whose every role is self-only) land here after login and never reach an admin list:
the staff pages they could open are sent to their portal counterparts (``STAFF_TO_PORTAL``); the few
staff endpoints a teacher still needs (file downloads, self-service, login and logout) stay open.
"""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, url_for
from flask_login import current_user

portal = Blueprint("portal", __name__, url_prefix="/portal", template_folder="../templates/portal")

#: staff endpoints a teacher may open as they are (downloads, account self-service, the session)
TEACHER_STAFF_ENDPOINTS = frozenset({
    "CertificateFileView.pdf", "ProfileView.file", "LocaleView.index", "UserInfoEditView.this_form_get",
    "UserInfoEditView.this_form_post", "ResetMyPasswordView.this_form_get", "ResetMyPasswordView.this_form_post",
    "UstazAuthDBView.login", "UstazAuthDBView.logout", "AuthDBView.login", "AuthDBView.logout",
    "InboxView.mark", "InboxView.mark_all", "ObservationSheetView.feedback",
})
#: a staff page -> the portal page showing the same thing (its URL arguments carried over)
STAFF_TO_PORTAL = {
    "HomeView.index": ("portal.home", ()),
    "ProfileView.me": ("portal.profile", ()),
    "ProfileView.show": ("portal.profile", ()),
    "ProfileView.completeness": ("portal.profile", ()),
    "ApplicationView.show": ("portal.application", (("pk", "application_id"),)),
    "ApplicationView.apply": ("portal.apply", ()),
    "ApplicationView.list": ("portal.results", ()),
    "ObservationSheetView.show": ("portal.sheet", (("pk", "sheet_id"),)),
    "ObservationSheetView.list": ("portal.observations", ()),
    "CertificateView.show": ("portal.results", ()),
    "CertificateView.list": ("portal.results", ()),
    "InboxView.list": ("portal.notifications", ()),
}


def is_portal_user(user) -> bool:
    """A teacher: linked to a person, and every role sees only that person's own rows."""
    from app.security.roles import ROLE_DEFINITIONS

    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "person_id", None) is None:
        return False
    names = [role.name for role in getattr(user, "roles", [])]
    return bool(names) and all(n in ROLE_DEFINITIONS and ROLE_DEFINITIONS[n].self_only for n in names)


def _keep_teachers_in_the_portal():
    """A teacher's GET of a staff page goes to the portal's page for the same thing. Their POSTs to
    staff endpoints are left to the permissions (a form posted from an older tab still works)."""
    if request.method not in ("GET", "HEAD") or request.routing_exception is not None:
        return None  # a 404 or 405 stays what it is
    endpoint = request.endpoint or ""
    if (endpoint.startswith(("portal.", "verify.", "account.")) or endpoint == "static"
            or endpoint.endswith(".static") or request.path.startswith("/api/")):
        return None
    if endpoint in TEACHER_STAFF_ENDPOINTS or not is_portal_user(current_user):
        return None
    target, carried = STAFF_TO_PORTAL.get(endpoint, ("portal.home", ()))
    values = {}
    for source, name in carried:
        raw = (request.view_args or {}).get(source)
        if raw is None or not str(raw).isascii() or not str(raw).isdigit() or len(str(raw)) > 12:
            return redirect(url_for("portal.home"))
        values[name] = int(raw)
    return redirect(url_for(target, **values))


def init_app(app: Flask) -> None:
    from app.portal import accounts, views  # noqa: F401 - routes

    app.register_blueprint(portal)
    app.register_blueprint(accounts.account)
    # after FAB's own before_request hooks (g.user is set): create_app registers the portal last
    app.before_request(_keep_teachers_in_the_portal)
