"""Import of reference directories from CSV/XLSX: validate every row, then all or nothing.

Rows are matched by ``code``: an existing code is updated, a new one created. References to
other directories (and to a region) are written as their code, the way the export writes them.

A file is the user's input and may be anything: too big, empty, in another encoding, a damaged
workbook, a CSV line longer than the csv module accepts, values that do not fit their column.
Each is refused with a sentence naming the problem (and its row and column); nothing is written
unless every row is right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.errors import RuleViolation
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
        "state": "str",
        "review_days": "int",
        "stage_order": "str",
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
#: whole numbers of the directories (order, rank, hours) are small; beyond this a value is a typo
INT_RANGE = (-1_000_000, 1_000_000)
#: a workbook is a zip: refuse one that unpacks to more than this many times the upload limit
XLSX_UNPACKED_FACTOR = 20
#: values echoed in a message are cut to this many characters
SHOWN = 40
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHOLE = re.compile(r"[+-]?[0-9]{1,9}(?:\.0*)?")


class ImportRefused(ValueError):
    """The whole file is refused; the message is in the user's language."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def max_import_bytes() -> int:
    """The largest file accepted (the evidence upload limit unless IMPORT_MAX_BYTES is set)."""
    return int(current_app.config.get("IMPORT_MAX_BYTES") or current_app.config["MAX_UPLOAD_BYTES"])


def _shown(value: str) -> str:
    value = _CONTROL.sub("", value)
    return value if len(value) <= SHOWN else value[:SHOWN] + "…"


def parse_upload(filename: str, data: bytes) -> Table:
    """The rows of a CSV (UTF-8, comma or semicolon) or XLSX file, keyed by the header row.

    Raises ImportRefused when the file as a whole cannot be read."""
    name = (filename or "").lower()
    if not name.endswith((".csv", ".xlsx")):
        raise ImportRefused(_("Only CSV and XLSX files can be imported."))
    limit = max_import_bytes()
    if len(data) > limit:
        raise ImportRefused(_("The file is larger than %(limit)d MB.", limit=max(1, limit // (1024 * 1024))))
    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    table = _xlsx_table(data) if name.endswith(".xlsx") else _csv_table(data)
    return _keyed(table)


def _row_limit() -> int:
    return int(current_app.config.get("IMPORT_MAX_ROWS", 50_000))


def _too_many_rows() -> ImportRefused:
    return ImportRefused(_("The file has more than %(limit)d rows.", limit=_row_limit()))


def _decode(data: bytes) -> str:
    """The text of a CSV file, which must be UTF-8 (with or without the BOM Excel writes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(_("The CSV file is in UTF-16. Save it as “CSV UTF-8” and import it again."))
    if data.startswith(b"PK\x03\x04"):
        raise ImportRefused(_("This is an XLSX workbook, not a CSV file: import it with the .xlsx extension."))
    if b"\x00" in data:
        raise ImportRefused(_("The file is not a text CSV file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if _looks_cp1251(data):
            raise ImportRefused(
                _("The CSV file is in the Windows-1251 encoding, not UTF-8. Save it as “CSV UTF-8” and import it "
                  "again.")
            ) from exc
        raise ImportRefused(
            _("The CSV file is not in UTF-8 (the first unreadable character is on line %(line)d). Save it as "
              "“CSV UTF-8” and import it again.", line=line)
        ) from exc


def _looks_cp1251(data: bytes) -> bool:
    """Mostly Cyrillic letters once read as Windows-1251: the usual "CSV" of an older Excel."""
    try:
        text = data[:65536].decode("cp1251")
    except UnicodeDecodeError:
        return False
    foreign = [c for c in text if ord(c) > 127]
    return bool(foreign) and sum("\u0400" <= c <= "\u04ff" for c in foreign) >= 0.9 * len(foreign)


def _csv_table(data: bytes) -> list[list[str]]:
    """Header and rows of a CSV text; the delimiter (comma or semicolon) is the header's."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[list[str]] = []
    limit = _row_limit()
    try:
        for values in reader:
            table.append(values)
            if len(table) > limit + 1:
                raise _too_many_rows()
    except csv.Error as exc:
        line = len(table) + 1
        if "field larger than field limit" in str(exc):
            raise ImportRefused(
                _("Row %(line)d: a value is longer than %(limit)d characters.", line=line, limit=csv.field_size_limit())
            ) from exc
        raise ImportRefused(_("Row %(line)d cannot be read as CSV: check its quotes.", line=line)) from exc
    return table


def _xlsx_table(data: bytes) -> list[list[str]]:
    """Header and rows of the first sheet of a workbook, read as text."""
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRefused(_("The file is not an XLSX workbook. Save it from the spreadsheet as .xlsx.")) from exc
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise ImportRefused(_("The file is not an XLSX workbook. Save it from the spreadsheet as .xlsx."))
    if sum(m.file_size for m in members) > XLSX_UNPACKED_FACTOR * max_import_bytes():
        raise ImportRefused(_("The workbook is too large once unpacked."))
    limit = _row_limit()
    table: list[list[str]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        raise ImportRefused(_("The XLSX workbook is damaged and cannot be read.")) from exc
    try:
        if not book.worksheets:
            raise ImportRefused(_("The workbook has no sheet."))
        for values in book.worksheets[0].iter_rows(values_only=True):
            if values is None or all(v is None for v in values):
                if table:  # blank lines between rows are skipped, as a spreadsheet shows them
                    continue
                values = ()
            table.append(["" if v is None else str(v) for v in values])
            if len(table) > limit + 1:
                raise _too_many_rows()
    except ImportRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while it is read
        raise ImportRefused(_("The XLSX workbook is damaged and cannot be read.")) from exc
    finally:
        book.close()
    return table


@dataclass
class Table:
    """An uploaded file read as text: its column names and its non-blank rows (with their row numbers)."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _keyed(table: list[list[str]]) -> Table:
    """Rows keyed by the header; a row longer than the header is refused (its values would be lost)."""
    if not table or not any(h.strip() for h in table[0]):
        raise ImportRefused(_("The file has no header row: the first row names the columns."))
    header = [h.strip() for h in table[0]]
    named = [h for h in header if h]
    for column in sorted({h for h in named if named.count(h) > 1}):
        raise ImportRefused(_("The column %(column)s appears twice.", column=_shown(column)))
    rows = []
    for line, values in enumerate(table[1:], start=2):
        if not any((v or "").strip() for v in values):
            continue
        if any((v or "").strip() for v in values[len(header):]):
            raise ImportRefused(_("Row %(line)d has more values than the header has columns.", line=line))
        padded = [*values, *[""] * (len(header) - len(values))]
        rows.append((line, {h: (v or "").strip() for h, v in zip(header, padded) if h}))
    return Table(columns=named, rows=rows)


def _column_limit(model: type, attribute: str) -> int | None:
    column = model.__table__.columns.get(attribute)
    return getattr(column.type, "length", None) if column is not None else None


def _convert(kind: Any, raw: str, column: str, line: int, cache: dict) -> tuple[Any, str | None]:
    value = (raw or "").strip()
    if _CONTROL.search(value):
        return None, _("Row %(line)d: %(column)s contains invisible control characters.", line=line, column=column)
    if isinstance(kind, type):
        if not value:
            return None, None
        if (kind, value) not in cache:
            cache[(kind, value)] = db.session.execute(select(kind).where(kind.code == value)).scalar_one_or_none()
        found = cache[(kind, value)]
        if found is None:
            return None, _("Row %(line)d: %(column)s: no entry with code %(code)s.", line=line, column=column,
                           code=_shown(value))
        return found, None
    if kind == "str":
        return (value or None), None
    if kind == "int":
        if not value:
            return None, None
        # spreadsheets write whole numbers as "30.0"; "1e400", "nan" and 20 digits are not numbers here
        if not _WHOLE.fullmatch(value):
            return None, _("Row %(line)d: %(column)s must be a whole number.", line=line, column=column)
        number = int(value.split(".", 1)[0])
        if not INT_RANGE[0] <= number <= INT_RANGE[1]:
            return None, _("Row %(line)d: %(column)s must be a whole number from %(minimum)d to %(maximum)d.",
                           line=line, column=column, minimum=INT_RANGE[0], maximum=INT_RANGE[1])
        return number, None
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


def import_rows(model: type, table: Table) -> ImportResult:
    """Check every row, then create or update them all, or nothing (the errors say why)."""
    spec = IMPORT_SPECS[model]
    result = ImportResult()
    unknown = [c for c in table.columns if c not in spec]
    if unknown:
        result.errors.append(_("Unknown columns: %(columns)s. The columns of this directory: %(expected)s.",
                               columns=", ".join(_shown(c) for c in unknown[:10]), expected=", ".join(spec)))
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        result.errors.append(_("Missing columns: %(columns)s", columns=", ".join(missing)))
    if not result.errors and not table.rows:
        result.errors.append(_("The file has no rows."))
    if result.errors:
        return result
    prepared: list[dict[str, Any]] = []
    seen: set[str] = set()
    cache: dict = {}
    for line, row in table.rows:
        values: dict[str, Any] = {}
        for column, kind in spec.items():
            if column not in row:
                continue
            value, error = _convert(kind, row[column], column, line, cache)
            attribute = column.removesuffix(".code")
            limit = _column_limit(model, attribute)
            if not error and isinstance(value, str) and limit and len(value) > limit:
                error = _("Row %(line)d: %(column)s is longer than %(limit)d characters.", line=line, column=column,
                          limit=limit)
            if error:
                result.errors.append(error)
            values[attribute] = value
        for column in REQUIRED:
            if not values.get(column):
                result.errors.append(_("Row %(line)d: %(column)s is required.", line=line, column=column))
        code = values.get("code")
        if code in seen:
            result.errors.append(_("Row %(line)d: the code %(code)s appears twice.", line=line, code=_shown(code)))
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
            if value is None and _has_default(model, key):
                # an empty cell of a required column with a default: the default (or what is stored)
                if item in db.session.new:
                    continue
                value = getattr(item, key)
            setattr(item, key, value)
    try:
        db.session.commit()
    except RuleViolation as exc:
        db.session.rollback()
        return ImportResult(errors=[str(exc)])
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("directory import of %s refused by the database", model.__name__)
        return ImportResult(errors=[_("The database refused the import (a duplicate or a value that does not "
                                      "fit); nothing was saved.")])
    return result


def _has_default(model: type, attribute: str) -> bool:
    """A column that may not be empty but has a default (is_active, sort_order, approved_by, …)."""
    column = model.__table__.columns.get(attribute)
    return column is not None and not column.nullable and column.default is not None
