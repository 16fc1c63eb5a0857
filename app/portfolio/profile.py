"""Loading a teacher's whole profile in a bounded number of queries (one per record type)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from models.career import CategoryRecord, Diploma, Employment, ExperienceCredit, OzpResult
from models.person import Person
from models.portfolio import (
    ClassManagement,
    CompletenessConfirmation,
    Contest,
    ContestParticipant,
    Course,
    EvidenceFile,
    KnowledgeQuality,
    MethodicalMaterial,
    PracticeTransmission,
    Publication,
    Speech,
    WorkingGroup,
)
from tenants.scope import scoped

#: record type -> relationships the profile page shows (loaded eagerly)
EAGER = {
    Employment: ("organization", "position", "subject"),
    ExperienceCredit: (),
    Diploma: (),
    CategoryRecord: ("category", "issuing_level"),
    OzpResult: ("category_reached",),
    KnowledgeQuality: ("subject",),
    ContestParticipant: ("contest",),
    MethodicalMaterial: ("council_level",),
    Speech: ("event_level",),
    Publication: ("venue",),
    WorkingGroup: ("event_level",),
    PracticeTransmission: ("event_level",),
    Course: ("program",),
    ClassManagement: (),
}


@dataclass
class Profile:
    person: Person
    records: dict[type, list] = field(default_factory=dict)
    files: dict[tuple[str, int], list[EvidenceFile]] = field(default_factory=dict)
    #: submitted (not superseded) observation sheets, as the indicator 1.2 rules read them
    observations: list = field(default_factory=list)
    #: observer (user id) -> what makes them external (app.observation.rules.ObserverFacts)
    observers: dict = field(default_factory=dict)
    confirmations: list[CompletenessConfirmation] = field(default_factory=list)

    def of(self, model: type) -> list:
        return self.records.get(model, [])

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.records.values())


def observer_facts(user_ids: set[int]) -> dict:
    """For each observing user: methodist or not, and the levels of the commissions they sit on
    (two queries for all of them, whatever their number)."""
    from app.observation.rules import ObserverFacts
    from app.security.models import User
    from models.commission import Commission, CommissionMember
    from models.directories import Position

    if not user_ids:
        return {}
    rows = db.session.execute(
        select(User.id, User.person_id, Position.is_methodist)
        .outerjoin(Person, Person.id == User.person_id).outerjoin(Position, Position.id == Person.position_id)
        .where(User.id.in_(sorted(user_ids)))
    ).all()
    person_ids = {r.person_id for r in rows if r.person_id is not None}
    levels: dict[int, set[str]] = {}
    if person_ids:
        for person_id, level in db.session.execute(
            select(CommissionMember.person_id, Commission.level)
            .join(Commission, Commission.id == CommissionMember.commission_id)
            .where(CommissionMember.person_id.in_(sorted(person_ids)), CommissionMember.removed_on.is_(None),
                   Commission.is_active)
        ).all():
            levels.setdefault(person_id, set()).add(level)
    return {r.id: ObserverFacts(bool(r.is_methodist), frozenset(levels.get(r.person_id, ()))) for r in rows}


def load_profile(person_id: int) -> Profile | None:
    """The profile of a person in the current scope, or None when out of scope."""
    person = db.session.execute(scoped(select(Person).where(Person.id == person_id), Person)).scalar_one_or_none()
    if person is None:
        return None
    profile = Profile(person=person)
    for model, relations in EAGER.items():
        options = [selectinload(getattr(model, name)) for name in relations]
        if model is ContestParticipant:
            options = [selectinload(ContestParticipant.contest).selectinload(Contest.event_level),
                       selectinload(ContestParticipant.contest).selectinload(Contest.approved_contest)]
        query = scoped(select(model).where(model.person_id == person_id), model)
        query = query.options(selectinload(model.academic_year), *options).order_by(model.id)
        profile.records[model] = list(db.session.execute(query).scalars())
    files = db.session.execute(
        scoped(select(EvidenceFile).where(EvidenceFile.person_id == person_id), EvidenceFile)
    ).scalars()
    for evidence in files:
        profile.files.setdefault((evidence.record_type, evidence.record_id), []).append(evidence)
    from app.observation.rules import SheetScore
    from models.observation import ObservationSheet

    sheets = db.session.execute(
        scoped(select(ObservationSheet.person_id, ObservationSheet.observed_on, ObservationSheet.starts_at,
                      ObservationSheet.observer_id, ObservationSheet.observer_kind, ObservationSheet.percent)
               .where(ObservationSheet.person_id == person_id, ObservationSheet.status == "submitted"), ObservationSheet)
    ).all()
    from app.observation.rules import is_external_observer

    profile.observers = observer_facts({s.observer_id for s in sheets})
    profile.observations = [
        SheetScore(lesson=(s.person_id, s.observed_on, s.starts_at), day=s.observed_on, observer=s.observer_id,
                   external=is_external_observer(profile.observers.get(s.observer_id)), percent=float(s.percent))
        for s in sheets
    ]
    profile.confirmations = list(
        db.session.execute(
            scoped(select(CompletenessConfirmation), CompletenessConfirmation)
            .where(CompletenessConfirmation.person_id == person_id)
            .options(selectinload(CompletenessConfirmation.academic_year))
            .order_by(CompletenessConfirmation.id)
        ).scalars()
    )
    return profile


def files_of(record_type: str, record_ids: list[int]) -> list[EvidenceFile]:
    return list(
        db.session.execute(
            scoped(
                select(EvidenceFile).where(EvidenceFile.record_type == record_type, EvidenceFile.record_id.in_(record_ids)),
                EvidenceFile,
            ).order_by(EvidenceFile.id)
        ).scalars()
    )


def confirm_year(person: Person, year_id: int, user_id: int | None, note: str | None):
    """The teacher's "I have checked my data" for an academic year, recorded (the caller commits)."""
    from app.errors import RuleViolation
    from app.i18n import _
    from models.directories import AcademicYear

    year = db.session.get(AcademicYear, year_id)
    if year is None:
        raise RuleViolation(_("Choose the academic year."))
    db.session.add(CompletenessConfirmation(person_id=person.id, academic_year_id=year.id, tenant_id=person.tenant_id,
                                            user_id=user_id, note=note or None))
    return year
