"""Rules of the tenant tree: which level hangs under which, and what its code must look like."""

from __future__ import annotations

import re

from app.i18n import _, _l
from app.identifiers import reason_message, validate_bin
from tenants.models import ALLOWED_PARENTS, Tenant, TenantLevel

LEVEL_LABELS = {
    TenantLevel.REPUBLIC.value: _l("Republic"),
    TenantLevel.REGION.value: _l("Region"),
    TenantLevel.DISTRICT.value: _l("District / city"),
    TenantLevel.ORGANIZATION.value: _l("Education organization"),
}
KATO = re.compile(r"^\d{9}$")


def level_choices() -> list[tuple[str, str]]:
    return [(level, str(label)) for level, label in LEVEL_LABELS.items()]


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def check_tenant(node: Tenant) -> str | None:
    """The first broken rule of a node, as a message in the user's language, or None."""
    from app.integrations.readonly import keep_registry_values

    refused = keep_registry_values(node)  # a registry's names, code and place are disputed, not edited
    if refused:
        return refused
    try:
        level = TenantLevel(node.level)
    except ValueError:
        return _("Unknown level: %(level)s", level=node.level)
    parent = node.parent
    allowed = ALLOWED_PARENTS[level]
    if parent is None and allowed:
        return _("A %(level)s must have a parent node.", level=level_label(level.value))
    if parent is not None:
        if parent.level not in {p.value for p in allowed}:
            return _(
                "A %(level)s cannot be placed under a %(parent)s.",
                level=level_label(level.value),
                parent=level_label(parent.level),
            )
        if node.id is not None and parent.path and f"/{node.id}/" in parent.path:
            return _("A node cannot be moved under itself or its own subordinates.")
    code = (node.code or "").strip() or None
    node.code = code
    if level is TenantLevel.ORGANIZATION:
        if code is None:
            return _("An education organization needs its BIN.")
        check = validate_bin(code)
        if not check.valid:
            return _("Invalid BIN: %(reason)s", reason=reason_message(check.reason or ""))
        if node.education_level is None and node.education_level_id is None:
            return _("An education organization needs its education level.")
    elif level in (TenantLevel.REGION, TenantLevel.DISTRICT) and code and not KATO.match(code):
        return _("A KATO code has 9 digits.")
    if not (node.name_kk or "").strip() or not (node.name_ru or "").strip():
        return _("The name in Kazakh and in Russian is required.")
    return None
