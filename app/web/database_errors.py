"""Database refusals as sentences in the user's language: never SQL text, never a stored value.

A unique key that is taken names the field ("this user name is taken"); a delete blocked by
linked rows counts them ("delete the 12 records of this person first, or archive them").
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError

from app.i18n import _, _l, ngettext

#: column -> what the user calls it, for the "already used" sentence
FIELD_NAMES = {
    "username": _l("user name"),
    "email": _l("e-mail"),
    "code": _l("code"),
    "iin": _l("IIN"),
    "bin": _l("BIN"),
    "kato": _l("KATO code"),
    "name": _l("name"),
    "name_kk": _l("name in Kazakh"),
    "name_ru": _l("name in Russian"),
    "name_en": _l("name in English"),
    "version": _l("version"),
}

#: model class name -> how a delete sentence names the record
RECORD_NAMES = {
    "Person": _l("this person"),
    "Tenant": _l("this organization"),
    "User": _l("this user"),
}

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")
_PG_KEY = re.compile(r"Key \(([^)]+)\)=")


def _unique_columns(exc: IntegrityError) -> list[str]:
    text = str(exc.orig) if exc.orig is not None else ""
    match = _SQLITE_UNIQUE.search(text)
    if match:
        return [part.split(".")[-1] for part in match.group(1).split(", ")]
    diag = getattr(exc.orig, "diag", None)
    detail = getattr(diag, "message_detail", None) or text
    match = _PG_KEY.search(detail or "")
    if match:
        return [part.strip().strip('"') for part in match.group(1).split(",")]
    return []


def _is_unique(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else ""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate == "23505" or "unique" in text


def _is_not_null(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else ""
    return getattr(exc.orig, "sqlstate", None) == "23502" or "not null" in text


def linked_rows(item: Any) -> int:
    """How many rows of other tables point at ``item`` (what blocks its delete)."""
    from app.extensions import db

    table = getattr(type(item), "__table__", None)
    pk = getattr(item, "id", None)
    if table is None or pk is None:
        return 0
    total = 0
    for other in table.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and fk.parent.table is other:
                if other is table and fk.parent.name == "id":
                    continue
                total += db.session.execute(
                    select(func.count()).select_from(other).where(fk.parent == pk)
                ).scalar_one()
    return total


def explain_database_error(exc: Exception, item: Any, action: str) -> str:
    """The sentence for a refused add / edit / delete (the session is already rolled back)."""
    cause = exc.__cause__ if not isinstance(exc, (IntegrityError, DataError)) and exc.__cause__ else exc
    if isinstance(cause, IntegrityError):
        if action == "delete":
            count = linked_rows(item) if item is not None else 0
            what = str(RECORD_NAMES.get(type(item).__name__, _l("this record")))
            if count:
                return ngettext(
                    "Delete the %(num)d record of %(what)s first, or archive it.",
                    "Delete the %(num)d records of %(what)s first, or archive them.",
                    count,
                    what=what,
                )
            return _("%(what)s is still in use and cannot be deleted; archive it instead.", what=what.capitalize())
        if _is_unique(cause):
            columns = [c for c in _unique_columns(cause) if c not in ("tenant_id", "id")]
            names = [str(FIELD_NAMES[c]) for c in columns if c in FIELD_NAMES]
            if len(names) == 1:
                return _("This %(field)s is taken: another record already uses it.", field=names[0])
            if len(names) == len(columns) > 1:
                return _("This combination of %(fields)s is taken: another record already uses it.", fields=", ".join(names))
            return _("A record with the same data already exists.")
        if _is_not_null(cause):
            return _("A required field is empty.")
        return _("The record conflicts with existing data (a duplicate or a missing link).")
    if isinstance(cause, DataError):
        return _("A value is too long or out of range.")
    return _("The record could not be saved. Check the values and try again.")
