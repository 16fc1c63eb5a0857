"""What is missing or weak in a teacher's profile for a target category, indicator by indicator.

Until the criteria engine (versioned rules per attestation period) exists, this checks presence
per indicator against the category's data: its required event level and course hours
(QualificationCategory.required_event_rank / min_course_hours, edited by national admins).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.i18n import _
from models.portfolio import (
    ClassManagement,
    ContestParticipant,
    Course,
    KnowledgeQuality,
    MethodicalMaterial,
    PracticeTransmission,
    Publication,
    Speech,
    WorkingGroup,
)

#: indicators 3.3 and 3.5 are required from this category rank (researcher) on (DOMAIN.md §6)
ADVANCED_FROM_RANK = 3
KNOWLEDGE_YEARS = 3
TRANSMISSION_COVERAGE = 3


@dataclass(frozen=True)
class IndicatorStatus:
    code: str
    title: str
    met: bool
    detail: str
    informational: bool = False


def _level_rank(record, attr: str) -> int:
    level = getattr(record, attr, None)
    return level.rank if level is not None else 0


def check(profile, category, as_of: dt.date | None = None) -> list[IndicatorStatus]:
    """The status of every indicator applicable to ``category`` for ``profile``."""
    required = category.required_event_rank or 0
    rank = category.rank or 0
    result: list[IndicatorStatus] = []

    quality = profile.of(KnowledgeQuality)
    years = {r.academic_year_id for r in quality if r.academic_year_id}
    analysed = any((r.monitoring_analysis or r.skills_dynamics or "").strip() for r in quality)
    if len(years) >= KNOWLEDGE_YEARS and analysed:
        detail = _("%(count)d academic years with a monitoring analysis", count=len(years))
    elif not quality:
        detail = _("no knowledge quality data")
    elif not analysed:
        detail = _("%(count)d of %(needed)d academic years; no monitoring analysis attached", count=len(years), needed=KNOWLEDGE_YEARS)
    else:
        detail = _("%(count)d of %(needed)d academic years", count=len(years), needed=KNOWLEDGE_YEARS)
    result.append(IndicatorStatus("1.1", _("Quality of knowledge"), len(years) >= KNOWLEDGE_YEARS and analysed, detail))

    from app.observation.rules import teaching_quality

    teaching = teaching_quality(getattr(profile, "observations", None) or [], as_of=as_of or dt.date.today())
    if not teaching.lessons:
        detail = _("no lesson observation sheets this year (at least 5, one by an external observer)")
    else:
        detail = "; ".join(teaching.reasons)
    result.append(IndicatorStatus("1.2", _("Quality of teaching (lesson observations)"), teaching.met, detail))

    for code, kind, title in (("2.1", "students", _("Students' contests")), ("2.2", "teachers", _("Teacher's contests"))):
        entries = [p for p in profile.of(ContestParticipant) if p.contest and p.contest.kind == kind]
        best = max((p.contest.event_level.rank for p in entries if p.contest.event_level), default=0)
        result.append(_by_level(code, title, entries, best, required))

    for code, model, attr, title in (
        ("3.1", MethodicalMaterial, "council_level", _("Recommended methodical materials")),
        ("3.2", Speech, "event_level", _("Speeches")),
        ("3.4", WorkingGroup, "event_level", _("Working groups and juries")),
    ):
        entries = profile.of(model)
        best = max((_level_rank(r, attr) for r in entries), default=0)
        result.append(_by_level(code, title, entries, best, required))

    if rank >= ADVANCED_FROM_RANK:
        from flask import current_app

        limit = current_app.config.get("PUBLICATION_MAX_AUTHORS", 3)
        valid = [p for p in profile.of(Publication) if p.venue_id and p.author_count <= limit]
        result.append(
            IndicatorStatus(
                "3.3",
                _("Publications in recommended editions"),
                bool(valid),
                _("%(count)d publications", count=len(valid)) if valid else _("no publication in a recommended edition"),
            )
        )
        transmissions = profile.of(PracticeTransmission)
        good = [t for t in transmissions if _level_rank(t, "event_level") >= required and t.coverage_count >= TRANSMISSION_COVERAGE]
        best = max((_level_rank(t, "event_level") for t in transmissions), default=0)
        if good:
            detail = _("done at the required level")
        elif not transmissions:
            detail = _("no practice transmission")
        elif best < required:
            detail = _("the highest level reached is below the category's level")
        else:
            detail = _("coverage below %(needed)d districts or regions", needed=TRANSMISSION_COVERAGE)
        result.append(IndicatorStatus("3.5", _("Practice transmission"), bool(good), detail))

    courses = profile.of(Course)
    by_program: dict[object, int] = {}
    for course in courses:
        key = course.program_id or (course.other_program or "").strip().lower()
        by_program[key] = max(by_program.get(key, 0), course.hours)
    hours = sum(by_program.values())
    needed = category.min_course_hours or 0
    in_profile = any(c.in_profile for c in courses)
    detail = _("courses: %(hours)d of %(needed)d hours", hours=hours, needed=needed)
    if courses and not in_profile:
        detail += "; " + _("no course in the teacher's profile")
    result.append(IndicatorStatus("4", _("Qualification courses"), hours >= needed and in_profile, detail))

    managed = profile.of(ClassManagement)
    result.append(
        IndicatorStatus(
            "5",
            _("Class management / curatorship"),
            True,
            _("recorded") if managed else _("none recorded (informational)"),
            informational=True,
        )
    )
    return result


def _by_level(code: str, title: str, entries: list, best: int, required: int) -> IndicatorStatus:
    if not entries:
        return IndicatorStatus(code, title, False, _("nothing recorded"))
    if best < required:
        return IndicatorStatus(code, title, False, _("the highest level reached is below the category's level"))
    return IndicatorStatus(code, title, True, _("%(count)d records, the required level reached", count=len(entries)))
