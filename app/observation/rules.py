"""Indicator 1.2 (quality of teaching) from observation sheets: pure functions, no database.

Several observers of one lesson are averaged first; then lessons are counted (on different days)
and averaged (DOMAIN.md §6, §11). Thresholds are parameters: the criteria configuration supplies them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from app.i18n import _


@dataclass(frozen=True)
class SheetScore:
    lesson: Hashable
    day: dt.date
    observer: Hashable
    external: bool
    percent: float


@dataclass(frozen=True)
class ObserverFacts:
    """What makes an observer external (DOMAIN §6, 1.2): a methodist of a methodical office, or a
    member of an attestation commission (the tenant levels of the commissions they sit on)."""

    is_methodist: bool = False
    commission_levels: frozenset[str] = frozenset()


def is_external_observer(facts: ObserverFacts | None, required_level: str | None = None) -> bool:
    """External for a category: a methodist, or a member of a commission of the category's level.

    Without a category (``required_level`` None) a member of any commission counts."""
    if facts is None:
        return False
    if facts.is_methodist:
        return True
    if required_level is None:
        return bool(facts.commission_levels)
    return required_level in facts.commission_levels


@dataclass(frozen=True)
class LessonScore:
    lesson: Hashable
    day: dt.date
    percent: float
    observers: int
    external: bool


@dataclass
class TeachingQuality:
    lessons: int
    days: int
    external_lessons: int
    mean_percent: float | None
    met: bool
    reasons: list[str] = field(default_factory=list)


def school_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The school year (1 September – 31 August) that contains ``day``."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def percent_of(total: int, maximum: int) -> float:
    return round(100.0 * total / maximum, 2) if maximum else 0.0


def lesson_scores(sheets: Iterable[SheetScore]) -> list[LessonScore]:
    """One score per lesson: the mean of its observers' percents."""
    grouped: dict[Hashable, list[SheetScore]] = {}
    for sheet in sheets:
        grouped.setdefault(sheet.lesson, []).append(sheet)
    lessons = []
    for lesson, group in grouped.items():
        lessons.append(
            LessonScore(
                lesson=lesson,
                day=group[0].day,
                percent=round(sum(s.percent for s in group) / len(group), 2),
                observers=len({s.observer for s in group}),
                external=any(s.external for s in group),
            )
        )
    return sorted(lessons, key=lambda item: (item.day, str(item.lesson)))


def teaching_quality(
    sheets: Iterable[SheetScore],
    as_of: dt.date,
    min_lessons: int = 5,
    min_external: int = 1,
    min_percent: float | None = None,
) -> TeachingQuality:
    """Indicator 1.2 for the school year containing ``as_of``, explained."""
    start, end = school_year(as_of)
    lessons = [lesson for lesson in lesson_scores(sheets) if start <= lesson.day <= end]
    days = len({lesson.day for lesson in lessons})
    external = sum(1 for lesson in lessons if lesson.external)
    mean = round(sum(lesson.percent for lesson in lessons) / len(lessons), 2) if lessons else None
    reasons = []
    if days < min_lessons:
        reasons.append(_("%(count)d of %(needed)d lessons on different days", count=days, needed=min_lessons))
    if external < min_external:
        reasons.append(_("no external observer"))
    if min_percent is not None and mean is not None and mean < min_percent:
        reasons.append(_("mean %(mean)s%% is below %(needed)s%%", mean=f"{mean:g}", needed=f"{min_percent:g}"))
    met = not reasons and bool(lessons)
    if met:
        reasons.append(_("%(count)d lessons, mean %(mean)s%%", count=days, mean=f"{mean:g}"))
    return TeachingQuality(len(lessons), days, external, mean, met, reasons)
