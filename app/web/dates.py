"""Dates on staff pages: one format per language, the same in the picker, in forms and on display.

kk and ru write 31.12.2026; en uses the same day-first form (Kazakhstan's English users read
dates as the other two languages do, and 05.06.2026 must not mean May in one language and June in
another). ISO 2026-12-31 is still read everywhere (the API, native date inputs, old links).

FAB's date fields (forms and list search) are replaced by ``LocalDateField``: it shows and reads
the language's format, refuses impossible and hostile dates with a sentence (the form is shown
again, never a 500), and renders a bootstrap-datepicker input in the page's language — FAB ships
the picker without its locale files, so the month and day names come from Babel's CLDR data.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from markupsafe import Markup
from wtforms import DateField
from wtforms.widgets import html_params

from app.i18n import _, current_locale

#: strftime pattern per UI language (display and input)
DATE_FORMATS = {"kk": "%d.%m.%Y", "ru": "%d.%m.%Y", "en": "%d.%m.%Y"}
#: the same in bootstrap-datepicker's notation
PICKER_FORMATS = {"kk": "dd.mm.yyyy", "ru": "dd.mm.yyyy", "en": "dd.mm.yyyy"}
#: what people and machines also send: ISO (the API, native inputs)
ISO = "%Y-%m-%d"
#: dates outside this range are typing mistakes (and year 1 or 9999 break arithmetic downstream)
MIN_YEAR, MAX_YEAR = 1900, 2200
#: longer input is not a date; never hand megabytes to strptime
MAX_LENGTH = 40


def date_format(locale: str | None = None) -> str:
    return DATE_FORMATS.get(locale or current_locale(), DATE_FORMATS["kk"])


def format_date(value: dt.date | None, locale: str | None = None) -> str:
    return value.strftime(date_format(locale)) if value else ""


def example() -> str:
    """The format shown in messages and placeholders: 31.12.2026."""
    return dt.date(2026, 12, 31).strftime(date_format())


def parse_date(raw: Any) -> dt.date | None:
    """A date in the language's format or ISO, within MIN_YEAR..MAX_YEAR; None when it is not one."""
    text = str(raw).strip() if raw is not None else ""
    if not text or len(text) > MAX_LENGTH:
        return None
    for pattern in dict.fromkeys((date_format(), *DATE_FORMATS.values(), ISO)):
        try:
            value = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return value if MIN_YEAR <= value.year <= MAX_YEAR else None
    return None


def picker_locale(locale: str | None = None) -> dict[str, Any]:
    """bootstrap-datepicker's ``dates[lang]`` entry from CLDR (Sunday first, as the picker expects)."""
    from babel.dates import get_day_names, get_month_names

    code = locale or current_locale()

    def days(width: str) -> list[str]:
        names = get_day_names(width, "stand-alone", locale=code)  # 0 = Monday
        return [str(names[i]).capitalize() for i in (6, 0, 1, 2, 3, 4, 5)]

    def months(width: str) -> list[str]:
        names = get_month_names(width, "stand-alone", locale=code)  # 1 = January
        return [str(names[i]).capitalize() for i in range(1, 13)]

    return {
        "days": days("wide"), "daysShort": days("abbreviated"), "daysMin": days("short"),
        "months": months("wide"), "monthsShort": months("abbreviated"),
        "format": PICKER_FORMATS.get(code, PICKER_FORMATS["kk"]), "weekStart": 1,
    }


class LocalDatePickerWidget:
    """A text input with the picker in the page's language; the typed value uses the same format."""

    def __call__(self, field, **kwargs):
        code = current_locale()
        kwargs.setdefault("id", field.id)
        kwargs.setdefault("name", field.name)
        kwargs.setdefault("placeholder", example())
        kwargs["class"] = f"form-control {kwargs.get('class', '')}".strip()
        value = field._value() if hasattr(field, "_value") else (field.data or "")
        attrs = html_params(type="text", value=value, autocomplete="off", inputmode="numeric",
                            data_date_language=code, data_date_locale=json.dumps(picker_locale(code), ensure_ascii=False),
                            **kwargs)
        return Markup(
            '<div class="input-group ustaz-date">'
            '<span class="input-group-addon"><i class="fa fa-calendar cursor-hand"></i></span>'
            f"<input {attrs}></div>"
        )


class LocalDateField(DateField):
    """A date read and shown in the language's format (ISO also read); a bad one is a form error."""

    widget = LocalDatePickerWidget()

    def __init__(self, label=None, validators=None, format=None, **kwargs):
        kwargs.pop("widget", None)
        super().__init__(label, validators, format=format or ISO, **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return format_date(self.data) if isinstance(self.data, dt.date) else ""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(str(v) for v in valuelist).strip()
        if not text:
            self.data = None
            return
        self.data = parse_date(text)
        if self.data is None:
            self.data = None
            # every language writes 31.12.2026 (DATE_FORMATS): the catalogue's sentence names it
            raise ValueError(_("%(field)s: a date such as 31.12.2026.", field=str(self.label.text)))


def localize_date_fields(form_class) -> None:
    """Swap FAB's DateField (ISO only, English picker) for ``LocalDateField`` in a form class."""
    from wtforms.fields.core import UnboundField

    if form_class is None:
        return
    for name in list(dir(form_class)):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField) and field.field_class is DateField:
            kwargs = {k: v for k, v in field.kwargs.items() if k not in ("widget", "format")}
            swapped = UnboundField(LocalDateField, *field.args, **kwargs)
            swapped.creation_counter = field.creation_counter  # keep the form's field order
            setattr(form_class, name, swapped)


def date_input(name: str, value: dt.date | None = None, *, max: dt.date | None = None, required: bool = False,
               label: str | None = None) -> Markup:
    """The same picker for a hand-written form (``{{ date_input('issued_on', today, max=today) }}``)."""

    class _Field:
        id = name
        data = value
        raw_data: list[str] = []

        def __init__(self) -> None:
            self.name = name

        def _value(self) -> str:
            return format_date(value)

    extra: dict[str, Any] = {"required": required}
    if max is not None:
        extra["data_date_end_date"] = format_date(max)
    if label:
        extra["aria_label"] = label
    return LocalDatePickerWidget()(_Field(), **extra)


def init_app(app) -> None:
    app.jinja_env.globals.update(date_input=date_input, format_date=format_date, current_locale=current_locale)


def _search_filters():
    """FAB's date search filters, reading the value as the page writes it.

    FAB parses a filter's date with dateutil, month first: 05.06.2026 became 6 May. An unreadable
    date matches nothing (rather than every row, or a 500)."""
    from flask_appbuilder.models.sqla.filters import (
        FilterEqual,
        FilterGreater,
        FilterNotEqual,
        FilterSmaller,
        SQLAFilterConverter,
        get_field_setup_query,
    )
    from sqlalchemy import false

    def reading(base):
        class LocalDateFilter(base):
            def apply(self, query, value):
                day = value if isinstance(value, dt.date) else parse_date(value)
                if day is None:
                    query, _field = get_field_setup_query(query, self.model, self.column_name)
                    return query.filter(false())
                return super().apply(query, day)

        LocalDateFilter.__name__ = base.__name__
        return LocalDateFilter

    date_filters = [reading(f) for f in (FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual)]

    class LocalFilterConverter(SQLAFilterConverter):
        conversion_table = tuple(
            (marker, date_filters if marker == "is_date" else filters)
            for marker, filters in SQLAFilterConverter.conversion_table
        )

    return LocalFilterConverter


LocalFilterConverter = _search_filters()
