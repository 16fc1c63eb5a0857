"""«Өрлеу»: qualification course certificates (by certificate id), matched to our course programs by code."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from app.integrations import fields
from app.integrations.records import academic_years, apply_person_records, year_of
from app.integrations.sync import Collection, Counts, Registry
from models.directories import CourseProgram
from models.portfolio import Course
from models.records import Source

SOURCE = Source.ORLEU.value
COMPARED = ("program_id", "other_program", "provider", "hours", "certificate_number", "completed_on",
            "academic_year_id")


def _certificate(cache: dict, session: Session, record: dict) -> dict[str, Any]:
    if "programs" not in cache:
        cache["programs"] = fields.codes(session, CourseProgram)
        cache["years"] = academic_years(session)
    program = cache["programs"].get(str(record.get("program_code") or ""))
    name = fields.text(record, "program_name", 400)
    if program is None and not name:
        raise fields.Invalid()
    completed = fields.date(record, "completed_on", required=True)
    return {
        "program_id": program, "other_program": None if program else name,
        "provider": fields.text(record, "provider", 400), "hours": fields.integer(record, "hours", low=1, high=2000),
        "certificate_number": fields.text(record, "certificate_number", 60), "completed_on": completed,
        "in_profile": True, "academic_year_id": year_of(cache["years"], completed),
    }


def apply_certificates(session: Session, items: list[dict], now: dt.datetime) -> Counts:
    return apply_person_records(session, items, now, key_field="certificate_id", model=Course, source=SOURCE,
                                parse=partial(_certificate, {}), compared=COMPARED)


REGISTRY = Registry(SOURCE, (Collection("certificates", apply_certificates, path="v1/certificates"),))
