"""The capacity forecast's arithmetic (reports/forecast.py)."""

import datetime as dt

import pytest

from reports.forecast import ENOUGH, NO_COMMISSIONS, NOTHING_TO_DO, SHORT, decision_deadline, forecast

OPENS, CLOSES = dt.date(2026, 9, 1), dt.date(2026, 12, 31)


def test_an_open_window_is_extrapolated_at_the_pace_so_far():
    # 61 of 122 days gone, 100 submitted → 200 expected by the close
    result = forecast(submitted=100, decided=20, commissions=1, today=dt.date(2026, 10, 31), opens_on=OPENS,
                      closes_on=CLOSES, deadline=dt.date(2027, 1, 30), reviews_per_day=2)
    assert result.expected == 200
    assert result.remaining == 180
    assert result.days_left == 91
    assert result.capacity == 182
    assert result.status == ENOUGH and result.shortfall == 0


def test_a_closed_window_expects_what_was_submitted_and_can_fall_short():
    result = forecast(submitted=500, decided=100, commissions=2, today=dt.date(2027, 1, 20), opens_on=OPENS,
                      closes_on=CLOSES, deadline=dt.date(2027, 1, 30), reviews_per_day=10)
    assert result.expected == 500
    assert result.capacity == 200
    assert result.status == SHORT and result.shortfall == 200


@pytest.mark.parametrize("submitted, decided, commissions, status", [
    (0, 0, 0, NOTHING_TO_DO), (10, 10, 1, NOTHING_TO_DO), (10, 0, 0, NO_COMMISSIONS)])
def test_edge_cases_have_their_own_status(submitted, decided, commissions, status):
    result = forecast(submitted=submitted, decided=decided, commissions=commissions, today=dt.date(2027, 2, 1),
                      opens_on=OPENS, closes_on=CLOSES, deadline=dt.date(2027, 1, 30), reviews_per_day=8)
    assert result.status == status
    assert result.days_left == 0  # past the deadline: no capacity left


def test_the_deadline_is_the_periods_decision_date_else_the_close_plus_review_days():
    assert decision_deadline(CLOSES, dt.date(2027, 5, 31), 30) == dt.date(2027, 5, 31)
    assert decision_deadline(CLOSES, None, 30) == dt.date(2027, 1, 30)
    assert decision_deadline(None, None, 30) is None
