"""Building a scoring case (the JSON contract) from a teacher's digital profile and observations."""

from __future__ import annotations

import datetime as dt

from app.portfolio.experience import experience_days
from app.scoring.defaults import CATEGORIES
from models.career import Employment, ExperienceCredit, OzpResult
from models.portfolio import (
    PORTFOLIO_MODELS,
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


def category_code(category) -> str:
    """Our directory's codes to the contract's: none -> teacher; legacy ones -> their successor."""
    if category is None:
        return "teacher"
    if category.is_legacy and category.successor is not None:
        category = category.successor
    return "teacher" if category.code == "none" else category.code


def position_kind(position) -> str:
    if position is None:
        return "teacher"
    if position.code in ("head", "deputy_head"):
        return position.code
    return "methodist" if position.is_methodist else "teacher"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same month and day ``years`` earlier; 29 February becomes 28 February (DOMAIN §12)."""
    year = max(dt.MINYEAR, day.year - int(years))
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _record_day(record) -> dt.date | None:
    for attr in ("completed_on", "published_on", "held_on", "starts_on", "protocol_date"):
        value = getattr(record, attr, None)
        if value is not None:
            return value
    year = getattr(record, "academic_year", None)
    return year.starts_on if year is not None else None


def build_case(profile, as_of: dt.date, requested: str | None = None, mode: str = "assign",
               period_years: int | None = None, commission_levels: dict | None = None) -> dict:
    """The case for one teacher, from a loaded Profile (app.portfolio.profile.load_profile).

    With ``period_years``, only records of the attestation period (that many years before ``as_of``)
    are given to the engine; contests count only from the approved list, publications only in
    recommended editions (the engine reads the ``recommended`` flag).
    """
    person = profile.person
    if period_years:
        start = years_before(as_of, period_years)
        original = profile.of

        portfolio_models = {model for _code, model in PORTFOLIO_MODELS}

        def in_period(model):
            # career records (jobs, tests, categories) are history, not period evidence
            if model not in portfolio_models:
                return original(model)
            return [r for r in original(model) if (_record_day(r) or as_of) >= start]

        profile = _PeriodView(profile, in_period)
    current = category_code(person.category)
    if requested is None:
        requested = CATEGORIES[min(CATEGORIES.index(current) + 1, len(CATEGORIES) - 1)]
        mode = "confirm" if requested == current else mode
    org = person.tenant
    employments = profile.of(Employment)
    days = experience_days([(e.starts_on, e.ends_on) for e in employments if e.is_pedagogical],
                           [c.days for c in profile.of(ExperienceCredit)], today=as_of)
    tests = sorted((r for r in profile.of(OzpResult) if not r.annulled), key=lambda r: r.taken_on)

    def level(obj) -> str | None:
        return obj.code if obj is not None else None

    contests = [p for p in profile.of(ContestParticipant) if p.contest and p.contest.approved_contest_id]
    # an external observer for this category: a methodist, or a member of a commission of its level
    from app.observation.rules import is_external_observer
    from app.scoring.defaults import DEFAULT_PARAMETERS

    required_level = (commission_levels or DEFAULT_PARAMETERS["commission_levels"]).get(requested)
    observers = getattr(profile, "observers", {}) or {}
    case = {
        "education_level": org.education_level.code if org and org.education_level else "secondary",
        "position": position_kind(person.position),
        "requested_category": requested,
        "current_category": current,
        "mode": mode,
        "early": False,
        "experience_years": round(days / 365.25, 2),
        "ozp_percent": float(tests[-1].percent) if tests else None,
        "as_of": as_of.isoformat(),
        "rule_set": None,
        "profile": {
            "knowledge_quality": [
                {"id": r.id, "year": r.academic_year.starts_on.year if r.academic_year else r.created_on.year,
                 "quality_percent": float(r.quality_percent or 0)} for r in profile.of(KnowledgeQuality)
            ],
            "knowledge_analysis": any((r.monitoring_analysis or r.skills_dynamics or "").strip()
                                      for r in profile.of(KnowledgeQuality)),
            "observations": [
                {"lesson": f"{s.lesson[0]}:{s.lesson[1]}:{s.lesson[2]}", "date": s.day.isoformat(),
                 "observer": s.observer, "percent": s.percent,
                 "external": is_external_observer(observers[s.observer], required_level)
                 if s.observer in observers else s.external}
                for s in profile.observations
            ],
            "student_contests": [{"id": p.id, "level": level(p.contest.event_level), "winner": p.status == "winner"}
                                 for p in contests if p.contest.kind == "students"],
            "teacher_contests": [{"id": p.id, "level": level(p.contest.event_level), "winner": p.status == "winner"}
                                 for p in contests if p.contest.kind == "teachers"],
            "methodical_materials": [{"id": r.id, "level": level(r.council_level)} for r in profile.of(MethodicalMaterial)],
            "speeches": [{"id": r.id, "level": level(r.event_level)} for r in profile.of(Speech)],
            "publications": [{"id": r.id, "recommended": r.venue_id is not None, "authors": r.author_count}
                             for r in profile.of(Publication)],
            "working_groups": [{"id": r.id, "level": level(r.event_level)} for r in profile.of(WorkingGroup)],
            "practice_transmission": [{"id": r.id, "level": level(r.event_level), "coverage": r.coverage_count}
                                      for r in profile.of(PracticeTransmission)],
            "courses": [{"id": r.id, "program": (r.program.code if r.program else (r.other_program or f"#{r.id}")),
                         "hours": r.hours, "in_profile": r.in_profile} for r in profile.of(Course)],
            "class_management": bool(profile.of(ClassManagement)),
        },
    }
    return case


class _PeriodView:
    """A profile whose record lists are limited to the attestation period."""

    def __init__(self, profile, of) -> None:
        self._profile, self.of = profile, of
        self.person, self.observations = profile.person, profile.observations
        self.observers = getattr(profile, "observers", {})
