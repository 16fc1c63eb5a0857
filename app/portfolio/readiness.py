"""The teacher's standing and readiness for the next category, stored (models.portal.TeacherReadiness).

The portal's home must stay within a handful of SQL statements, and the readiness advisor reads the
whole profile (thirty statements) and runs the scoring engine: so the result is computed when the
profile changes — a flush touching a teacher's records, observations or category queues that teacher,
and after the commit one job refreshes them all — and the page only reads the stored row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.i18n import SUPPORTED_LOCALES, force_locale
from models.base import utcnow
from models.portal import TeacherReadiness

_QUEUED = "ustaz_readiness_queued"
#: persons refreshed per statement batch by the backfill (`flask ustaz readiness`)
CHUNK = 200


def next_target(current: str) -> tuple[str, str]:
    """The category a teacher works toward and how: the next one up, or confirming at the top."""
    from app.scoring.defaults import CATEGORIES

    if current not in CATEGORIES:
        return CATEGORIES[1], "assign"
    step = CATEGORIES.index(current) + 1
    if step >= len(CATEGORIES):
        return current, "confirm"
    return CATEGORIES[step], "assign"


def _valid_until(profile, current: str, position: str, parameters: dict) -> dt.date | None:
    """The current category's last assignment + its validity years (DOMAIN §12), or the recorded end."""
    from app.attestation.eligibility import parameter, years_after
    from models.career import CategoryRecord

    if current == "teacher" or profile.person.category_id is None:
        return None
    records = [r for r in profile.of(CategoryRecord) if r.category_id == profile.person.category_id]
    if not records:
        return None
    latest = max(records, key=lambda r: r.assigned_on)
    if latest.valid_until is not None:
        return latest.valid_until
    years = parameter(parameters, "category_validity_years")
    return years_after(latest.assigned_on, int(years.get(position, years.get("teacher", 5))))


def compute(person_id: int, as_of: dt.date, rules=None, parameters: dict | None = None) -> dict | None:
    """The readiness row's values for one teacher (None: no such person in the scope). ``rules`` and
    ``parameters`` (the published rule set, the eligibility parameters) are read once per batch."""
    from app.attestation.eligibility import parameters_for
    from app.portfolio.profile import load_profile
    from app.scoring import rulesets
    from app.scoring.advisor import advise
    from app.scoring.cases import CaseError, read_case
    from app.scoring.snapshot import build_case, category_code, position_kind

    profile = load_profile(person_id)
    if profile is None:
        return None
    person = profile.person
    current = category_code(person.category)
    position = position_kind(person.position)
    if parameters is None:
        parameters = parameters_for(db.session, as_of)
    valid_until = _valid_until(profile, current, position, parameters)
    target, mode = next_target(current)
    values = {"person_id": person.id, "tenant_id": person.tenant_id, "current_category": current,
              "category_valid_until": valid_until, "next_attestation_on": valid_until,
              "target_category": target, "target_mode": mode, "computed_at": utcnow()}
    if rules is None:
        try:
            rules = rulesets.load_for(db.session, as_of)
        except LookupError:
            values["advice"] = {"problem": "no_rules"}
            return values
    try:
        case, _name = read_case(build_case(profile, as_of, requested=target, mode=mode,
                                           period_years=rules.parameters.get("attestation_period_years")),
                                advisory=True)
    except CaseError:
        values["advice"] = {"problem": "unreadable"}
        return values
    advice: dict[str, list] = {}
    result = None
    for locale in SUPPORTED_LOCALES:
        with force_locale(locale):
            result, items = advise(case, rules)
            advice[locale] = [[item.indicator, item.text] for item in items]
    indicators = result["indicators"] if result else {}
    applicable = [code for code, r in indicators.items() if r["applicable"]]
    values["advice"] = {"met": sum(1 for c in applicable if indicators[c]["met"]), "applicable": len(applicable),
                        "gaps": [c for c in applicable if not indicators[c]["met"]], "advice": advice}
    return values


def refresh(person_ids: Iterable[int], as_of: dt.date | None = None) -> int:
    """Recompute and store the readiness of these teachers (under the caller's scope); returns how many."""
    as_of = as_of or dt.date.today()
    ids = sorted(set(person_ids))
    stored = {row.person_id: row for row in db.session.execute(
        select(TeacherReadiness).where(TeacherReadiness.person_id.in_(ids))).scalars()} if ids else {}
    from app.attestation.eligibility import parameters_for
    from app.scoring import rulesets

    try:
        rules = rulesets.load_for(db.session, as_of)
    except LookupError:
        rules = None  # compute() records "no_rules"
    parameters = parameters_for(db.session, as_of)
    count = 0
    for person_id in ids:
        values = compute(person_id, as_of, rules, parameters)
        if values is None:
            continue
        row = stored.get(person_id)
        if row is None:
            db.session.add(TeacherReadiness(**values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
        count += 1
    db.session.commit()
    return count


def refresh_job(ctx, person_ids: list[int]) -> dict:
    """The job queued after a profile change (a system job: it reads the whole profile of the given
    teachers, whoever changed it, and writes only their readiness rows)."""
    done = 0
    for start in range(0, len(person_ids), CHUNK):
        done += refresh(person_ids[start:start + CHUNK])
        ctx.progress(min(100, int(100 * (start + CHUNK) / max(1, len(person_ids)))))
    return {"refreshed": done}


def _enqueue(person_ids: list[int]) -> None:
    from app.i18n import _
    from app.jobs import enqueue

    # no user: the job runs unrestricted over exactly these teachers (see refresh_job)
    enqueue(refresh_job, person_ids, description=_("Readiness of %(count)d teachers", count=len(person_ids)))


def _person_ids(session: Session) -> set[int]:
    from models.observation import ObservationSheet
    from models.person import Person
    from models.records import ProfileRecordMixin

    found: set[int] = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, (ProfileRecordMixin, ObservationSheet)):
            found.add(obj.person_id)
        elif isinstance(obj, Person) and obj.id is not None:
            found.add(obj.id)
    return {pid for pid in found if pid is not None}


@event.listens_for(Session, "before_flush")
def _queue_changed_teachers(session: Session, flush_context, instances) -> None:
    ids = _person_ids(session)
    if not ids:
        return
    queued = session.info.get(_QUEUED)
    if queued is None:
        from app.jobs import after_commit

        # one set per transaction; the job is queued once it commits (never if it rolls back)
        queued = session.info[_QUEUED] = set()
        after_commit(_run_queued, queued)
    queued |= ids


def _run_queued(ids: set[int]) -> None:
    if ids:
        _enqueue(sorted(ids))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_QUEUED, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(_QUEUED, None)
