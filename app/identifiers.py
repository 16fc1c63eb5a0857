"""ИИН and БИН validation (DOMAIN.md §8): the one module every form, API and CLI uses.

The checks are pure; messages come translated through ``reason_message`` when shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.i18n import _l

WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

#: 7th ИИН digit -> (century start, sex)
CENTURY_DIGITS = {
    "1": (1800, "M"),
    "2": (1800, "F"),
    "3": (1900, "M"),
    "4": (1900, "F"),
    "5": (2000, "M"),
    "6": (2000, "F"),
}

REASONS = {
    "empty": _l("the number is empty"),
    "length": _l("must be exactly 12 digits"),
    "digits": _l("must contain digits only"),
    "century": _l("the 7th digit (century and sex) must be 1 to 6"),
    "birth_date": _l("the first six digits are not a possible birth date"),
    "future": _l("the birth date is in the future"),
    "check_digit": _l("the check digit does not match"),
    "unissuable": _l("no valid check digit exists for this number"),
    "month": _l("digits 3-4 must be a registration month 01-12"),
    "entity_type": _l("the 5th digit (entity type) must be 4, 5 or 6"),
    "division": _l("the 6th digit (head office, branch, representative office) must be 0 to 3"),
}


@dataclass(frozen=True)
class IinCheck:
    valid: bool
    reason: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None


def check_digit(digits: str) -> int | None:
    """The 12th digit for 11 digits, or None when the number cannot be issued."""
    numbers = [int(d) for d in digits[:11]]
    remainder = sum(w * n for w, n in zip(WEIGHTS_FIRST, numbers)) % 11
    if remainder == 10:
        remainder = sum(w * n for w, n in zip(WEIGHTS_SECOND, numbers)) % 11
        if remainder == 10:
            return None
    return remainder


def _shape(value: str) -> str | None:
    if not value:
        return "empty"
    if not value.isascii() or not value.isdigit():
        return "digits"
    if len(value) != 12:
        return "length"
    return None


def _checksum_reason(value: str) -> str | None:
    expected = check_digit(value)
    if expected is None:
        return "unissuable"
    if expected != int(value[11]):
        return "check_digit"
    return None


def validate_iin(raw: str | None, today: dt.date | None = None) -> IinCheck:
    value = (raw or "").strip()
    reason = _shape(value)
    if reason:
        return IinCheck(False, reason)
    century = CENTURY_DIGITS.get(value[6])
    if century is None:
        return IinCheck(False, "century")
    start, sex = century
    try:
        born = dt.date(start + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return IinCheck(False, "birth_date")
    if born > (today or dt.date.today()):
        return IinCheck(False, "future")
    reason = _checksum_reason(value)
    if reason:
        return IinCheck(False, reason)
    return IinCheck(True, None, born, sex)


def validate_bin(raw: str | None) -> IinCheck:
    value = (raw or "").strip()
    reason = _shape(value)
    if reason:
        return IinCheck(False, reason)
    if not 1 <= int(value[2:4]) <= 12:
        return IinCheck(False, "month")
    if value[4] not in "456":
        return IinCheck(False, "entity_type")
    if value[5] not in "0123":
        return IinCheck(False, "division")
    reason = _checksum_reason(value)
    return IinCheck(reason is None, reason)


#: How many trailing digits a masked ИИН keeps: enough to tell two people apart on a list.
VISIBLE_DIGITS = 4


def mask_iin(value: str | None) -> str:
    """An ИИН as lists, exports, job results and logs show it: ``850314401236 -> ********1236``.

    Anything else (empty, too short to hide anything) comes back as stars of its own length, so
    no caller can leak a number by passing it in a different shape.
    """
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) <= VISIBLE_DIGITS:
        return "*" * len(text)
    return "*" * (len(text) - VISIBLE_DIGITS) + text[-VISIBLE_DIGITS:]


def reason_message(reason: str) -> str:
    return str(REASONS.get(reason, reason))


def make_iin(birth: dt.date, sex: str, serial: int) -> str:
    """A valid ИИН for a birth date, sex and 4-digit serial (demo data and tests).

    Serials whose check digit cannot exist are skipped to the next one.
    """
    century = {1800: ("1", "2"), 1900: ("3", "4"), 2000: ("5", "6")}[birth.year // 100 * 100]
    seventh = century[0] if sex == "M" else century[1]
    for candidate in range(serial, serial + 100):
        body = f"{birth:%y%m%d}{seventh}{candidate % 10000:04d}"
        digit = check_digit(body)
        if digit is not None:
            return body + str(digit)
    raise ValueError("no issuable ИИН near this serial")


def make_bin(registered: dt.date, serial: int, entity_type: str = "4", division: str = "0") -> str:
    for candidate in range(serial, serial + 100):
        body = f"{registered:%y%m}{entity_type}{division}{candidate % 100000:05d}"
        digit = check_digit(body)
        if digit is not None:
            return body + str(digit)
    raise ValueError("no issuable БИН near this serial")


class IinField:
    """WTForms validators for ИИН and БИН, with the reason in the user's language."""

    def __init__(self, kind: str = "iin") -> None:
        self.kind = kind

    def __call__(self, form, field) -> None:
        from wtforms.validators import ValidationError

        if not field.data:
            return
        check = validate_iin(field.data) if self.kind == "iin" else validate_bin(field.data)
        if not check.valid:
            label = _l("Invalid IIN") if self.kind == "iin" else _l("Invalid BIN")
            raise ValidationError(f"{label}: {reason_message(check.reason or '')}")
