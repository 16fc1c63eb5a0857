"""The audit trail, read-only, scoped like the objects it describes."""

from __future__ import annotations

from app.audit import masked_changes
from app.i18n import _l
from models.audit import AuditRecord
from tenants.interface import ScopedSQLAInterface
from views.base import ScopedModelView, json_block


class AuditView(ScopedModelView):
    datamodel = ScopedSQLAInterface(AuditRecord)
    class_permission_name = "Audit"
    base_permissions = ["can_read"]
    list_title = _l("Audit trail")
    show_title = _l("Audit record")
    list_columns = ["created_on", "username", "action", "object_type", "object_id", "object_repr"]
    show_columns = list_columns + ["tenant", "changes"]
    search_columns = ["created_on", "username", "action", "object_type", "object_id"]
    export_columns = list_columns
    base_order = ("id", "desc")
    formatters_columns = {"changes": lambda changes: json_block(masked_changes(changes))}
    label_columns = {
        "created_on": _l("When"),
        "username": _l("Who"),
        "action": _l("Action"),
        "object_type": _l("Object type"),
        "object_id": _l("Object id"),
        "object_repr": _l("Object"),
        "tenant": _l("Owner"),
        "changes": _l("Before and after"),
    }
