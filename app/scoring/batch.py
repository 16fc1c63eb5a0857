"""Scoring from the database: one teacher, or every teacher of a scope as a batch job.

The batch is set-based (STACK-NOTES "National scale"): ``score_scope`` plans the teachers of the
starter's write scope not yet scored in the batch as id ranges of ``CHUNK`` teachers, and fans them
out (app.jobs.fan_out) into ``score_chunk`` jobs that run on every RQ worker (in-process without
Redis), each under the starter's scope. A chunk loads its teachers' inputs in one statement per
table (app.portfolio.profile.load_profiles), builds the same cases as one teacher's page, scores
them with the pure engine, inserts the scores with one statement and writes one audit entry; the
scores, the audit entry and the chunk's count in the batch's job are committed together. The last
chunk finishes the batch's job.

Idempotent and resumable: a re-run with the same batch key plans only teachers not yet scored in
it (an anti-join on the unique (batch_key, person_id)); a chunk run twice inserts nothing twice.

Cases built from the database pass the same validation as the CLI's (app.scoring.validation): a
teacher whose record cannot be scored is reported in the job's result — codes, translated when
shown — and the batch goes on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, insert, select

from app.extensions import db
from app.i18n import translation_memo
from app.jobs import JobContext, fan_out, report_part
from app.portfolio.profile import load_profile, load_profiles
from app.scoring import rulesets
from app.scoring.cases import CaseError, read_case
from app.scoring.engine import RuleSetData, score
from app.scoring.snapshot import build_case
from app.scoring.validation import Problem, validate_rule_set
from models.base import utcnow
from models.criteria import ScoreResult
from models.person import Person
from tenants.scope import scoped

#: teachers per chunk job: one statement per table loads them all (a larger chunk costs no more
#: statements; SQLAlchemy's selectinload splits IN lists above 500, hence 500)
CHUNK = 500
#: teachers listed by name in a batch's report of rejected records (all are counted)
MAX_REPORTED = 500
#: problems kept per rejected teacher
MAX_PROBLEMS = 20


def _parameters(rules: RuleSetData) -> dict:
    return {"period_years": rules.parameters.get("attestation_period_years"),
            "commission_levels": rules.parameters.get("commission_levels")}


def _values(person: Person, case_data: dict, rules: RuleSetData, batch_key: str | None) -> dict:
    """A stored score's columns: the case is validated (CaseError when it cannot be scored) and scored."""
    case, _ = read_case(case_data)
    result = score(case, rules)
    failing = ",".join(code for code, r in result["indicators"].items() if r["applicable"] and not r["met"])
    tenant = person.tenant
    return {
        "person_id": person.id, "tenant_id": person.tenant_id,
        "region_id": tenant.region_id if tenant else None, "district_id": tenant.district_id if tenant else None,
        "batch_key": batch_key, "rule_set_name": rules.name, "requested_category": case.requested_category,
        "mode": case.mode, "computed_on": utcnow(), "portfolio_met": result["portfolio_met"],
        "outcome": result["outcome"], "awarded_category": result["awarded_category"],
        "total_points": result["total_points"], "failing": failing or None, "snapshot": case_data, "result": result,
    }


def score_person(person_id: int, rules: RuleSetData, as_of: dt.date, batch_key: str | None = None) -> ScoreResult | None:
    """Score one teacher from the database and add the score to the session (not committed).

    None when the teacher is out of the write scope; CaseError (nothing added) when their records
    cannot be scored.
    """
    from tenants.scope import can_write, current_scope

    profile = load_profile(person_id)
    if profile is None or not can_write(profile.person, current_scope()):
        return None
    case_data = build_case(profile, as_of, **_parameters(rules))
    values = _values(profile.person, case_data, rules, batch_key)
    stored = ScoreResult(**{k: v for k, v in values.items() if k not in ("region_id", "district_id")})
    db.session.add(stored)
    return stored


def rule_set_problems(rules: RuleSetData) -> list[Problem]:
    """A loaded rule set checked like the draft editor checks one (sets published before the
    checks existed, or changed outside the editor)."""
    return validate_rule_set(rules.parameters, [
        {"indicator": r.indicator, "kind": r.kind, "education_level": r.education_level, "position": r.position,
         "category": r.category, "applicable": r.applicable, "params": r.params} for r in rules.rules])


def rejection(person_id: int, name: str | None, problems: list[Problem]) -> dict:
    """One teacher's entry in a job's report: codes and parameters, translated when shown."""
    return {"person_id": person_id, "name": name, "problems": [p.as_dict() for p in problems[:MAX_PROBLEMS]]}


# Who is in a batch ---------------------------------------------------------------------------------
def _open_applications():
    """Live applications (not withdrawn) in an open attestation period."""
    from app.attestation.periods import OPEN
    from models.attestation import Application
    from models.directories import AttestationPeriod

    return (select(Application.person_id, Application.requested_category, Application.mode)
            .join(AttestationPeriod, AttestationPeriod.id == Application.period_id)
            .where(AttestationPeriod.state == OPEN, Application.state != "withdrawn"))


def _in_batch(applicants: bool):
    """Person ids of the batch: the write scope (a read grant never creates rows elsewhere); with
    ``applicants``, only teachers with a live application in an open period (the year's attestees)."""
    query = scoped(select(Person.id), Person, write=True)
    if applicants:
        live = _open_applications().subquery()
        query = query.where(exists(select(live.c.person_id).where(live.c.person_id == Person.id)))
    return query


def _to_score(batch_key: str, applicants: bool):
    """…not yet scored in this batch (an anti-join: nothing of the table comes into Python)."""
    done = select(ScoreResult.id).where(ScoreResult.batch_key == batch_key, ScoreResult.person_id == Person.id)
    return _in_batch(applicants).where(~exists(done))


def plan(batch_key: str, applicants: bool = False, size: int | None = None) -> list[tuple[int, int, int]]:
    """The teachers still to score as id ranges ``(first, last, teachers)`` of ``size`` teachers:
    one short statement per range (an index walk of ``size`` ids), never the ids themselves."""
    size = size or CHUNK
    todo = _to_score(batch_key, applicants)
    parts: list[tuple[int, int, int]] = []
    after = 0
    while True:
        bound = db.session.execute(
            todo.where(Person.id > after).order_by(Person.id).offset(size - 1).limit(1)
        ).scalar()
        if bound is None:
            rest = todo.where(Person.id > after).subquery()
            count, last = db.session.execute(select(func.count(), func.max(rest.c.id))).one()
            if count:
                parts.append((after + 1, last, count))
            return parts
        parts.append((after + 1, bound, size))
        after = bound


# The jobs ------------------------------------------------------------------------------------------
def score_scope(ctx: JobContext, batch_key: str, as_of: str | None = None, rule_set: str | None = None,
                applicants: bool = False) -> dict:
    """Score every teacher in the starter's write scope (``applicants``: only those with a live
    application in an open attestation period, for the category they applied for) — in chunk jobs.

    Teachers whose records cannot be scored are listed under ``rejected`` (and counted under
    ``rejected_count``); the others are scored and stored.
    """
    day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    rules = rulesets.load(db.session, rule_set) if rule_set else rulesets.load_for(db.session, day)
    total = db.session.execute(select(func.count()).select_from(_in_batch(applicants).subquery())).scalar_one()
    result = {"batch_key": batch_key, "teachers": total, "scored_now": 0, "portfolio_met": 0, "rule_set": rules.name,
              "rejected_count": 0, "rejected": []}
    broken = rule_set_problems(rules)
    if broken:  # every teacher would fail alike: say why once, score nobody
        return {**result, "rule_set_problems": [p.as_dict() for p in broken[:MAX_PROBLEMS]]}
    parts = plan(batch_key, applicants)
    to_score = sum(count for _first, _last, count in parts)
    _audit_batch(batch_key, {"batch_key": batch_key, "teachers": total, "to_score": to_score, "parts": len(parts),
                             "rule_set": rules.name, "as_of": day.isoformat(), "applicants": applicants})
    db.session.commit()
    if not parts:
        return _finish(result)
    args = [((batch_key, first, last, day.isoformat(), rules.name, applicants), count) for first, last, count in parts]
    if not ctx.record_id:  # a direct call (benchmarks, tests): the chunks run here, in the caller's scope
        for part_args, _count in args:
            result = _merge(score_chunk(JobContext(record_id=0, user_id=ctx.user_id), *part_args))(result)
        return _finish(result)
    from models.job import JobRecord

    description = db.session.get(JobRecord, ctx.record_id).description or batch_key
    fan_out(ctx, score_chunk, args, result=result, units=total, units_done=total - to_score, description=description)
    record = db.session.get(JobRecord, ctx.record_id)
    db.session.refresh(record)  # in-process, the chunks have run and the last one finished the batch
    return record.result if isinstance(record.result, dict) else result


def score_chunk(ctx: JobContext, batch_key: str, first_id: int, last_id: int, as_of: str, rule_set: str,
                applicants: bool = False) -> dict:
    """Score the batch's teachers with ids in [first_id, last_id] not scored yet, in the write scope
    of the job's starter, in one transaction with the chunk's audit entry and its report to the batch."""
    try:
        rules = rulesets.load(db.session, rule_set)
        ids = db.session.execute(
            _to_score(batch_key, applicants).where(Person.id.between(first_id, last_id)).order_by(Person.id)
        ).scalars().all()
        part = score_teachers(ids, rules, dt.date.fromisoformat(as_of), batch_key, applicants=applicants)
        _audit_batch(batch_key, {"batch_key": batch_key, "first_person_id": first_id, "last_person_id": last_id,
                                 "scored": part["scored_now"], "rejected": part["rejected_count"]},
                     f"{first_id}–{last_id}")
        report_part(ctx, len(ids), _merge(part), finish=_finish)
        db.session.commit()
    except Exception:
        db.session.rollback()
        if ctx.parent_id:  # the batch learns it; the job's own record says why (execute)
            report_part(ctx, 0, lambda result: result, finish=_finish, failed=True)
            db.session.commit()
        raise
    return part


def score_teachers(person_ids: list[int], rules: RuleSetData, day: dt.date, batch_key: str, *,
                   applicants: bool = False) -> dict:
    """Score these teachers (those of the write scope), their inputs loaded together and their
    scores inserted with one statement; not committed. The chunk's counts and rejected teachers."""
    part = {"scored_now": 0, "rejected_count": 0, "rejected": []}
    if not person_ids:
        return part
    profiles = load_profiles(person_ids, for_case=True, write=True)
    asked: dict[int, tuple[str, str]] = {}
    if applicants:  # the category and mode applied for
        from models.attestation import Application

        query = _open_applications().where(Application.person_id.in_(list(profiles))).order_by(Application.id)
        for person_id, requested, mode in db.session.execute(query).all():
            asked[person_id] = (requested, mode)
    rows = []
    with translation_memo():  # the engine's reasons: each sentence looked up once per chunk
        for person_id, profile in profiles.items():
            requested, mode = asked.get(person_id, (None, "assign"))
            case_data = build_case(profile, day, requested, mode, **_parameters(rules))
            try:
                rows.append(_values(profile.person, case_data, rules, batch_key))
            except CaseError as exc:  # this teacher's record is reported; the batch goes on
                part["rejected_count"] += 1
                if len(part["rejected"]) < MAX_REPORTED:
                    part["rejected"].append(rejection(person_id, profile.person.full_name, exc.problems))
    if rows:
        db.session.execute(_insert_new(), rows)
    part["scored_now"] = len(rows)
    return part


def _insert_new():
    """INSERT of scores that skips a teacher already scored in the batch (a chunk run twice at once)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - the unique constraint refuses the duplicate; the chunk is retried
        return insert(ScoreResult.__table__)
    return dialect_insert(ScoreResult.__table__).on_conflict_do_nothing(index_elements=["batch_key", "person_id"])


def _merge(part: dict):
    def merge(result: dict) -> dict:
        rejected = list(result.get("rejected") or [])
        rejected.extend(part["rejected"][:max(0, MAX_REPORTED - len(rejected))])
        return {**result, "scored_now": result.get("scored_now", 0) + part["scored_now"],
                "rejected_count": result.get("rejected_count", 0) + part["rejected_count"], "rejected": rejected}
    return merge


def _finish(result: dict) -> dict:
    """The batch's result once every chunk has reported: teachers whose portfolio is met, all runs."""
    # in the starter's scope: a batch key typed again on the command line by someone elsewhere
    # shares the key, not the other tenants' figures
    met = db.session.execute(scoped(
        select(func.count(ScoreResult.id)).where(ScoreResult.batch_key == result["batch_key"], ScoreResult.portfolio_met),
        ScoreResult)).scalar_one()
    return {**result, "portfolio_met": met}


def _audit_batch(batch_key: str, changes: dict, detail: str | None = None) -> None:
    """One entry of the trail for the batch, or for a chunk (its scores bypass the flush)."""
    from app.audit import record_entry
    from tenants.scope import current_scope

    record_entry(db.session, "create", ScoreResult.__tablename__, changes, tenant_id=current_scope().tenant_id,
                 object_repr=f"{batch_key} {detail}" if detail else batch_key)
