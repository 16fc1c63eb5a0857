"""The audit trail, read-only, scoped like the objects it describes.

Stored codes (actions, table and column names) are shown with the labels of the views that
manage those records, in the user's language; changes as a before / after table.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from markupsafe import Markup, escape

from app.audit import masked_changes
from app.i18n import _, _l
from app.web.display import shown_value
from models.audit import AuditRecord
from tenants.interface import ScopedSQLAInterface
from views.base import ScopedModelView

ACTION_LABELS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "login_failed": _l("Failed sign-in"),
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


def action_label(action: str | None) -> str:
    return str(ACTION_LABELS.get(action or "", _l("Other action")))


def object_label(table: str | None) -> str:
    if table in OBJECT_LABELS:
        return str(OBJECT_LABELS[table])
    view = _view_for_table(table)
    return str(view.list_title) if view is not None and view.list_title else str(_l("Record"))


def _column_label(view, column: str) -> str:
    labels = getattr(view, "label_columns", None) or {}
    if column in labels:
        return str(labels[column])
    if column.endswith("_id") and column[:-3] in labels:
        return str(labels[column[:-3]])
    return column.replace("_", " ").capitalize()


def changes_table(record: AuditRecord) -> Markup:
    """Before and after per column, labelled as on the record's own pages."""
    changes = masked_changes(record.changes)
    if not isinstance(changes, dict) or not changes:
        return Markup("")
    view = _view_for_table(record.object_type)
    rows = []
    for column, value in sorted(changes.items()):
        if isinstance(value, dict) and set(value) <= {"before", "after"}:
            before, after = value.get("before"), value.get("after")
        elif record.action == "delete":
            before, after = value, None
        else:
            before, after = None, value
        rows.append(
            f"<tr><th>{escape(_column_label(view, column))}</th>"
            f"<td>{escape(_cell(before))}</td><td>{escape(_cell(after))}</td></tr>"
        )
    before_label, after_label = escape(_("Before")), escape(_("After"))
    head = f"<tr><th></th><th>{before_label}</th><th>{after_label}</th></tr>"
    return Markup(f"<table class='table table-condensed'>{head}{''.join(rows)}</table>")


def _cell(value: Any) -> str:
    shown = shown_value(value)
    return "" if shown is None else str(shown)


class AuditView(ScopedModelView):
    datamodel = ScopedSQLAInterface(AuditRecord)
    class_permission_name = "Audit"
    base_permissions = ["can_read"]
    list_title = _l("Audit trail")
    show_title = _l("Audit record")
    list_columns = ["created_on", "username", "action_shown", "object_shown", "object_id", "object_repr"]
    show_columns = ["created_on", "username", "action_shown", "object_shown", "object_id", "object_repr", "tenant",
                    "changes_shown"]
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
        "tenant": _l("Owner"),
        "changes_shown": _l("Before and after"),
    }


# Properties, so lists, show pages and exports print labels instead of the stored codes.
AuditRecord.action_shown = property(lambda self: action_label(self.action))
AuditRecord.object_shown = property(lambda self: object_label(self.object_type))
AuditRecord.changes_shown = property(changes_table)
