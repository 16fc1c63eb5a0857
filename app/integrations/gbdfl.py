"""ГБД ФЛ, the state database of individuals: used for lookups only, never copied in bulk
(app/integrations/lookups.py). Its sync re-reads the persons whose names came from it, 100 per
call, so a name corrected there is corrected here; persons from НОБД or typed by hand are left alone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.integrations.http import RegistryClient
from app.integrations.lookups import lookup_persons
from app.integrations.sync import Collection, Counts, Page, Registry
from app.integrations.upsert import upsert
from app.people import search_key
from models.person import Person
from models.records import Source

SOURCE = Source.GBDFL.value
COMPARED = ("last_name", "first_name", "middle_name", "search_name", "birth_date", "sex")


def fetch_persons(client: RegistryClient, session: Session, since: int, limit: int) -> Page:
    """Our persons named by ГБД ФЛ after id ``since``, with what the registry says of them now."""
    where = (Person.source == SOURCE, Person.id > since)
    rows = session.execute(select(Person.id, Person.iin).where(*where).order_by(Person.id).limit(limit)).all()
    remaining = session.execute(select(func.count()).select_from(Person).where(*where)).scalar_one()
    found = lookup_persons([r.iin for r in rows], client)
    items = []
    for row in rows:
        facts = found.get(row.iin)
        items.append({"id": row.id, "iin": row.iin, "found": facts is not None,
                      **({} if facts is None else facts.__dict__)})
    return Page(items, rows[-1].id if rows else since, len(rows) == limit, remaining)


def apply_persons(session: Session, items: list[dict], now: dt.datetime) -> Counts:
    counts = Counts(fetched=len(items))
    values: dict[str, dict] = {}
    for item in items:
        if not item["found"]:
            counts.error("not_found", skipped=True)
            continue
        values[item["iin"]] = {
            "last_name": item["last_name"], "first_name": item["first_name"], "middle_name": item["middle_name"],
            "search_name": search_key(item["last_name"], item["first_name"], item["middle_name"]),
            "birth_date": item["birth_date"], "sex": item["sex"],
        }
    outcome = upsert(session, Person, "iin", values, compared=COMPARED, stamp={"collected_on": now})
    counts.updated += len(outcome.updated)
    counts.unchanged += len(outcome.unchanged)
    counts.created += len(outcome.created)  # none: every ИИН was read from our own table
    return counts


REGISTRY = Registry(SOURCE, (Collection("persons", apply_persons, fetch=fetch_persons),), lookup_only=True)
