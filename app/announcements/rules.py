"""The pure rules of an announcement: what its words and its role may be, and who may write one.

No database and no request here: values in, sentences (in the current language) out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.errors import RuleViolation
from app.i18n import _, _l
from app.security.roles import ROLE_DEFINITIONS, WRITE, roles_grant
from models.announcement import BODY_MAX, TITLE_MAX

RESOURCE = "Announcement"
#: control characters (tab and line breaks excepted): PostgreSQL refuses NUL, none means anything here
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EVERY_ROLE = _l("Every user")


class Refused(RuleViolation):
    """An announcement refused for one or more reasons, each a sentence in the user's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


def clean_title(title: str | None) -> str:
    """One line: a title goes into a mail header and an inbox's subject line."""
    return " ".join((title or "").split())


def clean_body(body: str | None) -> str:
    """Line breaks as the author wrote them, one kind of them, no trailing spaces around."""
    return (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def problems(title: str, body: str, role: str | None) -> list[str]:
    """Every reason the words or the role are refused (the cleaned values are expected)."""
    found: list[str] = []
    if not title:
        found.append(_("Write the title of the announcement."))
    elif len(title) > TITLE_MAX:
        found.append(_("The title is too long: at most %(limit)d characters.", limit=TITLE_MAX))
    if not body:
        found.append(_("Write the text of the announcement."))
    elif len(body) > BODY_MAX:
        found.append(_("The text is too long: at most %(limit)d characters.", limit=BODY_MAX))
    if has_control_characters(title) or has_control_characters(body):
        found.append(_("The announcement contains invisible control characters; remove them."))
    if role is not None and role not in ROLE_DEFINITIONS:
        found.append(_("Choose the recipients' role from the list."))
    return found


def may_announce(role_names: Iterable[str], admin_role: str = "Admin") -> bool:
    """Write on the Announcement resource (app/security/roles.py): the departments and national admins.

    The role an announcement addresses is free: a district officer may write to the district's
    observers or commission members as well as to its teachers, all of them inside the district."""
    return roles_grant(role_names, RESOURCE, WRITE, admin_role)


def role_label(role: str | None) -> str:
    """The recipients' role in words ("every user" for none)."""
    if not role:
        return str(EVERY_ROLE)
    definition = ROLE_DEFINITIONS.get(role)
    return str(definition.label) if definition is not None else str(EVERY_ROLE)


def role_choices() -> list[tuple[str, str]]:
    """("" for every user, then each role) with the roles' names in the current language."""
    return [("", str(EVERY_ROLE)), *((name, str(d.label)) for name, d in ROLE_DEFINITIONS.items())]


__all__ = ["EVERY_ROLE", "RESOURCE", "Refused", "clean_body", "clean_title", "has_control_characters", "may_announce", "problems",
           "role_choices", "role_label"]
