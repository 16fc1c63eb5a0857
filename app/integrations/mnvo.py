"""МНВО, the ministry of science and higher education: higher-education diplomas (by diploma id)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from app.integrations import fields
from app.integrations.records import apply_person_records
from app.integrations.sync import Collection, Counts, Registry
from models.career import Diploma
from models.records import Source

SOURCE = Source.MNVO.value
COMPARED = ("institution", "specialty", "qualification", "number", "graduated_on")


def _diploma(session: Session, record: dict) -> dict[str, Any]:
    return {
        "institution": fields.text(record, "institution", 400, required=True),
        "specialty": fields.text(record, "specialty", 400, required=True),
        "qualification": fields.text(record, "qualification", 400),
        "number": fields.text(record, "number", 60),
        "graduated_on": fields.date(record, "graduated_on"),
    }


def apply_diplomas(session: Session, items: list[dict], now: dt.datetime) -> Counts:
    return apply_person_records(session, items, now, key_field="diploma_id", model=Diploma, source=SOURCE,
                                parse=_diploma, compared=COMPARED)


REGISTRY = Registry(SOURCE, (Collection("diplomas", apply_diplomas, path="v1/diplomas"),))
