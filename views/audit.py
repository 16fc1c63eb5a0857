"""The audit trail, read-only, scoped like the objects it describes.

Stored codes (actions, table and column names) are shown with the labels of the views that
manage those records, in the user's language; changes as a before / after table whose values are
shown as on the record's own pages: codes in words (the label modules, the form's choices), linked
records by name, dates as dd.mm.yyyy and times to the minute in local time, stored structures as
"label: value" text, never JSON or a Python repr.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import inspect as sa_inspect

from app.audit import masked_changes
from app.i18n import _, _l
from app.web import readable
from models.audit import AuditRecord
from tenants.interface import ScopedSQLAInterface
from views.base import ScopedModelView

ACTION_LABELS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "login_failed": _l("Failed sign-in"),
    "registry_sync": _l("Written by a registry sync"),
    "registry_lookup": _l("Looked up in a registry"),
}
#: records without a view of their own in the menu
OBJECT_LABELS = {
    "ab_user": _l("User account"),
    "user_session": _l("Session"),
    "ab_role": _l("Role"),
}


def _view_for_table(table: str | None):
    """The view managing a table's records (built once per app: the views do not change)."""
    views = current_app.extensions.get("ustaz_views_by_table")
    if views is None:
        views = {}
        for view in current_app.appbuilder.baseviews:
            model = getattr(getattr(view, "datamodel", None), "obj", None)
            if isinstance(view, ScopedModelView) and hasattr(model, "__tablename__"):
                views.setdefault(model.__tablename__, view)
        current_app.extensions["ustaz_views_by_table"] = views
    return views.get(table)


#: integer copies of the owner's place in the tree (no relationship of their own)
TENANT_COPIES = {"district_id", "region_id"}
#: what older versions stored as the object's name when its class had no __str__
DEFAULT_REPR = re.compile(r"^<[\w.]+ object at 0x[0-9a-fA-F]+>$")


def _code_labels() -> dict[tuple[str | None, str], Callable[[Any], str]]:
    """Columns holding codes -> the label function of that concept (table None: any table).
    Columns offered as a form's choices need no entry: the choices label them."""
    from app.attestation import labels
    from app.integrations.labels import collection_label, registry_label
    from app.tenant_rules import level_label as tenant_level_label
    from views.observation import EVENT_LABELS, KIND_LABELS
    from views.observation import STATUS_LABELS as SHEET_STATUS
    from views.scoring import STATUS_LABELS as RULE_SET_STATUS

    def words(mapping: dict) -> Callable[[Any], str]:
        return lambda code: str(mapping.get(code, code))

    return {
        (None, "requested_category"): labels.category_name,
        (None, "current_category"): labels.category_name,
        (None, "awarded_category"): labels.category_name,
        (None, "target_category"): labels.category_name,
        ("certificate", "category"): labels.category_name,
        (None, "outcome"): labels.outcome_label,
        (None, "mode"): labels.mode_label,
        ("application", "state"): labels.state_label,
        ("application_event", "from_state"): labels.state_label,
        ("application_event", "to_state"): labels.state_label,
        ("application_event", "action"): labels.action_label,
        ("attestation_period", "state"): labels.period_state_label,
        ("protocol", "state"): labels.protocol_state_label,
        ("certificate", "status"): labels.certificate_status_label,
        ("protocol_signature", "revocation"): labels.revocation_label,
        ("commission", "level"): labels.level_label,
        ("commission_member", "role"): labels.member_role_label,
        ("review", "corresponds"): labels.vote_label,
        ("tenant", "level"): tenant_level_label,
        ("rule_set", "status"): words(RULE_SET_STATUS),
        ("observation_sheet", "status"): words(SHEET_STATUS),
        ("observation_template", "status"): words(SHEET_STATUS),
        ("observation_sheet", "event_type"): words(EVENT_LABELS),
        ("observation_sheet", "observer_kind"): words(KIND_LABELS),
        ("sync_run", "registry"): registry_label,
        ("sync_run", "collection"): collection_label,
        ("person", "registry"): registry_label,  # a lookup in ГБД ФЛ (views/registry_lookup.py)
    }


def action_label(action: str | None) -> str:
    return str(ACTION_LABELS.get(action or "", _l("Other action")))


def object_label(table: str | None) -> str:
    if table in OBJECT_LABELS:
        return str(OBJECT_LABELS[table])
    view = _view_for_table(table)
    return str(view.list_title) if view is not None and view.list_title else str(_l("Record"))


def object_repr_shown(record: AuditRecord) -> str:
    """The object's name as stored, or its kind and number where nothing readable was stored."""
    text = (record.object_repr or "").strip()
    if text and not DEFAULT_REPR.match(text):
        return text
    return f"{object_label(record.object_type)} #{record.object_id}" if record.object_id else ""


def _column_label(view, column: str) -> str:
    labels = getattr(view, "label_columns", None) or {}
    if column in labels:
        return str(labels[column])
    if column.endswith("_id") and column[:-3] in labels:
        return str(labels[column[:-3]])
    return column.replace("_", " ").capitalize()


def changes_table(record: AuditRecord) -> Markup:
    """Before and after per column, labelled and shown as on the record's own pages."""
    changes = masked_changes(record.changes)
    if not isinstance(changes, dict) or not changes:
        return Markup("")
    view = _view_for_table(record.object_type)
    rows = []
    for column, value in sorted(changes.items()):
        if isinstance(value, dict) and value and set(value) <= {"before", "after"}:
            before, after = value.get("before"), value.get("after")
        elif record.action == "delete":
            before, after = value, None
        else:
            before, after = None, value
        rows.append(
            f"<tr><th>{escape(_column_label(view, column))}</th>"
            f"<td>{_cell(record.object_type, view, column, before)}</td>"
            f"<td>{_cell(record.object_type, view, column, after)}</td></tr>"
        )
    before_label, after_label = escape(_("Before")), escape(_("After"))
    head = f"<tr><th></th><th>{before_label}</th><th>{after_label}</th></tr>"
    return Markup(f"<table class='table table-condensed'>{head}{''.join(rows)}</table>")


def _cell(table: str | None, view, column: str, value: Any) -> Markup:
    """One stored value as the record's pages show it."""
    value = readable.parsed(value)
    if value is None or value == "":
        return Markup("")
    shown = _page_formatter(view, column, value)
    if shown is not None:
        return escape(shown)
    if isinstance(value, (str, int, bool)):
        words = _coded(table, view, column, value)
        if words is not None:
            return escape(words)
    return readable.cell(value)


def _page_formatter(view, column: str, value: Any) -> Any:
    """The record's own pages' formatter for the column (an explained result, a rule's parameters),
    when it has one beyond the generic display."""
    from app.web.display import shown_value

    formatter = (getattr(view, "formatters_columns", None) or {}).get(column)
    if formatter is None or formatter is shown_value:
        return None
    try:
        return formatter(value)
    except Exception:  # a formatter written for the page's objects: the generic display will do
        return None


def _coded(table: str | None, view, column: str, value: Any) -> str | None:
    """A code in words, a linked record by its name; None when the value is not one of those."""
    labels = _code_labels()
    label = labels.get((table, column)) or labels.get((None, column))
    if label is not None:
        return str(label(value))
    choices = _form_choices(view, column)
    if choices and str(value) in choices:
        return str(choices[str(value)])
    return _linked_name(view, column, value)


def _form_choices(view, column: str) -> dict[str, Any]:
    for form in (getattr(view, "add_form", None), getattr(view, "edit_form", None)):
        field = getattr(form, column, None)
        choices = getattr(field, "kwargs", {}).get("choices") if field is not None else None
        if choices and not callable(choices):
            try:
                return {str(code): label for code, label in choices}
            except (TypeError, ValueError):
                continue
    return {}


def _linked_name(view, column: str, value: Any) -> str | None:
    """The name of the record a foreign key points to, when the reader may see it."""
    from app.extensions import db
    from tenants.scope import can_read, current_scope, is_tenant_owned

    model = getattr(getattr(view, "datamodel", None), "obj", None)
    if model is None or isinstance(value, bool) or not str(value).isdigit():
        return None
    if column in TENANT_COPIES:  # the owner's district and region, copied onto hot tables
        from tenants.models import Tenant

        node = db.session.get(Tenant, int(value))
        return str(node) if node is not None and can_read(node, current_scope()) else f"#{value}"
    for relation in sa_inspect(model).relationships:
        if relation.direction.name != "MANYTOONE" or column not in {c.key for c in relation.local_columns}:
            continue
        target = db.session.get(relation.mapper.class_, int(value))
        if target is None:
            return f"#{value}"
        if is_tenant_owned(type(target)) and not can_read(target, current_scope()):
            return f"#{value}"
        return str(target)
    return None


class AuditView(ScopedModelView):
    datamodel = ScopedSQLAInterface(AuditRecord)
    class_permission_name = "Audit"
    base_permissions = ["can_read"]
    list_title = _l("Audit trail")
    show_title = _l("Audit record")
    list_columns = ["created_on", "username", "action_shown", "object_shown", "object_id", "object_repr_shown"]
    show_columns = ["created_on", "username", "action_shown", "object_shown", "object_id", "object_repr_shown",
                    "tenant", "changes_shown"]
    search_columns = ["created_on", "username", "action", "object_type", "object_id"]
    export_columns = list_columns
    base_order = ("id", "desc")
    label_columns = {
        "created_on": _l("When"),
        "username": _l("Who"),
        "action": _l("Action"),
        "action_shown": _l("Action"),
        "object_type": _l("Object type"),
        "object_shown": _l("Object type"),
        "object_id": _l("Object id"),
        "object_repr": _l("Object"),
        "object_repr_shown": _l("Object"),
        "tenant": _l("Owner"),
        "changes_shown": _l("Before and after"),
    }


# Properties, so lists, show pages and exports print labels instead of the stored codes.
AuditRecord.action_shown = property(lambda self: action_label(self.action))
AuditRecord.object_shown = property(lambda self: object_label(self.object_type))
AuditRecord.changes_shown = property(changes_table)
AuditRecord.object_repr_shown = property(object_repr_shown)
