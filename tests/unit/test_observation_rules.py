import datetime as dt

from app.observation.rules import SheetScore, lesson_scores, school_year, teaching_quality

DAY = dt.date(2025, 10, 1)


def _sheet(lesson, day, observer="O1", external=False, percent=80.0):
    return SheetScore(lesson=lesson, day=day, observer=observer, external=external, percent=percent)


def test_two_observers_of_one_lesson_are_averaged():
    scores = lesson_scores([_sheet("L1", DAY, "O1", percent=75), _sheet("L1", DAY, "O2", percent=85)])
    assert len(scores) == 1 and scores[0].percent == 80.0 and scores[0].observers == 2


def test_five_lessons_on_five_days_with_one_external_observer_are_enough():
    sheets = [_sheet(f"L{i}", DAY + dt.timedelta(days=i), external=(i == 0)) for i in range(5)]
    result = teaching_quality(sheets, as_of=dt.date(2025, 12, 1))
    assert result.met and result.days == 5 and result.external_lessons == 1 and result.mean_percent == 80.0


def test_four_lessons_or_only_internal_observers_are_not():
    four = [_sheet(f"L{i}", DAY + dt.timedelta(days=i), external=True) for i in range(4)]
    result = teaching_quality(four, as_of=dt.date(2025, 12, 1), min_lessons=5)
    assert not result.met and result.reasons == ["4 of 5 lessons on different days"]
    internal = [_sheet(f"L{i}", DAY + dt.timedelta(days=i)) for i in range(5)]
    result = teaching_quality(internal, as_of=dt.date(2025, 12, 1))
    assert not result.met and result.reasons == ["no external observer"]


def test_lessons_on_the_same_day_count_once_and_other_years_do_not_count():
    same_day = [_sheet(f"L{i}", DAY, external=True) for i in range(5)]
    assert teaching_quality(same_day, as_of=DAY).days == 1
    last_year = [_sheet(f"L{i}", dt.date(2024, 10, 1) + dt.timedelta(days=i), external=True) for i in range(5)]
    assert teaching_quality(last_year, as_of=DAY).lessons == 0


def test_observers_averaged_before_lessons_and_threshold():
    sheets = [_sheet("L1", DAY, "O1", True, 75), _sheet("L1", DAY, "O2", False, 85)]
    sheets += [_sheet(f"L{i}", DAY + dt.timedelta(days=i), percent=60) for i in range(2, 6)]
    result = teaching_quality(sheets, as_of=DAY, min_percent=70)
    assert result.mean_percent == 64.0 and not result.met
    assert school_year(dt.date(2026, 8, 31)) == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))
