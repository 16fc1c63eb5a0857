"""УТО, the national testing centre: ОЗП results, violation acts and annulments (by result id)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from app.integrations import fields
from app.integrations.records import academic_years, apply_person_records, year_of
from app.integrations.sync import Collection, Counts, Registry
from models.career import OzpResult
from models.directories import QualificationCategory
from models.records import Source

SOURCE = Source.UTO.value
COMPARED = ("taken_on", "language", "percent", "category_reached_id", "violation_act", "annulled",
            "annulment_reason", "academic_year_id")


def _result(cache: dict, session: Session, record: dict) -> dict[str, Any]:
    if "categories" not in cache:
        cache["categories"] = fields.codes(session, QualificationCategory)
        cache["years"] = academic_years(session)
    taken = fields.date(record, "taken_on", required=True)
    language = record.get("language") if record.get("language") in ("kk", "ru") else None
    if language is None:
        raise fields.Invalid()
    return {
        "taken_on": taken, "language": language, "percent": fields.number(record, "percent", high=100),
        "category_reached_id": cache["categories"].get(str(record.get("category_code") or "")),
        "violation_act": fields.text(record, "violation_act", 400), "annulled": bool(record.get("annulled")),
        "annulment_reason": fields.text(record, "annulment_reason", 4000),
        "academic_year_id": year_of(cache["years"], taken),
    }


def apply_results(session: Session, items: list[dict], now: dt.datetime) -> Counts:
    return apply_person_records(session, items, now, key_field="result_id", model=OzpResult, source=SOURCE,
                                parse=partial(_result, {}), compared=COMPARED)


def refetch_person(iin: str, client=None) -> Counts:
    """One teacher's results fetched again (an upheld appeal "ОЗП results not shown", app/appeals):
    ``GET /uto/v1/results?iin=`` answers every result of that ИИН at once. Raises RegistryError."""
    from flask import current_app

    from app.extensions import db
    from app.integrations.http import RegistryError, client_for
    from models.base import utcnow

    client = client or client_for(SOURCE, current_app.config, retries=2)
    data = client.get_json("results", "v1/results", {"iin": iin})
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise RegistryError("bad_payload", SOURCE)
    return apply_results(db.session, [i for i in items if isinstance(i, dict) and i.get("iin") == iin], utcnow())


REGISTRY = Registry(SOURCE, (Collection("results", apply_results, path="v1/results"),))
