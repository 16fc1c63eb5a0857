"""Capacity forecast: will the commissions decide the period's applications by the deadline?

Plain arithmetic on the dashboard's figures, no Flask and no session:
- applications expected by the window's close: those submitted so far, extrapolated at the pace
  of the days the window has been open (the window closed: what was submitted);
- applications still to decide: expected minus decided;
- review capacity: every voting member reviews each application of their commission, so a
  commission decides about ``reviews_per_member_per_day`` applications a day whatever its size;
  the capacity until the decision deadline is that pace × commissions × days left.
The pace is a planning assumption (REPORT_REVIEWS_PER_DAY in config), not a rule of the order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ENOUGH, SHORT, NO_COMMISSIONS, NOTHING_TO_DO = "enough", "short", "no_commissions", "nothing_to_do"


@dataclass(frozen=True)
class Forecast:
    submitted: int
    expected: int
    decided: int
    remaining: int
    capacity: int
    days_left: int
    deadline: dt.date | None
    #: ENOUGH, SHORT, NO_COMMISSIONS or NOTHING_TO_DO (the page says it in words)
    status: str

    @property
    def shortfall(self) -> int:
        return max(0, self.remaining - self.capacity)


def decision_deadline(closes_on: dt.date | None, decisions_by: dt.date | None, review_days: int) -> dt.date | None:
    """The period's decision date, else the window's close plus the review time."""
    if decisions_by is not None:
        return decisions_by
    return closes_on + dt.timedelta(days=review_days) if closes_on else None


def forecast(*, submitted: int, decided: int, commissions: int, today: dt.date, opens_on: dt.date | None,
             closes_on: dt.date | None, deadline: dt.date | None, reviews_per_day: float) -> Forecast:
    expected = submitted
    if opens_on and closes_on and opens_on <= today < closes_on:
        elapsed = (today - opens_on).days + 1
        window = (closes_on - opens_on).days + 1
        expected = max(submitted, round(submitted * window / elapsed))
    remaining = max(0, expected - decided)
    days_left = max(0, (deadline - today).days) if deadline else 0
    capacity = int(commissions * reviews_per_day * days_left)
    if remaining == 0:
        status = NOTHING_TO_DO
    elif commissions == 0:
        status = NO_COMMISSIONS
    else:
        status = ENOUGH if capacity >= remaining else SHORT
    return Forecast(submitted, expected, decided, remaining, capacity, days_left, deadline, status)
