"""Domain errors that views and APIs map to clear messages."""

from __future__ import annotations


class RuleViolation(ValueError):
    """Input breaks a business rule; the message is already in the user's language."""


def reasons(exc: Exception) -> list[str]:
    """The sentences a refusal gives (``messages`` when it carries several), for a flash or a JSON body."""
    return list(getattr(exc, "messages", None) or [str(exc)])
