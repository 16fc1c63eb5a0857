"""How stored values are shown on pages: never "None", "True" or a microsecond timestamp.

Times are stored in UTC (naive) and shown in the country's time (``DISPLAY_TIMEZONE``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context
from markupsafe import Markup

from app.i18n import _

DEFAULT_TIMEZONE = "Asia/Almaty"


def _zone() -> dt.tzinfo:
    name = current_app.config.get("DISPLAY_TIMEZONE", DEFAULT_TIMEZONE) if has_app_context() else DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def local_today() -> dt.date:
    """Today in the country's time zone (the server may run in UTC): the workflow's deadlines."""
    return dt.datetime.now(_zone()).date()


def local_time(value: dt.datetime) -> dt.datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(_zone())


def shown_datetime(value: dt.datetime | None) -> str:
    return local_time(value).strftime("%d.%m.%Y %H:%M") if value else ""


def shown_date(value: dt.date | None) -> str:
    from app.web.dates import format_date

    return format_date(value)


def shown_value(value: Any) -> Any:
    """A cell of a list or show page: blanks, yes/no, dates and times as people write them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return shown_datetime(value)
    if isinstance(value, dt.date):
        return shown_date(value)
    return value


def numbered_link(endpoint: str, pk: Any) -> Markup:
    """The text "#12" linked to a row's page (job results, run logs); nothing for a value that is not an id."""
    from flask import url_for

    if not isinstance(pk, int) or isinstance(pk, bool):
        return Markup("")
    return Markup('<a href="%s">#%s</a>') % (url_for(endpoint, pk=pk), pk)
