"""One way for a page to make a change: run the operation, commit, run what waited for the commit,
say so; a broken rule rolls back and is said in the user's words. Staff views and the portal call it."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash

from app.errors import RuleViolation, reasons
from app.extensions import db


def commit_or_flash(operation: Callable[[], object], success: str | Callable[[], str]) -> bool:
    """``success`` may be a callable: a sentence about the state the operation reached."""
    from app.jobs import commit_and_run

    try:
        operation()
        commit_and_run()
    except RuleViolation as exc:
        db.session.rollback()
        for message in reasons(exc):
            flash(message, "danger")
        return False
    flash(success() if callable(success) else success, "success")
    return True
