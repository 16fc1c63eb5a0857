"""What УТО, МНВО and Орлеу feeds have in common: records about a teacher, found by ИИН, upserted
into one profile table by the registry's key, owned by the teacher's organization."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.integrations import fields
from app.integrations.sync import Counts
from app.integrations.upsert import latest, mark_reports, upsert
from models.directories import AcademicYear
from models.person import Person


def academic_years(session: Session) -> list[tuple[dt.date, dt.date, int]]:
    return [(r.starts_on, r.ends_on, r.id) for r in session.execute(
        select(AcademicYear.starts_on, AcademicYear.ends_on, AcademicYear.id)) if r.starts_on and r.ends_on]


def year_of(years: list[tuple[dt.date, dt.date, int]], day: dt.date | None) -> int | None:
    """The academic year a dated record belongs to (the profile is split by years)."""
    if day is None:
        return None
    return next((i for start, end, i in years if start <= day <= end), None)


def apply_person_records(session: Session, items: list[dict], now: dt.datetime, *, key_field: str, model: type,
                         source: str, parse: Callable[[Session, dict], dict[str, Any]],
                         compared: tuple[str, ...]) -> Counts:
    counts = Counts()
    records = latest(items, key_field, counts)
    iins = {str(r.get("iin") or "") for r in records.values()}
    persons = {r.iin: (r.id, r.tenant_id, r.region_id, r.district_id) for r in session.execute(
        select(Person.id, Person.iin, Person.tenant_id, Person.region_id, Person.district_id)
        .where(Person.iin.in_(iins)))} if iins else {}
    rows: dict[str, dict] = {}
    for key, record in records.items():
        try:
            values = parse(session, record)
        except fields.Invalid as exc:
            counts.error(exc.code)
            continue
        person = persons.get(str(record.get("iin") or ""))
        if person is None:
            counts.error("unknown_person", skipped=True)
            continue
        rows[key] = {**values, "person_id": person[0], "tenant_id": person[1], "region_id": person[2],
                     "district_id": person[3], "source": source}
    outcome = upsert(session, model, "external_id", rows, compared=(*compared, "person_id", "tenant_id", "source"),
                     stamp={"collected_on": now})
    counts.created += len(outcome.created)
    counts.updated += len(outcome.updated)
    counts.unchanged += len(outcome.unchanged)
    mark_reports(session, outcome.tenants)
    return counts
