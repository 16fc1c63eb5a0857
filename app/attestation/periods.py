"""Attestation periods: planned → open → closed, and the one guard that keeps a closed period frozen.

A period is frozen when it is closed or its academic year is closed (AcademicYear.is_closed, the
one notion of "closed"). Every write into a frozen period — its applications, their events and
votes, its commissions and their composition, and the period itself — is refused at flush time, so
the admin pages, the REST API, jobs and the CLI are all covered by this one check. An upheld appeal
(the appeals issue) changes a frozen record inside ``amending()``, which writes the audited amendment.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.errors import RuleViolation
from app.i18n import _

PLANNED, OPEN, CLOSED = "planned", "open", "closed"
PERIOD_STATES = (PLANNED, OPEN, CLOSED)
STAGES = ("application", "ozp", "portfolio")

_amending: contextvars.ContextVar[bool] = contextvars.ContextVar("ustaz_amending", default=False)


@contextlib.contextmanager
def amending() -> Iterator[None]:
    """Let an upheld appeal change records of a frozen period (it writes the amendment itself)."""
    token = _amending.set(True)
    try:
        yield
    finally:
        _amending.reset(token)


def is_amending() -> bool:
    """Inside an upheld appeal's effect (``amending()``)."""
    return _amending.get()


def stage_order_problems(value: str | None) -> list[str]:
    parts = [p.strip() for p in (value or "").split(",") if p.strip()]
    if sorted(parts) != sorted(STAGES):
        return [_("The order of stages must name each of application, ozp and portfolio once, separated by commas.")]
    return []


def frozen_message() -> str:
    return _("This attestation period is closed: its records can no longer be changed (only an upheld appeal can).")


def _period_of(obj):
    from models.attestation import Application, ApplicationEvent, Review
    from models.commission import Commission, CommissionMember
    from models.directories import AttestationPeriod

    if isinstance(obj, AttestationPeriod):
        return obj
    if isinstance(obj, (Application, Commission)):
        return obj.period
    if isinstance(obj, (ApplicationEvent, Review)):
        return obj.application.period if obj.application is not None else None
    if isinstance(obj, CommissionMember):
        return obj.commission.period if obj.commission is not None else None
    return None


def _was_frozen(period) -> bool:
    """Frozen before this flush: a period being closed right now may still be written once (to close it)."""
    state = inspect(period)
    history = state.attrs.state.history
    before = history.deleted[0] if history.deleted else period.state
    year = period.academic_year
    year_closed_before = False
    if year is not None:
        year_history = inspect(year).attrs.is_closed.history
        year_closed_before = bool(year_history.deleted[0] if year_history.deleted else year.is_closed)
    return before == CLOSED or year_closed_before


def _check_period_itself(period) -> None:
    # column defaults apply at INSERT, after this check: apply them here
    period.state = period.state or PLANNED
    period.stage_order = period.stage_order or "application,ozp,portfolio"
    period.review_days = period.review_days if period.review_days is not None else 30
    state = inspect(period)
    history = state.attrs.state.history
    if history.has_changes() and history.deleted:
        before, after = history.deleted[0], period.state
        if after not in PERIOD_STATES or PERIOD_STATES.index(after) < PERIOD_STATES.index(before):
            raise RuleViolation(_("A period moves forward only: planned, then open, then closed."))
    if period.state not in PERIOD_STATES:
        raise RuleViolation(_("Unknown period state."))
    if period.rule_set_id is None and period.rule_set is None:
        raise RuleViolation(_("An attestation period pins a criteria rule set: choose one."))
    problems = stage_order_problems(period.stage_order)
    if problems:
        raise RuleViolation(problems[0])
    if period.applications_open_on and period.applications_close_on and \
            period.applications_close_on < period.applications_open_on:
        raise RuleViolation(_("The application window closes before it opens."))
    if period.review_days is not None and not 1 <= period.review_days <= 365:
        raise RuleViolation(_("The review deadline is between 1 and 365 days."))


@event.listens_for(Session, "before_flush")
def _frozen_periods_refuse_writes(session: Session, flush_context, instances) -> None:
    from models.directories import AttestationPeriod

    if _amending.get():
        return
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty) + list(session.deleted):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            if isinstance(obj, AttestationPeriod) and obj not in session.deleted:
                _check_period_itself(obj)
            period = _period_of(obj)
            if period is None:
                continue
            if period in session.new:
                continue
            if _was_frozen(period):
                raise RuleViolation(frozen_message())
