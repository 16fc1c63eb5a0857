"""The inbox (/inbox/), its REST API and the unread badge in the header.

A notification is its recipient's only: the page, the API (base filter) and the mark-read
endpoints all filter on the current user's id, whatever the role. The language the user picks
(/lang/<code>) is remembered on the account, so that e-mails are written in it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.models.sqla.filters import FilterEqualFunction
from flask_appbuilder.security.decorators import has_access
from sqlalchemy import func, select, update

from app.extensions import db
from app.i18n import SUPPORTED_LOCALES, _, _l
from app.notifications import mark_read, unread_count
from app.notifications.messages import render
from app.web.display import shown_value
from app.web.params import int_arg
from models.base import utcnow
from models.notification import Notification
from tenants.interface import ScopedSQLAInterface
from views.base import PERMISSION_MAP, ScopedModelRestApi

PAGE_SIZE = 25
#: the badge counts up to this and shows "99+" beyond: the count stays cheap for anyone
BADGE_LIMIT = 100


def current_user_id() -> int | None:
    user = g.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.id


def _own_id() -> int:
    # base filter value: no user matches no row (ids are positive)
    return current_user_id() or -1


def _safe_link(link: str | None) -> str | None:
    """Only paths of this site: a stored link never sends anyone elsewhere."""
    if link and link.startswith("/") and not link.startswith("//") and "\\" not in link:
        return link
    return None


class InboxView(BaseView):
    route_base = "/inbox"
    class_permission_name = "Notification"
    method_permission_name = {"list": "read", "mark": "write", "mark_all": "write"}
    base_permissions = ["can_read", "can_write"]
    default_view = "list"

    @expose("/")
    @has_access
    def list(self):
        user_id = current_user_id()
        total = db.session.execute(
            select(func.count(Notification.id)).where(Notification.user_id == user_id)
        ).scalar_one()
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(int_arg("page", minimum=1, maximum=10_000, default=1, label=_("Page")), pages)
        items = db.session.execute(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).scalars().all()
        rows = [
            {"id": n.id, "subject": subject, "body": body, "when": shown_value(n.created_on),
             "unread": n.read_on is None}
            for n in items
            for subject, body in [render(n)]
        ]
        return self.render_template(
            "ustaz/inbox.html", rows=rows, page=page, pages=pages, total=total,
            unread=unread_count(user_id), title=_("Notifications"),
        )

    @expose("/read/<int:pk>", methods=["POST"])
    @has_access
    def mark(self, pk: int):
        """Mark one of the user's notifications read and open what it is about."""
        notification = db.session.get(Notification, pk)
        if notification is None or notification.user_id != current_user_id():
            abort(404)  # another user's notification does not exist for this one
        if notification.read_on is None:
            notification.read_on = utcnow()
            db.session.commit()
        return redirect(_safe_link(notification.link) or url_for(".list"))

    @expose("/read-all", methods=["POST"])
    @has_access
    def mark_all(self):
        changed = mark_read(current_user_id())
        db.session.commit()
        if changed:
            flash(_("All notifications are marked as read."), "success")
        return redirect(url_for(".list"))


class NotificationApi(ScopedModelRestApi):
    """GET only: the user's own notifications, with their text in the request's language."""

    resource_name = "notification"
    class_permission_name = "Notification"
    datamodel = ScopedSQLAInterface(Notification)
    include_route_methods = {"get", "get_list", "info"}
    method_permission_name = PERMISSION_MAP
    # not tenant-owned, so the tenant scope does not filter it: this filter does
    base_filters = [["user_id", FilterEqualFunction, _own_id]]
    base_order = ("id", "desc")
    list_columns = ["id", "kind", "params", "link", "created_on", "read_on"]
    show_columns = list_columns
    order_columns = ["id", "created_on", "read_on"]
    search_columns = ["kind", "created_on", "read_on"]
    label_columns = {
        "kind": _l("Kind"), "params": _l("Details"), "link": _l("Link"), "created_on": _l("Created"),
        "read_on": _l("Read"),
    }

    def pre_get_list(self, data: dict[str, Any]) -> None:
        for row in data.get("result") or []:
            _add_text(row)

    def pre_get(self, data: dict[str, Any]) -> None:
        _add_text(data.get("result") or {})


def _add_text(row: dict[str, Any]) -> None:
    if "kind" in row:
        row["subject"], row["body"] = render(row["kind"], row.get("params") or {})


def unread_badge() -> str:
    """The header's unread count ("" for none, "99+" beyond): one bounded COUNT, once per request."""
    if "_ustaz_unread" not in g:
        user_id = current_user_id()
        g._ustaz_unread = unread_count(user_id, limit=BADGE_LIMIT) if user_id else 0
    count = g._ustaz_unread
    if not count:
        return ""
    return "99+" if count >= BADGE_LIMIT else str(count)


def _remember_locale(app: Flask) -> None:
    """The language picked with /lang/<code> is kept on the account: e-mails are written in it."""

    @app.after_request
    def _store_locale(response):
        if request.endpoint != "LocaleView.index" or response.status_code >= 400:
            return response
        user_id, locale = current_user_id(), session.get("locale")
        if user_id and locale in SUPPORTED_LOCALES and getattr(g.user, "locale", None) != locale:
            from app.security.models import User

            db.session.execute(
                update(User).where(User.id == user_id).values(locale=locale)
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
        return response


def register_notification_views(appbuilder) -> None:
    appbuilder.add_view_no_menu(InboxView)
    appbuilder.add_api(NotificationApi)
    app = current_app._get_current_object()  # registration runs inside create_app's app context
    app.jinja_env.globals["unread_badge"] = unread_badge
    _remember_locale(app)
