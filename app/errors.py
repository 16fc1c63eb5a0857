"""Domain errors that views and APIs map to clear messages."""

from __future__ import annotations


class RuleViolation(ValueError):
    """Input breaks a business rule; the message is already in the user's language."""
