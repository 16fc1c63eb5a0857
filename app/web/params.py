"""Reading the query and form fields of hand-written pages: bounded, with the reason in the user's language.

FAB's generic routes (ids, paging, ordering) are parsed in ``views/base.py``; custom pages read
their own fields through these helpers instead of ``int()`` and a try/except per view, so bad
input becomes a 400 (query string) or a 422 (form field), never a 500 and never a raw message.

The ``read_*`` functions are pure (value in, value or ``BadInput`` out) so that forms with
many rows can collect every problem; the ``*_arg`` / ``*_field`` functions read the current request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest, UnprocessableEntity

from app.i18n import _

#: the largest value of a PostgreSQL ``integer`` column (ids included): beyond it the database
#: itself fails with "integer out of range" (SQLite with OverflowError)
MAX_INT = 2**31 - 1
#: control characters (tab and line breaks excepted): PostgreSQL refuses NUL in text, and none of
#: them has a meaning in a name, a note or a code
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: a whole number as people type it, and as spreadsheets write it ("30.0")
_WHOLE = re.compile(r"[+-]?[0-9]+(?:\.0*)?")


class BadInput(Exception):
    """Marker of every refusal below; ``description`` is the sentence to show."""

    description: str


class BadParameter(BadInput, BadRequest):
    """A query-string parameter that cannot be read: 400."""


class InvalidField(BadInput, UnprocessableEntity):
    """A submitted form field whose value is refused: 422."""


def _label(label: Any, name: str) -> str:
    return str(label) if label is not None else name


def read_int(raw: Any, *, minimum: int, maximum: int, label: Any, error: type[BadInput] = InvalidField) -> int:
    """A whole number within [minimum, maximum]; ``error`` with the reason otherwise."""
    text = str(raw).strip() if raw is not None else ""
    # ASCII digits only: str.isdigit() accepts "²" and "١", which int() then refuses or misreads
    if not _WHOLE.fullmatch(text):
        raise error(_("%(field)s: enter a whole number.", field=str(label)))
    digits = text.split(".", 1)[0]
    # a hundred digits is out of any range; int() of thousands of digits is slow or refused
    if len(digits) > 100 or not minimum <= int(digits) <= maximum:
        raise error(
            _("%(field)s: enter a number from %(minimum)d to %(maximum)d.", field=str(label), minimum=minimum,
              maximum=maximum)
        )
    return int(digits)


def read_text(raw: Any, *, max_length: int, label: Any, required: bool = False,
              error: type[BadInput] = InvalidField) -> str:
    """Text stripped of surrounding spaces, at most ``max_length`` characters, no control characters."""
    text = str(raw).strip() if raw is not None else ""
    if required and not text:
        raise error(_("%(field)s: fill in this field.", field=str(label)))
    if _CONTROL.search(text):
        raise error(_("%(field)s: the text contains invisible control characters; remove them.", field=str(label)))
    if len(text) > max_length:
        raise error(_("%(field)s: at most %(limit)d characters.", field=str(label), limit=max_length))
    return text


def read_choice(raw: Any, choices: Iterable[str], *, label: Any, error: type[BadInput] = InvalidField) -> str:
    text = str(raw).strip() if raw is not None else ""
    if text not in set(choices):
        raise error(_("%(field)s: choose one of the offered values.", field=str(label)))
    return text


def int_arg(name: str, *, minimum: int = 1, maximum: int = MAX_INT, default: int | None = None,
            label: Any = None, args: Mapping[str, str] | None = None) -> int | None:
    """A query-string integer: ``default`` when absent or empty, 400 when unreadable or out of range."""
    raw = (request.args if args is None else args).get(name)
    if raw is None or not str(raw).strip():
        return default
    return read_int(raw, minimum=minimum, maximum=maximum, label=_label(label, name), error=BadParameter)


def choice_arg(name: str, choices: Iterable[str], *, default: str | None = None, label: Any = None,
               args: Mapping[str, str] | None = None) -> str | None:
    """A query-string value from a fixed set: ``default`` when absent or empty, 400 otherwise."""
    raw = (request.args if args is None else args).get(name)
    if raw is None or not str(raw).strip():
        return default
    return read_choice(raw, choices, label=_label(label, name), error=BadParameter)


def int_field(name: str, *, minimum: int = 1, maximum: int = MAX_INT, default: int | None = None,
              required: bool = False, label: Any = None, form: Mapping[str, str] | None = None) -> int | None:
    """A form integer: ``default`` when absent (422 if ``required``), 422 when unreadable or out of range."""
    raw = (request.form if form is None else form).get(name)
    if raw is None or not str(raw).strip():
        if required:
            raise InvalidField(_("%(field)s: fill in this field.", field=_label(label, name)))
        return default
    return read_int(raw, minimum=minimum, maximum=maximum, label=_label(label, name))


def int_list_field(name: str, *, max_items: int = 1000, label: Any = None,
                   form: Mapping[str, Any] | None = None) -> list[int]:
    """Every value of a repeated form field (ticked boxes) as ids; 422 for one that is not, or too many."""
    values = (request.form if form is None else form).getlist(name)
    if len(values) > max_items:
        raise InvalidField(_("%(field)s: at most %(limit)d items.", field=_label(label, name), limit=max_items))
    return [read_int(value, minimum=1, maximum=MAX_INT, label=_label(label, name)) for value in values]


def text_field(name: str, *, max_length: int, required: bool = False, label: Any = None,
               form: Mapping[str, str] | None = None) -> str:
    """A form text (stripped); 422 when required and empty, too long, or holding control characters."""
    raw = (request.form if form is None else form).get(name)
    return read_text(raw, max_length=max_length, label=_label(label, name), required=required)


def read_date(raw: Any, *, label: Any, error: type[BadInput] = InvalidField):
    """A date as the page shows it (31.12.2026, app/web/dates.py) or as ISO (2026-12-31), years 1900–2200."""
    from app.web.dates import parse_date

    value = parse_date(raw)
    if value is None:
        raise error(_("%(field)s: a date such as 31.12.2026.", field=_label(label, "date")))
    return value


def date_field(name: str, *, required: bool = False, label: Any = None, form: Mapping[str, str] | None = None):
    """A form date: None when absent (422 if ``required``), 422 when unreadable."""
    raw = (request.form if form is None else form).get(name)
    if raw is None or not str(raw).strip():
        if required:
            raise InvalidField(_("%(field)s: fill in this field.", field=_label(label, name)))
        return None
    return read_date(raw, label=_label(label, name))
