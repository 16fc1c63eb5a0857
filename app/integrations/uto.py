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


REGISTRY = Registry(SOURCE, (Collection("results", apply_results, path="v1/results"),))
