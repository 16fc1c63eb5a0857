"""Announcements (app/announcements) for the staff who write them: the list with delivery counts, the
form of a draft (the recipients' node typed, never a <select> of every node; the author's home node by
default), its page with how many users it would reach, and "send", which starts the delivery job.

An announcement is owned by the node whose users receive it, so the scope shows it to that node's
staff and those above. Drafts only are edited or deleted; sending is a POST ("write" on the resource).
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, url_for
from flask_appbuilder import expose
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, Select2Widget
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup, escape
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import TextArea

from app import announcements as ops
from app.announcements.rules import has_control_characters, role_choices, role_label
from app.errors import RuleViolation
from app.extensions import db
from app.i18n import _, _l
from app.web.commit import commit_or_flash
from models.announcement import BODY_MAX, DRAFT, FAILED, SENDING, SENT, STATES, TITLE_MAX, Announcement
from tenants.interface import ScopedSQLAInterface
from tenants.models import Tenant
from tenants.scope import current_scope
from views.base import PERMISSION_MAP, ScopedModelView

STATE_LABELS = {
    DRAFT: _l("Draft"),
    SENDING: _l("Being delivered"),
    SENT: _l("Delivered"),
    FAILED: _l("Delivery stopped"),
}

LABELS = {
    "title": _l("Title"),
    "body": _l("Text"),
    "body_shown": _l("Text"),
    "tenant": _l("Recipients' area"),
    "role": _l("Recipients' role"),
    "role_label": _l("Recipients' role"),
    "state": _l("State"),
    "state_label": _l("State"),
    "delivery": _l("Delivered"),
    "recipients_total": _l("Recipients"),
    "delivered": _l("Delivered to inboxes"),
    "emailed": _l("Sent by e-mail"),
    "author_name": _l("Author"),
    "sender_node": _l("From"),
    "created_on": _l("Written on"),
    "sent_on": _l("Sent on"),
    "delivered_on": _l("Delivered on"),
    "job_link": _l("Background job"),
}


def state_label(state: str | None) -> str:
    return str(STATE_LABELS.get(state or DRAFT, STATE_LABELS[DRAFT]))


def _body_shown(item: Announcement) -> Markup:
    # plain text as written: escaped, its line breaks kept
    return Markup('<div style="white-space:pre-line">%s</div>') % escape(item.body or "")


def _delivery(item: Announcement) -> str:
    if item.state == DRAFT:
        return ""
    return f"{item.delivered} / {max(item.recipients_total, item.delivered)}"


def _job_link(item: Announcement) -> Markup:
    from app.web.display import numbered_link

    return numbered_link("JobView.show", item.job_id)


Announcement.state_label = property(lambda self: state_label(self.state))
Announcement.role_label = property(lambda self: role_label(self.role))
Announcement.body_shown = property(_body_shown)
Announcement.delivery = property(_delivery)
Announcement.job_link = property(_job_link)


def _no_control_characters(form: Any, field: Any) -> None:
    if field.data and has_control_characters(field.data):
        raise ValidationError(_("The text contains invisible control characters; remove them."))


class LongTextWidget(TextArea):
    """A text area tall enough for a letter (FAB's is fixed at three rows)."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.update({"class": "form-control", "rows": 10})
        return super().__call__(field, **kwargs)


def _home_node() -> Tenant | None:
    """The add form's default: the author's whole area (none outside a request: forms built by checks)."""
    from flask import g, has_request_context

    if not has_request_context() or getattr(g, "user", None) is None:
        return None
    tenant_id = current_scope().tenant_id
    return db.session.get(Tenant, tenant_id) if tenant_id is not None else None


def _state_choices() -> list[tuple[str, str]]:
    return [(state, state_label(state)) for state in STATES]


FORM_FIELDS = {
    "role": SelectField(_l("Recipients' role"), choices=role_choices, widget=Select2Widget(),
                        description=_l("Everyone in the area, or only the users holding one role.")),
    "title": StringField(_l("Title"), widget=BS3TextFieldWidget(),
                         validators=[DataRequired(), Length(max=TITLE_MAX), _no_control_characters]),
    "body": TextAreaField(_l("Text"), widget=LongTextWidget(),
                          validators=[DataRequired(), Length(max=BODY_MAX), _no_control_characters],
                          description=_l("Plain text; line breaks are kept.")),
}


class AnnouncementView(ScopedModelView):
    datamodel = ScopedSQLAInterface(Announcement)
    class_permission_name = "Announcement"
    method_permission_name = {**PERMISSION_MAP, "send": "write"}
    base_permissions = ["can_read", "can_write"]
    exclude_route_methods = {"action", "action_post"}
    show_template = "ustaz/announcement_show.html"
    list_title = _l("Announcements")
    show_title = _l("Announcement")
    add_title = _l("New announcement")
    edit_title = _l("Edit the announcement")
    list_columns = ["title", "tenant", "role_label", "state_label", "delivery", "sent_on", "author_name"]
    show_columns = ["title", "body_shown", "tenant", "role_label", "state_label", "recipients_total", "delivered",
                    "emailed", "author_name", "sender_node", "created_on", "sent_on", "delivered_on", "job_link"]
    add_columns = ["tenant", "role", "title", "body"]
    edit_columns = add_columns
    search_columns = ["title", "state", "created_on", "sent_on"]
    search_form_extra_fields = {"state": SelectField(_l("State"), choices=_state_choices)}
    add_form_extra_fields = FORM_FIELDS
    edit_form_extra_fields = FORM_FIELDS
    description_columns = {"tenant": _l("Every active user of this node and of everything under it receives it.")}
    order_columns = ["title", "created_on", "sent_on"]
    base_order = ("id", "desc")
    label_columns = LABELS
    show_loads = ["sender_node"]

    def _init_forms(self) -> None:
        super()._init_forms()
        # the author's whole area unless they narrow it (autocomplete_forms kept the field's default)
        self.add_form.tenant.kwargs["default"] = _home_node

    # FAB's form writes into the row, then these check it (app/announcements owns the rules) ---------
    def pre_add(self, item: Announcement) -> None:
        self._prepared(item)
        super().pre_add(item)

    def pre_update(self, item: Announcement) -> None:
        self._prepared(item)  # refuses a sent one: only drafts change
        super().pre_update(item)

    def pre_delete(self, item: Announcement) -> None:
        if item.state != DRAFT:
            raise RuleViolation(_("A sent announcement stays: only drafts are deleted."))
        super().pre_delete(item)

    @staticmethod
    def _prepared(item: Announcement) -> None:
        try:
            ops.prepare(item, g.user)
        except RuleViolation:
            db.session.rollback()
            raise

    def post_add(self, item: Announcement) -> None:
        g.ustaz_new_announcement = item.id

    def post_add_redirect(self):
        # the new draft's page: how many it reaches, and "send" (a refused form goes back as FAB does)
        new_id = g.pop("ustaz_new_announcement", None)
        return redirect(url_for(".show", pk=new_id)) if new_id else super().post_add_redirect()

    @expose("/send/<int:pk>", methods=["POST"])
    @has_access
    def send(self, pk: int):
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        sent = commit_or_flash(lambda: ops.send(item, g.user),
                               _("The announcement is being delivered: the job below shows how far it is."))
        if sent:
            job_id = db.session.get(Announcement, pk).job_id
            if job_id:
                return redirect(url_for("JobView.show", pk=job_id))
        return redirect(url_for(".show", pk=pk))

    def render_template(self, template, **kwargs):
        if template == self.show_template and kwargs.get("pk") is not None:
            item = self.shown_item(kwargs["pk"])
            if item is not None:
                may_send = item.state in ops.SENDABLE and bool(
                    self.appbuilder.sm.has_access("can_write", self.class_permission_name))
                kwargs["announcement_state"] = item.state
                kwargs["may_send"] = may_send
                kwargs["reach"] = ops.preview_count(item, g.user) if may_send else None
        return super().render_template(template, **kwargs)


def register_announcement_views(appbuilder, add) -> None:
    service = ("ServiceMenu", _l("Service"), "fa-cogs")
    add(AnnouncementView, "Announcements", _l("Announcements"), "fa-bullhorn", *service)
