"""Scoring from the database: one teacher, or every teacher of a scope as an RQ job (in chunks,
idempotent, resumable: a re-run with the same batch key skips teachers already scored).

Cases built from the database pass the same validation as the CLI's (app.scoring.validation): a
teacher whose record cannot be scored is reported in the job's result — codes, translated when
shown — and the batch goes on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.extensions import db
from app.jobs import JobContext
from app.portfolio.profile import load_profile
from app.scoring import rulesets
from app.scoring.cases import CaseError, read_case
from app.scoring.engine import RuleSetData, score
from app.scoring.snapshot import build_case
from app.scoring.validation import Problem, validate_rule_set
from models.criteria import ScoreResult
from models.person import Person
from tenants.scope import scoped

CHUNK = 200
#: teachers listed by name in a batch's report of rejected records (all are counted)
MAX_REPORTED = 500
#: problems kept per rejected teacher
MAX_PROBLEMS = 20


def score_person(person_id: int, rules: RuleSetData, as_of: dt.date, batch_key: str | None = None) -> ScoreResult | None:
    """Score one teacher from the database and add the score to the session (not committed).

    None when the teacher is out of the write scope; CaseError (nothing added) when their records
    cannot be scored.
    """
    from tenants.scope import can_write, current_scope

    profile = load_profile(person_id)
    if profile is None or not can_write(profile.person, current_scope()):
        return None
    case_data = build_case(profile, as_of, period_years=rules.parameters.get("attestation_period_years"),
                           commission_levels=rules.parameters.get("commission_levels"))
    case, _ = read_case(case_data)
    result = score(case, rules)
    failing = ",".join(code for code, r in result["indicators"].items() if r["applicable"] and not r["met"])
    stored = ScoreResult(
        person_id=person_id, tenant_id=profile.person.tenant_id, batch_key=batch_key, rule_set_name=rules.name,
        requested_category=case.requested_category, mode=case.mode, portfolio_met=result["portfolio_met"],
        outcome=result["outcome"], awarded_category=result["awarded_category"], total_points=result["total_points"],
        failing=failing or None, snapshot=case_data, result=result,
    )
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


def score_scope(ctx: JobContext, batch_key: str, as_of: str | None = None, rule_set: str | None = None) -> dict:
    """Score every teacher in the starter's scope for their next category.

    Teachers whose records cannot be scored are listed under ``rejected`` (and counted under
    ``rejected_count``); the others are scored and stored.
    """
    day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    rules = rulesets.load(db.session, rule_set) if rule_set else rulesets.load_for(db.session, day)
    # scores are written: the write scope decides (a read grant never creates rows elsewhere)
    total = db.session.execute(scoped(select(func.count(Person.id)), Person, write=True)).scalar_one()
    broken = rule_set_problems(rules)
    if broken:  # every teacher would fail alike: say why once, score nobody
        return {"batch_key": batch_key, "teachers": total, "scored_now": 0, "portfolio_met": 0, "rule_set": rules.name,
                "rule_set_problems": [p.as_dict() for p in broken[:MAX_PROBLEMS]], "rejected_count": 0,
                "rejected": []}
    done = set(db.session.execute(select(ScoreResult.person_id).where(ScoreResult.batch_key == batch_key)).scalars())
    last_id, seen, scored = 0, len(done), 0
    rejected: list[dict] = []
    rejected_count = 0
    while True:
        ids = db.session.execute(
            scoped(select(Person.id), Person, write=True).where(Person.id > last_id).order_by(Person.id).limit(CHUNK)
        ).scalars().all()
        if not ids:
            break
        for person_id in ids:
            if person_id in done:
                continue
            try:
                score_person(person_id, rules, day, batch_key)
            except CaseError as exc:  # this teacher's record is reported; the batch goes on
                rejected_count += 1
                if len(rejected) < MAX_REPORTED:
                    person = db.session.get(Person, person_id)
                    rejected.append(rejection(person_id, person.full_name if person else None, exc.problems))
                continue
            scored += 1
        db.session.commit()  # one chunk at a time: a dead worker loses at most a chunk
        last_id = ids[-1]
        seen = min(total, seen + sum(1 for i in ids if i not in done))
        ctx.progress(seen * 100 // max(total, 1), f"{seen}/{total}")
    met = db.session.execute(
        select(func.count(ScoreResult.id)).where(ScoreResult.batch_key == batch_key, ScoreResult.portfolio_met)
    ).scalar_one()
    return {"batch_key": batch_key, "teachers": total, "scored_now": scored, "portfolio_met": met, "rule_set": rules.name,
            "rejected_count": rejected_count, "rejected": rejected}
