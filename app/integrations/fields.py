"""Reading a registry's record field by field: a value of the wrong shape is an error code, never an
exception (one bad record fails alone, the page goes on)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session


class Invalid(Exception):
    """This record cannot be applied; ``code`` goes to the run log."""

    def __init__(self, code: str = "invalid_record") -> None:
        super().__init__(code)
        self.code = code


def text(record: dict, name: str, limit: int, *, required: bool = False) -> str | None:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid()
        return None
    if not isinstance(value, str | int):
        raise Invalid()
    return str(value).strip()[:limit]


def _blank(value: Any, required: bool) -> bool:
    """An absent value: fine when optional, invalid when required."""
    if value in (None, ""):
        if required:
            raise Invalid()
        return True
    return False


def date(record: dict, name: str, *, required: bool = False) -> dt.date | None:
    value = record.get(name)
    if _blank(value, required):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise Invalid() from exc


def number(record: dict, name: str, *, places: str = "0.01", low: float = 0, high: float = 10_000,
           required: bool = True) -> decimal.Decimal | None:
    value = record.get(name)
    if _blank(value, required):
        return None
    try:
        parsed = decimal.Decimal(str(value)).quantize(decimal.Decimal(places))
    except (decimal.InvalidOperation, ValueError) as exc:
        raise Invalid() from exc
    if not low <= parsed <= high:
        raise Invalid()
    return parsed


def integer(record: dict, name: str, *, low: int = 0, high: int = 10_000) -> int:
    value = record.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Invalid()
    try:
        parsed = int(value)
    except ValueError as exc:
        raise Invalid() from exc
    if not low <= parsed <= high:
        raise Invalid()
    return parsed


def key(record: dict, name: str) -> str:
    value = record.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise Invalid()
    return str(value).strip()[:64]


def codes(session: Session, model: type) -> dict[str, int]:
    """A directory's code -> id (a few dozen rows, read once per page)."""
    return dict(session.execute(select(model.code, model.id)).all())
