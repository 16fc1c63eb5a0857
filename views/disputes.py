"""Disputes of registry values (app/integrations/disputes.py) for the staff who answer them, the
dispute action on the pages of teachers and nodes whose values came from a registry, and the REST
resource ``registry-dispute`` (read only).

A dispute is owned by the node of its registry's data owner, so the scope shows it to that node's
staff and those above; taking it into review and answering are POSTs of its page ("write" on the
"Dispute" resource), never FAB's generic forms.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.security.decorators import has_access
from markupsafe import Markup
from wtforms import SelectField

from app.i18n import _, _l
from app.integrations import disputes as ops
from app.integrations.labels import REGISTRY_LABELS, registry_label
from app.web.commit import commit_or_flash
from app.web.display import shown_datetime
from app.web.params import read_choice, text_field
from models.integration import RegistryDispute
from tenants.interface import OpenFirstInterface, ScopedSQLAInterface
from tenants.scope import can_read, current_scope
from views.base import PERMISSION_MAP, ScopedModelRestApi, ScopedModelView

SENT = _l("Your dispute has been sent to the keeper of the registry's data: you will be notified of the answer.")

LABELS = {
    "id": "#",
    "state_label": _l("State"),
    "state": _l("State"),
    "registry_label": _l("Registry"),
    "source": _l("Registry"),
    "record_label": _l("Disputed record"),
    "record_link": _l("Disputed record"),
    "record_type": _l("Kind of record"),
    "field_label": _l("Disputed value"),
    "person": _l("Teacher"),
    "text": _l("What is wrong"),
    "filed_by_name": _l("Filed by"),
    "created_on": _l("Filed on"),
    "tenant": _l("Data owner"),
    "answer": _l("Answer"),
    "answered_by_name": _l("Answered by"),
    "answered_on": _l("Answered on"),
}


def _record_view(record_type: str | None):
    from views.audit import _view_for_table

    return _view_for_table(record_type)


def record_kind(record_type: str | None) -> str:
    """What kind of record a table holds, in words (its page's title)."""
    view = _record_view(record_type)
    title = (view.show_title or view.list_title) if view is not None else None
    return str(title) if title else _("Record")


def record_label(dispute: RegistryDispute) -> str:
    return f"{record_kind(dispute.record_type)} #{dispute.record_id}"


def field_label(record_type: str | None, field: str | None) -> str:
    """The disputed column as its record's page names it."""
    if not field:
        return ""
    view = _record_view(record_type)
    labels = getattr(view, "label_columns", None) or {}
    label = labels.get(field) or labels.get(field.removesuffix("_id"))
    return str(label) if label else _("Other value")


def record_link(dispute: RegistryDispute) -> Markup | str:
    view = _record_view(dispute.record_type)
    if view is None:
        return record_label(dispute)
    return Markup('<a href="%s">%s</a>') % (url_for(f"{view.endpoint}.show", pk=dispute.record_id),
                                             record_label(dispute))


RegistryDispute.state_label = property(lambda self: ops.state_label(self.state))
RegistryDispute.registry_label = property(lambda self: registry_label(self.source))
RegistryDispute.record_label = property(record_label)
RegistryDispute.record_link = property(record_link)
RegistryDispute.field_label = property(lambda self: field_label(self.record_type, self.field))


def _state_choices() -> list[tuple[str, str]]:
    return [(state, ops.state_label(state)) for state in ops.STATES]


def _registry_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in REGISTRY_LABELS.items()]


def _record_type_choices() -> list[tuple[str, str]]:
    return sorted(((table, record_kind(table)) for table in ops.record_models()), key=lambda c: c[1])


class DisputeInterface(OpenFirstInterface):
    """Ordered by state means open disputes first (filed, then in review), the newest first within."""

    STATE_RANKS = {ops.FILED: 0, ops.IN_REVIEW: 1}


class RegistryDisputeView(ScopedModelView):
    datamodel = DisputeInterface(RegistryDispute)
    class_permission_name = "Dispute"
    method_permission_name = {**PERMISSION_MAP, "review": "write", "answer": "write"}
    base_permissions = ["can_read", "can_write"]
    # a dispute is filed from the record's page and answered through its operations, never FAB's forms
    exclude_route_methods = {"add", "edit", "delete", "action", "action_post"}
    show_template = "ustaz/dispute_show.html"
    list_title = _l("Disputes of registry values")
    show_title = _l("Dispute of a registry value")
    list_columns = ["id", "state_label", "registry_label", "record_label", "person", "created_on", "tenant"]
    show_columns = ["id", "state_label", "registry_label", "record_link", "field_label", "person", "text",
                    "filed_by_name", "created_on", "tenant", "answer", "answered_by_name", "answered_on"]
    search_columns = ["state", "source", "record_type", "created_on"]
    search_form_extra_fields = {
        "state": SelectField(_l("State"), choices=_state_choices),
        "source": SelectField(_l("Registry"), choices=_registry_choices),
        "record_type": SelectField(_l("Kind of record"), choices=_record_type_choices),
    }
    order_columns = ["id", "state", "created_on", "answered_on"]
    base_order = ("state", "asc")
    label_columns = LABELS

    def _dispute(self, pk: int) -> RegistryDispute:
        dispute = self.datamodel.get(pk)
        if dispute is None:
            abort(404)
        return dispute

    @expose("/review/<int:pk>", methods=["POST"])
    @has_access
    def review(self, pk: int):
        dispute = self._dispute(pk)
        commit_or_flash(lambda: ops.take_into_review(dispute, g.user),
                        _("The dispute is in review; the teacher has been told."))
        return redirect(url_for(".show", pk=pk))

    @expose("/answer/<int:pk>", methods=["POST"])
    @has_access
    def answer(self, pk: int):
        dispute = self._dispute(pk)
        decision = read_choice(request.form.get("decision"), ("accept", "reject"), label=_("Decision"))
        text = text_field("answer", max_length=ops.MAX_TEXT, required=True, label=_("Answer"))
        commit_or_flash(lambda: ops.answer(dispute, g.user, decision == "accept", text),
                        lambda: _("The dispute is answered (%(state)s); the teacher and whoever filed it have been "
                                  "told.", state=ops.state_label(dispute.state).lower()))
        return redirect(url_for(".show", pk=pk))

    def render_template(self, template, **kwargs):
        if template == self.show_template and kwargs.get("pk") is not None:
            dispute = self.shown_item(kwargs["pk"])
            if dispute is not None:
                kwargs["dispute_state"] = dispute.state
                kwargs["may_answer"] = dispute.state in ops.OPEN_STATES and ops.may_answer(g.user, dispute)
        return super().render_template(template, **kwargs)


# The dispute action of pages whose rows came from a registry ---------------------------------------
def dispute_rows(record_type: str, record_id: int) -> list[dict[str, Any]]:
    """The disputes of one record as its page lists them, each linked for those who read it there."""
    may_open = bool(current_app.appbuilder.sm.has_access("can_read", "Dispute"))
    scope = current_scope()
    rows = []
    for dispute in ops.disputes_of(record_type, [record_id]).get(record_id, []):
        rows.append({
            "state": ops.state_label(dispute.state), "open": dispute.state in ops.OPEN_STATES,
            "filed_on": shown_datetime(dispute.created_on), "filed_by": dispute.filed_by_name or "",
            "field": field_label(record_type, dispute.field), "text": dispute.text, "answer": dispute.answer or "",
            "answered_on": shown_datetime(dispute.answered_on),
            "url": url_for("RegistryDisputeView.show", pk=dispute.id) if may_open and can_read(dispute, scope)
            else None,
        })
    return rows


class RegistryValueDisputes:
    """For a view over persons or nodes: their page says which registry the values came from, lists
    their disputes and offers the dispute form (the reader action "dispute" of the view's resource)."""

    show_template = "ustaz/registry_value_show.html"
    #: the columns a dispute may name
    disputed_fields: tuple[str, ...] = ()

    @expose("/dispute/<int:pk>", methods=["POST"])
    @has_access
    def dispute(self, pk: int):
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        text = text_field("note", max_length=ops.MAX_TEXT, label=_("What is wrong"))
        field = request.form.get("field") or None
        if field is not None:
            field = read_choice(field, self.disputed_fields, label=_("Disputed value"))
        if not text:
            flash(_("Write what is wrong with this value."), "danger")
        else:
            commit_or_flash(lambda: ops.file_dispute(item, text, g.user, field), str(SENT))
        return redirect(url_for(".show", pk=pk))

    def render_template(self, template, **kwargs):
        if template == self.show_template and kwargs.get("pk") is not None:
            item = self.shown_item(kwargs["pk"])
            if item is not None and ops.is_registry(getattr(item, "source", None)):
                kwargs["registry_value"] = {
                    "registry": registry_label(item.source), "collected_on": shown_datetime(item.collected_on),
                    "fields": [(f, field_label(item.__tablename__, f)) for f in self.disputed_fields],
                    "disputes": dispute_rows(item.__tablename__, item.id),
                }
        return super().render_template(template, **kwargs)


# REST ----------------------------------------------------------------------------------------------
class RegistryDisputeApi(ScopedModelRestApi):
    """GET only: the disputes in the caller's scope, their state and registry also in words."""

    resource_name = "registry-dispute"
    class_permission_name = "Dispute"
    datamodel = ScopedSQLAInterface(RegistryDispute)
    include_route_methods = {"get", "get_list", "info"}
    # the page writes this resource: FAB's permission sync keeps a resource's permissions of every view
    base_permissions = ["can_read", "can_write"]
    list_columns = show_columns = ["id", "source", "record_type", "record_id", "person_id", "field", "text", "state",
                                   "answer", "filed_by_name", "created_on", "answered_by_name", "answered_on",
                                   "tenant.id"]
    order_columns = ["id", "created_on", "answered_on", "state"]
    search_columns = ["source", "state", "record_type", "person_id", "created_on"]
    base_order = ("id", "desc")

    def pre_get_list(self, data: dict[str, Any]) -> None:
        for row in data.get("result") or []:
            _add_words(row)

    def pre_get(self, data: dict[str, Any]) -> None:
        _add_words(data.get("result") or {})


def _add_words(row: dict[str, Any]) -> None:
    if "state" in row:
        row["state_label"] = ops.state_label(row["state"])
    if "source" in row:
        row["registry_label"] = registry_label(row["source"])


def register_dispute_views(appbuilder, add) -> None:
    portfolio = ("DigitalProfileMenu", _l("Digital profile"), "fa-id-card")
    add(RegistryDisputeView, "RegistryDisputes", _l("Disputes of registry values"), "fa-flag", *portfolio)
    appbuilder.add_api(RegistryDisputeApi)
