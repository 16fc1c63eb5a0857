"""Data-quality jobs. Each runs under the scope of the user who started it."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.identifiers import mask_iin, validate_iin
from app.jobs import JobContext
from models.person import Person
from tenants.scope import scoped

BATCH = 500


def check_person_iins(ctx: JobContext) -> dict:
    """Re-validate the ИИН of every teacher in scope; list the invalid ones."""
    total = db.session.execute(scoped(select(func.count(Person.id)), Person)).scalar_one()
    invalid: list[dict] = []
    seen = 0
    last_id = 0
    while True:
        rows = db.session.execute(
            scoped(select(Person.id, Person.iin, Person.last_name), Person)
            .where(Person.id > last_id)
            .order_by(Person.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            check = validate_iin(row.iin)
            if not check.valid:
                # a job result is a list: the ИИН masked (app.identifiers.mask_iin)
                invalid.append({"id": row.id, "iin": mask_iin(row.iin), "name": row.last_name, "reason": check.reason})
        seen += len(rows)
        last_id = rows[-1].id
        ctx.progress(seen * 100 // max(total, 1), f"{seen}/{total}")
    return {"checked": seen, "invalid": invalid[:1000], "invalid_count": len(invalid)}
