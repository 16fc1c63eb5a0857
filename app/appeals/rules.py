"""Deadlines of appeals as versioned data (models.appeal.AppealRule): which rule is in force, when an
answer is due, whether an appeal may still be filed. Pure functions over plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.appeal import AppealRule

#: DOMAIN.md §11 defaults, used when no rule row exists for a type
DEFAULT_ANSWER_DAYS, DEFAULT_FILING_DAYS, DEFAULT_REOPEN_DAYS = 15, 30, 10


@dataclass(frozen=True)
class Deadlines:
    answer_days: int = DEFAULT_ANSWER_DAYS
    filing_days: int = DEFAULT_FILING_DAYS
    reopen_days: int = DEFAULT_REOPEN_DAYS
    rule_id: int | None = None


def deadlines_for(session: Session, appeal_type: str, on: dt.date) -> Deadlines:
    rule = session.execute(
        select(AppealRule).where(AppealRule.appeal_type == appeal_type, AppealRule.effective_from <= on)
        .order_by(AppealRule.effective_from.desc()).limit(1)
    ).scalar_one_or_none()
    if rule is None:
        return Deadlines()
    return Deadlines(rule.answer_days, rule.filing_days, rule.reopen_days, rule.id)


def due_on(filed: dt.date, deadlines: Deadlines) -> dt.date:
    """The last day to answer: calendar days from the filing."""
    return filed + dt.timedelta(days=deadlines.answer_days)


def filing_closed(decided: dt.date | None, today: dt.date, deadlines: Deadlines) -> dt.date | None:
    """The last day an appeal about a decision could be filed, when that day has passed; else None."""
    if decided is None:
        return None
    last = decided + dt.timedelta(days=deadlines.filing_days)
    return last if today > last else None


def is_overdue(state: str, due: dt.date, today: dt.date) -> bool:
    from app.appeals.states import OPEN_STATES

    return state in OPEN_STATES and due < today
