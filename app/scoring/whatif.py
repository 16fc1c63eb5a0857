"""What-if: a draft rule set against a scope, compared with the published one, before publishing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.extensions import db
from app.jobs import JobContext
from app.portfolio.profile import load_profile
from app.scoring import rulesets
from app.scoring.batch import MAX_REPORTED, rejection, rule_set_problems
from app.scoring.cases import CaseError, read_case
from app.scoring.engine import score
from app.scoring.snapshot import build_case
from models.person import Person
from tenants.scope import scoped

PASS = ("assigned", "confirmed")
MAX_LISTED = 1000


def what_if(ctx: JobContext, draft_name: str, as_of: str | None = None) -> dict:
    published = rulesets.load(db.session)
    draft = rulesets.load(db.session, draft_name)
    day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    total = db.session.execute(scoped(select(func.count(Person.id)), Person)).scalar_one()
    broken = rule_set_problems(draft) + rule_set_problems(published)
    if broken:  # the view checks the draft first; a set changed since is reported, not crashed on
        return {"published": published.name, "draft": draft.name, "teachers": total, "per_category": {},
                "changed_count": 0, "changed": [], "rule_set_problems": [p.as_dict() for p in broken[:20]],
                "rejected_count": 0, "rejected": []}
    rejected: list[dict] = []
    rejected_count = 0
    per_category: dict[str, dict[str, int]] = {}
    changed: list[dict] = []
    last_id, seen = 0, 0
    while True:
        ids = db.session.execute(
            scoped(select(Person.id), Person).where(Person.id > last_id).order_by(Person.id).limit(200)
        ).scalars().all()
        if not ids:
            break
        for person_id in ids:
            profile = load_profile(person_id)
            if profile is None:
                continue
            try:
                case, _ = read_case(build_case(profile, day,
                                               period_years=published.parameters.get("attestation_period_years")))
            except CaseError as exc:  # reported per teacher, like the batch
                rejected_count += 1
                if len(rejected) < MAX_REPORTED:
                    rejected.append(rejection(person_id, profile.person.full_name, exc.problems))
                continue
            before, after = score(case, published), score(case, draft)
            counts = per_category.setdefault(case.requested_category, {"teachers": 0, "published": 0, "draft": 0})
            counts["teachers"] += 1
            counts["published"] += before["outcome"] in PASS
            counts["draft"] += after["outcome"] in PASS
            if (before["outcome"], before["awarded_category"]) != (after["outcome"], after["awarded_category"]) \
                    and len(changed) < MAX_LISTED:
                changed.append({"person_id": person_id, "name": profile.person.full_name,
                                "requested": case.requested_category,
                                "published": f"{before['outcome']} {before['awarded_category'] or ''}".strip(),
                                "draft": f"{after['outcome']} {after['awarded_category'] or ''}".strip()})
        seen += len(ids)
        last_id = ids[-1]
        db.session.expire_all()
        ctx.progress(seen * 100 // max(total, 1), f"{seen}/{total}")
    return {"published": published.name, "draft": draft.name, "teachers": total, "per_category": per_category,
            "changed_count": len(changed), "changed": changed, "rejected_count": rejected_count, "rejected": rejected}
