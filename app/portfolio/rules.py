"""Entry rules of profile records, checked in the model layer (every view, API, job and import).

- a record of a closed academic year is never created, changed or deleted;
- a record that came from a registry is read-only (only its dispute note may be written);
- each record type has its own checks (authors, hours, percentages, ИИН of a participant).
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.attestation.periods import is_amending
from app.errors import RuleViolation
from app.i18n import _
from app.identifiers import reason_message, validate_iin
from models.directories import AcademicYear
from models.portfolio import (
    CompletenessConfirmation,
    Contest,
    ContestParticipant,
    Course,
    EvidenceFile,
    KnowledgeQuality,
    PracticeTransmission,
    Publication,
)
from models.records import ProfileRecordMixin

DISPUTE_FIELDS = {"dispute_note", "disputed_on", "changed_on"}
FROZEN_TYPES = (ProfileRecordMixin, Contest, EvidenceFile, CompletenessConfirmation)
STATUSES = ("participant", "winner", "teacher_of_winner", "methodist")


class FrozenPeriod(RuleViolation):
    pass


def record_problem(record) -> str | None:
    """The first broken entry rule of a record, in the user's language, or None."""
    if isinstance(record, Publication):
        limit = current_app.config.get("PUBLICATION_MAX_AUTHORS", 3) if has_app_context() else 3
        if record.author_count is None or record.author_count < 1:
            return _("A publication has at least one author.")
        if record.author_count > limit:
            return _("A publication counts only with at most %(limit)d authors.", limit=limit)
        if not record.venue_id and not record.venue and not (record.other_venue or "").strip():
            return _("Choose the edition from the recommended list or name it.")
    if isinstance(record, Course):
        if record.hours is None or record.hours <= 0:
            return _("Course hours must be a positive number.")
        if not record.program_id and not record.program and not (record.other_program or "").strip():
            return _("Choose the course program or name it.")
    if isinstance(record, KnowledgeQuality):
        for value in (record.quality_percent, record.success_percent):
            if value is not None and not 0 <= value <= 100:
                return _("A percentage must be between 0 and 100.")
    if isinstance(record, PracticeTransmission) and (record.coverage_count or 0) < 1:
        return _("Coverage is at least one district or region.")
    if isinstance(record, ContestParticipant):
        if record.status not in STATUSES:
            return _("Unknown participant status.")
        if record.participant_iin:
            check = validate_iin(record.participant_iin)
            if not check.valid:
                return _("Invalid IIN: %(reason)s", reason=reason_message(check.reason or ""))
        if not (record.participant_name or "").strip():
            return _("The participant's name is required.")
    if isinstance(record, Contest):
        if not record.approved_contest_id and not record.approved_contest and not (record.other_name or "").strip():
            return _("Choose the contest from the approved list or name it.")
    held = getattr(record, "held_on", None) or getattr(record, "completed_on", None) or getattr(record, "published_on", None)
    if held is not None and held > dt.date.today():
        return _("The date cannot be in the future.")
    return None


def _year_ids(obj) -> set[int]:
    """The academic years a write touches: before and after, by id or by relationship
    (a form sets the relationship; its id is copied only later in the flush)."""
    state = inspect(obj)
    ids = set()
    if "academic_year_id" in state.attrs:
        history = state.attrs.academic_year_id.history
        ids.update(v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None)
    if "academic_year" in state.attrs:
        history = state.attrs.academic_year.history
        ids.update(v.id for v in (*history.added, *history.unchanged, *history.deleted) if v is not None and v.id)
    return ids


def _changed_columns(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.has_changes()}


def _closed_years(session: Session, years: set[int]) -> set[int]:
    if not years:
        return set()
    with session.no_autoflush:
        return set(
            session.execute(select(AcademicYear.id).where(AcademicYear.id.in_(years), AcademicYear.is_closed)).scalars()
        )


def _reopened(session: Session, obj) -> bool:
    """An upheld appeal reopened this section of the teacher's profile until a date (models.appeal.ProfileAccess)."""
    from models.appeal import ProfileAccess

    person_id = getattr(obj, "person_id", None)
    section = obj.record_type if isinstance(obj, EvidenceFile) else getattr(obj, "__tablename__", None)
    if person_id is None or section is None:
        return False
    from app.web.display import local_today

    with session.no_autoflush:
        grants = session.execute(select(ProfileAccess.sections).where(
            ProfileAccess.person_id == person_id, ProfileAccess.until >= local_today())).scalars().all()
    return any(section in (sections or []) for sections in grants)


def violation(session: Session, obj, state: str, closed: set[int] | None = None) -> RuleViolation | None:
    """Why ``obj`` may not be written (state: new, dirty or deleted), or None.

    Views call it before saving to show the message; the flush listener calls it for everything.
    """
    if not isinstance(obj, FROZEN_TYPES):
        return None
    years = _year_ids(obj)
    closed = _closed_years(session, years) if closed is None else closed
    if closed & years and not _reopened(session, obj):
        return FrozenPeriod(_("The academic year of this record is closed: it can no longer be changed."))
    if isinstance(obj, ProfileRecordMixin) and not obj.is_manual and not is_amending():
        if state == "deleted" or (state == "dirty" and _changed_columns(obj) - DISPUTE_FIELDS):
            return RuleViolation(
                _("This record came from a national registry and is read-only; you can dispute it instead.")
            )
    if state in ("new", "dirty"):
        with session.no_autoflush:
            problem = record_problem(obj)
        if problem:
            return RuleViolation(problem)
    return None


@event.listens_for(Session, "before_flush")
def _enforce_profile_rules(session: Session, flush_context, instances) -> None:
    checked = [(obj, "new") for obj in session.new] + [(obj, "deleted") for obj in session.deleted]
    checked += [(obj, "dirty") for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    checked = [(obj, state) for obj, state in checked if isinstance(obj, FROZEN_TYPES)]
    years: set[int] = set()
    for obj, _state in checked:
        years |= _year_ids(obj)
    closed = _closed_years(session, years)
    for obj, state in checked:
        problem = violation(session, obj, state, closed)
        if problem is not None:
            raise problem
        if state == "new" and isinstance(obj, ProfileRecordMixin) and obj.is_manual and obj.entered_by_id is None:
            from app.audit import current_actor, current_actor_name

            obj.entered_by_id, obj.entered_by_name = current_actor()[0], current_actor_name()
