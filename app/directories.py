"""Import of reference directories from CSV/XLSX: validate every row, then all or nothing.

Rows are matched by ``code``: an existing code is updated, a new one created. References to
other directories (and to a region) are written as their code, the way the export writes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.i18n import _
from models.directories import (
    AcademicYear,
    AppealType,
    ApprovedContest,
    AttestationPeriod,
    CourseProgram,
    EducationLevel,
    EventLevel,
    OrganizationType,
    Position,
    PublicationVenue,
    QualificationCategory,
    Subject,
)
from tenants.models import Tenant

BASE = {"code": "str", "name_kk": "str", "name_ru": "str", "name_en": "str", "sort_order": "int", "is_active": "bool"}

IMPORT_SPECS: dict[type, dict[str, Any]] = {
    EducationLevel: BASE,
    OrganizationType: {**BASE, "education_level.code": EducationLevel},
    QualificationCategory: {**BASE, "rank": "int", "is_legacy": "bool", "successor.code": QualificationCategory},
    Position: {**BASE, "is_head": "bool", "is_methodist": "bool"},
    Subject: BASE,
    EventLevel: {**BASE, "rank": "int"},
    AcademicYear: {**BASE, "starts_on": "date", "ends_on": "date", "is_closed": "bool"},
    AttestationPeriod: {
        **BASE,
        "academic_year.code": AcademicYear,
        "applications_open_on": "date",
        "applications_close_on": "date",
        "commissions_formed_by": "date",
        "decisions_by": "date",
    },
    ApprovedContest: {
        **BASE,
        "approved_by": "str",
        "approving_region.code": Tenant,
        "event_level.code": EventLevel,
        "for_students": "bool",
        "for_teachers": "bool",
    },
    PublicationVenue: {**BASE, "url": "str", "issn": "str"},
    CourseProgram: {**BASE, "provider": "str", "hours": "int"},
    AppealType: BASE,
}
REQUIRED = ("code", "name_kk", "name_ru")
TRUE = {"1", "true", "yes", "y", "да", "иә", "ия"}
FALSE = {"0", "false", "no", "n", "нет", "жоқ", ""}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def parse_upload(filename: str, data: bytes) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file, keyed by the header row."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from reports.xlsx import read_rows

        try:
            rows = read_rows(data)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's bad input
            raise ValueError(_("The file is not a readable XLSX workbook.")) from exc
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(_("The CSV file must be in UTF-8.")) from exc
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;") if text.strip() else csv.excel
        rows = [
            {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text), dialect=dialect)
        ]
    else:
        raise ValueError(_("Only CSV and XLSX files can be imported."))
    limit = current_app.config.get("IMPORT_MAX_ROWS", 50_000)
    if len(rows) > limit:
        raise ValueError(_("The file has more than %(limit)d rows.", limit=limit))
    return rows


def _convert(kind: Any, raw: str, column: str, line: int) -> tuple[Any, str | None]:
    value = (raw or "").strip()
    if isinstance(kind, type):
        if not value:
            return None, None
        found = db.session.execute(select(kind).where(kind.code == value)).scalar_one_or_none()
        if found is None:
            return None, _("Row %(line)d: %(column)s: no entry with code %(code)s.", line=line, column=column, code=value)
        return found, None
    if kind == "str":
        return (value or None), None
    if kind == "int":
        if not value:
            return None, None
        try:
            return int(float(value)), None
        except ValueError:
            return None, _("Row %(line)d: %(column)s must be a whole number.", line=line, column=column)
    if kind == "bool":
        if value.lower() in TRUE:
            return True, None
        if value.lower() in FALSE:
            return False, None
        return None, _("Row %(line)d: %(column)s must be yes or no.", line=line, column=column)
    if kind == "date":
        if not value:
            return None, None
        try:
            return dt.date.fromisoformat(value[:10]), None
        except ValueError:
            return None, _("Row %(line)d: %(column)s must be a date YYYY-MM-DD.", line=line, column=column)
    raise AssertionError(kind)


def import_rows(model: type, rows: list[dict[str, str]]) -> ImportResult:
    spec = IMPORT_SPECS[model]
    result = ImportResult()
    if not rows:
        result.errors.append(_("The file has no rows."))
        return result
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        result.errors.append(_("Missing columns: %(columns)s", columns=", ".join(missing)))
        return result
    prepared: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        values: dict[str, Any] = {}
        for column, kind in spec.items():
            if column not in row:
                continue
            value, error = _convert(kind, row[column], column, line)
            if error:
                result.errors.append(error)
            values[column.removesuffix(".code")] = value
        for column in REQUIRED:
            if not values.get(column):
                result.errors.append(_("Row %(line)d: %(column)s is required.", line=line, column=column))
        code = values.get("code")
        if code in seen:
            result.errors.append(_("Row %(line)d: the code %(code)s appears twice.", line=line, code=code))
        seen.add(code)
        prepared.append(values)
    if result.errors:
        return result
    existing = {
        item.code: item for item in db.session.execute(select(model).where(model.code.in_(seen))).scalars()
    }
    for values in prepared:
        item = existing.get(values["code"])
        if item is None:
            item = model()
            db.session.add(item)
            result.created += 1
        else:
            result.updated += 1
        for key, value in values.items():
            if key == "is_active" and value is None:
                value = True
            if key == "sort_order" and value is None:
                value = 0
            setattr(item, key, value)
    try:
        db.session.commit()
    except Exception as exc:  # noqa: BLE001 - reported to the user, nothing half-saved
        db.session.rollback()
        return ImportResult(errors=[_("The import was refused by the database: %(error)s", error=str(exc.__cause__ or exc)[:300])])
    return result
