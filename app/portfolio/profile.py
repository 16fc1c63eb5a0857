"""Loading teachers' profiles in a bounded number of queries: one per record type, whatever the
number of teachers (``load_profiles``: a scoring chunk of a thousand teachers costs the same ~25
statements as one teacher's page; ``load_profile`` is the same loader with one id, so the staff
pages, the portal and the batch cannot disagree)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import immediateload, joinedload, lazyload, selectinload

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
#: what the scoring case reads (app.scoring.snapshot.build_case): record type -> relationships it
#: follows. The batch loads only these: no evidence files, confirmations, diplomas or category
#: history, and no relationship the case does not read.
FOR_CASE = {
    Employment: (),
    ExperienceCredit: (),
    OzpResult: (),
    KnowledgeQuality: (),
    ContestParticipant: ("contest",),
    MethodicalMaterial: ("council_level",),
    Speech: ("event_level",),
    Publication: (),
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
    return load_profiles([person_id]).get(person_id)


def load_profiles(person_ids: Iterable[int], *, for_case: bool = False, write: bool = False) -> dict[int, Profile]:
    """The profiles of these persons that the current scope reaches (person id -> Profile), in one
    statement per record type whatever their number.

    ``for_case``: only what the scoring case reads (``FOR_CASE``), for the batch; the case built
    from it is the same (tests/integration/test_scoring_batch.py). ``write``: only persons the
    scope may change (the batch writes scores). Records are read in the (read) scope, as a page
    reads them.
    """
    from app.observation.rules import SheetScore, is_external_observer
    from models.directories import QualificationCategory
    from models.observation import ObservationSheet
    from tenants.models import Tenant

    ids = sorted(set(person_ids))
    if not ids:
        return {}
    people = db.session.execute(
        scoped(select(Person).where(Person.id.in_(ids)), Person, write=write)
        .options(joinedload(Person.tenant).selectinload(Tenant.education_level), selectinload(Person.position),
                 selectinload(Person.category).selectinload(QualificationCategory.successor))
        .order_by(Person.id)
    ).scalars().all()
    loaded = FOR_CASE if for_case else EAGER
    profiles = {person.id: Profile(person=person, records={model: [] for model in loaded}) for person in people}
    ids = list(profiles)
    if not ids:
        return {}
    # the case's small directories (years, event levels: tens of rows), read once; records find
    # them in the session instead of one IN query per record type and relationship
    directories = _case_directories() if for_case else None
    for model, relations in loaded.items():
        if for_case:
            options = [_directory_or_selectin(model, name) for name in relations]
            if model is ContestParticipant:
                options = [selectinload(ContestParticipant.contest).options(
                    lazyload(Contest.tenant), immediateload(Contest.event_level))]
            # the case reads no record's owner: no join to the tenant per row
            options += [lazyload(model.tenant), immediateload(model.academic_year)]
        else:
            options = [selectinload(getattr(model, name)) for name in relations]
            if model is ContestParticipant:
                options = [selectinload(ContestParticipant.contest).selectinload(Contest.event_level),
                           selectinload(ContestParticipant.contest).selectinload(Contest.approved_contest)]
            options.append(selectinload(model.academic_year))
        query = scoped(select(model).where(model.person_id.in_(ids)), model).options(*options).order_by(model.id)
        for record in db.session.execute(query).scalars():
            profiles[record.person_id].records[model].append(record)
    if not for_case:
        files = db.session.execute(
            scoped(select(EvidenceFile).where(EvidenceFile.person_id.in_(ids)), EvidenceFile).order_by(EvidenceFile.id)
        ).scalars()
        for evidence in files:
            profiles[evidence.person_id].files.setdefault((evidence.record_type, evidence.record_id), []).append(evidence)
    sheets = db.session.execute(
        scoped(select(ObservationSheet.person_id, ObservationSheet.observed_on, ObservationSheet.starts_at,
                      ObservationSheet.observer_id, ObservationSheet.observer_kind, ObservationSheet.percent)
               .where(ObservationSheet.person_id.in_(ids), ObservationSheet.status == "submitted"), ObservationSheet)
        .order_by(ObservationSheet.person_id, ObservationSheet.id)
    ).all()
    observers = observer_facts({s.observer_id for s in sheets})
    for s in sheets:
        profile = profiles[s.person_id]
        if s.observer_id in observers:
            profile.observers[s.observer_id] = observers[s.observer_id]
        profile.observations.append(
            SheetScore(lesson=(s.person_id, s.observed_on, s.starts_at), day=s.observed_on, observer=s.observer_id,
                       external=is_external_observer(observers.get(s.observer_id)), percent=float(s.percent)))
    if not for_case:
        confirmations = db.session.execute(
            scoped(select(CompletenessConfirmation), CompletenessConfirmation)
            .where(CompletenessConfirmation.person_id.in_(ids))
            .options(selectinload(CompletenessConfirmation.academic_year))
            .order_by(CompletenessConfirmation.id)
        ).scalars()
        for confirmation in confirmations:
            profiles[confirmation.person_id].confirmations.append(confirmation)
    del directories
    return profiles


def _case_directories() -> list:
    """The academic years and event levels, in the session while a chunk's records are loaded."""
    from models.directories import AcademicYear, EventLevel

    return [*db.session.execute(select(AcademicYear)).scalars(), *db.session.execute(select(EventLevel)).scalars()]


def _directory_or_selectin(model: type, name: str):
    """Event levels are in the session (``_case_directories``): taken from it as each row loads;
    other relationships in one IN query."""
    from models.directories import EventLevel

    relation = getattr(model, name)
    return immediateload(relation) if relation.property.mapper.class_ is EventLevel else selectinload(relation)


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
