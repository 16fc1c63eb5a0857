import datetime as dt

from app.portfolio.experience import as_years_months, experience_days


def test_overlapping_jobs_count_once_and_open_ends_run_to_today():
    today = dt.date(2026, 1, 1)
    periods = [
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),  # 366 days
        (dt.date(2020, 6, 1), dt.date(2021, 1, 10)),  # overlaps, adds 10
        (dt.date(2025, 12, 22), None),  # 11 days to today
    ]
    assert experience_days(periods, today=today) == 366 + 10 + 11
    assert experience_days(periods, credits=[100], today=today) == 387 + 100


def test_adjacent_periods_merge_and_future_starts_are_ignored():
    today = dt.date(2026, 1, 1)
    assert experience_days([(dt.date(2025, 1, 1), dt.date(2025, 1, 10)), (dt.date(2025, 1, 11), dt.date(2025, 1, 20))], today=today) == 20
    assert experience_days([(dt.date(2027, 1, 1), None)], today=today) == 0
    assert as_years_months(365 * 3 + 65) == (3, 2)
