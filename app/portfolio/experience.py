"""Pedagogical experience from employment records: overlapping jobs count once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def experience_days(periods: Iterable[tuple[dt.date, dt.date | None]], credits: Iterable[int] = (), today: dt.date | None = None) -> int:
    """Days covered by the union of the periods (open ends run to today), plus credited days."""
    today = today or dt.date.today()
    spans = sorted((start, min(end or today, today)) for start, end in periods if start and start <= today)
    total, current_start, current_end = 0, None, None
    for start, end in spans:
        if end < start:
            continue
        if current_end is None or start > current_end + dt.timedelta(days=1):
            if current_end is not None:
                total += (current_end - current_start).days + 1
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).days + 1
    return total + sum(credits)


def as_years_months(days: int) -> tuple[int, int]:
    years, rest = divmod(days, 365)
    return years, rest // 30
