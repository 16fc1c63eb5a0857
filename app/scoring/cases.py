"""Reading a scoring case (the JSON contract of docs/scoring.md), with clear errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.scoring.defaults import CATEGORIES, EDUCATION_LEVELS, LEVELS, POSITIONS
from app.scoring.engine import Case


class CaseError(ValueError):
    """The case is malformed; the message says where."""


def _need(data: dict, key: str, where: str = "") -> Any:
    if key not in data:
        raise CaseError(f"missing required field: {where}{key}")
    return data[key]


def _choice(value: Any, allowed, field: str) -> str:
    if value not in allowed:
        raise CaseError(f"{field}: unknown value {value!r}; expected one of {', '.join(allowed)}")
    return value


def _number(value: Any, field: str, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CaseError(f"{field}: expected a number, got {type(value).__name__}")
    return float(value)


def _bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(f"{field}: expected true or false, got {type(value).__name__}")
    return value


def _list(profile: dict, key: str) -> list[dict]:
    value = profile.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise CaseError(f"profile.{key}: expected a list of objects")
    return value


def _check_profile(profile: Any) -> dict:
    if not isinstance(profile, dict):
        raise CaseError("profile: expected an object")
    for index, item in enumerate(_list(profile, "knowledge_quality")):
        _number(_need(item, "year", f"profile.knowledge_quality[{index}]."), f"profile.knowledge_quality[{index}].year")
        _number(item.get("quality_percent", 0), f"profile.knowledge_quality[{index}].quality_percent")
    for index, item in enumerate(_list(profile, "observations")):
        where = f"profile.observations[{index}]."
        try:
            dt.date.fromisoformat(str(_need(item, "date", where)))
        except ValueError as exc:
            raise CaseError(f"{where}date: expected YYYY-MM-DD") from exc
        _number(_need(item, "percent", where), where + "percent")
        _need(item, "lesson", where)
    for key in ("student_contests", "teacher_contests", "methodical_materials", "speeches", "working_groups",
                "practice_transmission"):
        for index, item in enumerate(_list(profile, key)):
            _choice(_need(item, "level", f"profile.{key}[{index}]."), LEVELS, f"profile.{key}[{index}].level")
            if "coverage" in item:
                _number(item["coverage"], f"profile.{key}[{index}].coverage")
    for index, item in enumerate(_list(profile, "publications")):
        _number(item.get("authors", 1), f"profile.publications[{index}].authors")
    for index, item in enumerate(_list(profile, "courses")):
        _number(_need(item, "hours", f"profile.courses[{index}]."), f"profile.courses[{index}].hours")
    for key in ("knowledge_analysis", "class_management"):
        if key in profile:
            _bool(profile[key], f"profile.{key}")
    return profile


def read_case(data: Any) -> tuple[Case, str | None]:
    """A Case and the rule set asked for (None: the newest published)."""
    if not isinstance(data, dict):
        raise CaseError("the case must be a JSON object")
    mode = _choice(_need(data, "mode"), ("assign", "confirm"), "mode")
    as_of_raw = data.get("as_of")
    try:
        as_of = dt.date.fromisoformat(as_of_raw) if as_of_raw else dt.date.today()
    except (TypeError, ValueError) as exc:
        raise CaseError("as_of: expected YYYY-MM-DD") from exc
    rule_set = data.get("rule_set")
    if rule_set is not None and not isinstance(rule_set, str):
        raise CaseError("rule_set: expected a name or null")
    case = Case(
        education_level=_choice(_need(data, "education_level"), EDUCATION_LEVELS, "education_level"),
        position=_choice(data.get("position", "teacher"), POSITIONS, "position"),
        requested_category=_choice(_need(data, "requested_category"), CATEGORIES[1:], "requested_category"),
        current_category=_choice(data.get("current_category", "teacher"), CATEGORIES, "current_category"),
        mode=mode,
        early=_bool(data.get("early", False), "early"),
        experience_years=_number(data.get("experience_years", 0), "experience_years"),
        ozp_percent=_number(data.get("ozp_percent"), "ozp_percent", allow_none=True),
        as_of=as_of,
        profile=_check_profile(_need(data, "profile")),
    )
    return case, rule_set
