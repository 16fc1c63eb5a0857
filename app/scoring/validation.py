"""What scoring accepts, checked in one place: a case (the JSON contract of docs/scoring.md, a case
built from the database, the batch job, what-if) and a rule set's content (the draft editor,
publishing, what-if).

Pure Python: every check returns ``Problem``s — a code, the field's path and plain parameters —
and never a sentence. The edges (the CLI, pages, the job report) translate them with
``app.scoring.messages.describe`` in the reader's language, so a stored report stays codes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.scoring.defaults import CATEGORIES, EDUCATION_LEVELS, INDICATORS, LEVELS, POSITIONS, TENANT_LEVELS

MODES = ("assign", "confirm")
#: a JSON text larger or deeper than this is refused before anything looks at it
MAX_JSON_CHARS = 1_000_000
MAX_JSON_DEPTH = 12
#: more rules than every indicator × level × position × category combination is a mistake
MAX_RULES = len(INDICATORS) * (len(EDUCATION_LEVELS) + 1) * (len(POSITIONS) + 1) * (len(CATEGORIES) + 1)
#: numbers in a rule set beyond this are typos (a million hours, points, years)
MAX_NUMBER = 1_000_000
#: values echoed back in a message are cut to this many characters
SHOWN_CHARS = 40


@dataclass
class Problem:
    """One reason why input cannot be scored: ``code`` is stable (tests, stored reports),
    ``field`` the JSON path (``profile.courses[0].hours``), ``params`` plain JSON values."""

    code: str
    field: str = ""
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        return cls(str(data.get("code", "")), str(data.get("field", "")), dict(data.get("params") or {}))

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.field or '(input)'}: {self.code}" + (f" ({details})" if details else "")


class InvalidInput(ValueError):
    """Input that cannot be scored or saved; ``problems`` says every reason, untranslated."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class CaseError(InvalidInput):
    """A scoring case that is malformed or breaks the contract (range, enumeration, sequence)."""


def shown(value: Any) -> str:
    """A value as it may be echoed in a message: short, never a raw Python repr of a structure."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            text = type(value).__name__
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


# JSON text --------------------------------------------------------------------------------------
def json_depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value (iterative: a hostile value cannot blow the stack);
    stops counting past ``limit``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse_json(text: str | bytes, where: str = "", *, max_chars: int = MAX_JSON_CHARS,
               max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON text that a person typed or sent, bounded in size and depth; InvalidInput if not."""
    if len(text) > max_chars:
        raise InvalidInput([Problem("json_too_large", where, {"limit": max_chars})])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput([Problem("not_utf8", where)]) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise InvalidInput([Problem("json_too_deep", where, {"limit": max_depth})]) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem("json_invalid", where, {"line": exc.lineno, "column": exc.colno})]) from None
    except ValueError:  # e.g. an integer longer than Python converts
        raise InvalidInput([Problem("json_invalid", where, {"line": 0, "column": 0})]) from None
    if json_depth(value, max_depth) > max_depth:
        raise InvalidInput([Problem("json_too_deep", where, {"limit": max_depth})])
    return value


# Shared checks ----------------------------------------------------------------------------------
class _Checks:
    """Collects problems; each helper returns the checked value, or None when it is wrong."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, where: str, **params: Any) -> None:
        self.problems.append(Problem(code, where, params))

    def choice(self, value: Any, allowed: tuple[str, ...], where: str, **extra: Any) -> str | None:
        if value is None:
            self.add("missing", where, **extra)
            return None
        if not isinstance(value, str) or value not in allowed:
            self.add("unknown_value", where, value=shown(value), allowed=list(allowed), **extra)
            return None
        return value

    def number(self, value: Any, where: str, *, minimum: float | None = 0, maximum: float | None = None,
               percent: bool = False, integer: bool = False, positive: bool = False, **extra: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add("not_number", where, **extra)
            return None
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any float
            number = math.inf
        if not math.isfinite(number):
            self.add("not_number", where, **extra)
            return None
        if percent:
            if not 0 <= number <= 100:
                self.add("percent_out_of_range", where, value=shown(value), **extra)
                return None
            return number
        if integer and not number.is_integer():
            self.add("not_whole_number", where, value=shown(value), **extra)
            return None
        if minimum == 0 and number < 0:
            self.add("negative", where, value=shown(value), **extra)
            return None
        if positive and number <= 0:
            self.add("not_positive", where, value=shown(value), **extra)
            return None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            self.add("out_of_range", where, value=shown(value), minimum=minimum, maximum=maximum, **extra)
            return None
        return number

    def boolean(self, value: Any, where: str, *, allow_none: bool = False, **extra: Any) -> bool | None:
        if value is None and allow_none:
            return None
        if not isinstance(value, bool):
            self.add("not_boolean", where, **extra)
            return None
        return value

    def date(self, value: Any, where: str, **extra: Any) -> dt.date | None:
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.add("not_date", where, **extra)
        return None

    def only_known(self, data: dict, known: Iterable[str], prefix: str) -> None:
        known = set(known)
        for key in data:
            if key not in known:
                self.add("unknown_field", f"{prefix}{shown(key)}")


# The case ---------------------------------------------------------------------------------------
CASE_FIELDS = ("education_level", "position", "requested_category", "current_category", "mode", "early",
               "experience_years", "ozp_percent", "as_of", "rule_set", "profile")
REQUIRED_CASE_FIELDS = ("education_level", "requested_category", "mode", "profile")
LEVELLED_LISTS = ("student_contests", "teacher_contests", "methodical_materials", "speeches", "working_groups",
                  "practice_transmission")
PROFILE_LISTS = ("knowledge_quality", "observations", *LEVELLED_LISTS, "publications", "courses")
PROFILE_FLAGS = ("knowledge_analysis", "class_management")


def next_category(current: str) -> str | None:
    """The principle of sequence: the one category a teacher may be assigned next (None: master)."""
    index = CATEGORIES.index(current)
    return CATEGORIES[index + 1] if index + 1 < len(CATEGORIES) else None


def sequence_problems(mode: str, requested: str, current: str) -> list[Problem]:
    """DOMAIN §3/§12: assign only the next category up, confirm only the current one."""
    if mode == "assign":
        expected = next_category(current)
        if requested != expected:
            return [Problem("sequence", "requested_category",
                            {"current": current, "requested": requested, "next": expected})]
    elif requested != current:
        return [Problem("confirm_not_current", "requested_category", {"current": current, "requested": requested})]
    return []


def _item_extra(item: dict) -> dict:
    """A record's own id, when the item carries one, so a report can name the record."""
    ident = item.get("id")
    return {"item": ident} if isinstance(ident, int | str) and not isinstance(ident, bool) else {}


def _profile(checks: _Checks, profile: Any) -> None:
    if not isinstance(profile, dict):
        checks.add("not_object", "profile")
        return
    checks.only_known(profile, (*PROFILE_LISTS, *PROFILE_FLAGS), "profile.")
    lists: dict[str, list[dict]] = {}
    for key in PROFILE_LISTS:
        value = profile.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            checks.add("not_list", f"profile.{key}")
            value = []
        lists[key] = value

    def each(key: str):
        for index, item in enumerate(lists[key]):
            yield f"profile.{key}[{index}].", item, _item_extra(item)

    def need(item: dict, key: str, where: str, extra: dict) -> Any:
        if item.get(key) is None:
            checks.add("missing", where + key, **extra)
            return None
        return item[key]

    for where, item, extra in each("knowledge_quality"):
        year = need(item, "year", where, extra)
        if year is not None:
            checks.number(year, where + "year", minimum=None, **extra)
        if item.get("quality_percent") is not None:
            checks.number(item["quality_percent"], where + "quality_percent", percent=True, **extra)
    for where, item, extra in each("observations"):
        day = need(item, "date", where, extra)
        if day is not None:
            checks.date(day, where + "date", **extra)
        percent = need(item, "percent", where, extra)
        if percent is not None:
            checks.number(percent, where + "percent", percent=True, **extra)
        need(item, "lesson", where, extra)
        checks.boolean(item.get("external"), where + "external", allow_none=True, **extra)
    for key in LEVELLED_LISTS:
        for where, item, extra in each(key):
            checks.choice(item.get("level"), LEVELS, where + "level", **extra)
            if item.get("coverage") is not None:
                checks.number(item["coverage"], where + "coverage", **extra)
            checks.boolean(item.get("winner"), where + "winner", allow_none=True, **extra)
    for where, item, extra in each("publications"):
        if item.get("authors") is not None:
            checks.number(item["authors"], where + "authors", minimum=1, **extra)
        checks.boolean(item.get("recommended"), where + "recommended", allow_none=True, **extra)
    for where, item, extra in each("courses"):
        hours = need(item, "hours", where, extra)
        if hours is not None:
            checks.number(hours, where + "hours", **extra)
        checks.boolean(item.get("in_profile"), where + "in_profile", allow_none=True, **extra)
    for key in PROFILE_FLAGS:
        if key in profile:
            checks.boolean(profile[key], f"profile.{key}")


def validate_case(data: Any, *, advisory: bool = False) -> list[Problem]:
    """Every reason why ``data`` cannot be scored (empty: it can).

    ``advisory`` leaves out the principle of sequence: the readiness advisor may show what a
    higher category would take; scoring (CLI, database, batch) never does.
    """
    checks = _Checks()
    if not isinstance(data, dict):
        checks.add("not_object", "")
        return checks.problems
    checks.only_known(data, CASE_FIELDS, "")
    for key in REQUIRED_CASE_FIELDS:
        if data.get(key) is None:
            checks.add("missing", key)
    mode = checks.choice(data["mode"], MODES, "mode") if data.get("mode") is not None else None
    if data.get("education_level") is not None:
        checks.choice(data["education_level"], EDUCATION_LEVELS, "education_level")
    checks.choice(data.get("position", "teacher"), POSITIONS, "position")
    requested = (checks.choice(data["requested_category"], CATEGORIES[1:], "requested_category")
                 if data.get("requested_category") is not None else None)
    current = checks.choice(data.get("current_category", "teacher"), CATEGORIES, "current_category")
    checks.boolean(data.get("early", False), "early")
    checks.number(data.get("experience_years", 0), "experience_years")
    if data.get("ozp_percent") is not None:
        checks.number(data["ozp_percent"], "ozp_percent", percent=True)
    if data.get("as_of"):
        checks.date(data["as_of"], "as_of")
    if data.get("rule_set") is not None and not isinstance(data["rule_set"], str):
        checks.add("not_text", "rule_set")
    if data.get("profile") is not None:
        _profile(checks, data["profile"])
    if not advisory and mode and requested and current:
        checks.problems += sequence_problems(mode, requested, current)
    return checks.problems


# A rule set's content ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Number:
    percent: bool = False
    integer: bool = False
    positive: bool = False  # a divisor: zero is refused
    minimum: float = 0
    maximum: float = MAX_NUMBER


@dataclass(frozen=True)
class Flag:
    pass


@dataclass(frozen=True)
class Choices:
    """A list of values from an enumeration."""

    allowed: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """An object keyed by an enumeration; ``required`` keys must be there (the engine reads them)."""

    keys: tuple[str, ...]
    value: Number
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class OneOf:
    """One value from an enumeration."""

    allowed: tuple[str, ...]


Shape = Number | Flag | Choices | Table | OneOf
#: the documents an application may require (app/attestation/documents.py names and checks them)
DOCUMENT_CODES = ("application", "identity", "diploma", "employment", "courses", "retraining", "previous_ozp",
                  "previous_category", "professional_achievements", "student_achievements", "essay")
#: the parameters a rule set may have (the engine's and the advisor's reads); True = required
PARAMETERS: dict[str, tuple[Shape, bool]] = {
    "level_points": (Table(LEVELS, Number()), True),
    "required_level": (Table(CATEGORIES[1:], Number()), True),
    "ozp_thresholds": (Table(CATEGORIES, Number(percent=True), required=CATEGORIES[1:]), True),
    "ozp_threshold_heads": (Number(percent=True), False),
    "head_positions": (Choices(POSITIONS), False),
    "ozp_exempt_confirm_categories": (Choices(CATEGORIES[1:]), False),
    "ozp_exempt_confirm_experience_years": (Number(), False),
    "min_experience_years": (Table(CATEGORIES[1:], Number()), False),
    "attestation_period_years": (Number(integer=True, minimum=1, maximum=50), False),
    "category_validity_years": (Table(POSITIONS, Number(integer=True, minimum=1, maximum=50)), False),
    "ban_years_first": (Number(integer=True, maximum=50), False),
    "ban_years_repeat": (Table(POSITIONS, Number(integer=True, maximum=50)), False),
    "max_extension_years": (Number(integer=True, maximum=10), False),
    "commission_levels": (Table(CATEGORIES[1:], OneOf(TENANT_LEVELS)), False),
    "commission_min_voting": (Number(integer=True, minimum=1, maximum=100), False),
    "quorum": (Table(("numerator", "denominator"), Number(integer=True, positive=True, maximum=100),
                     required=("numerator", "denominator")), False),
    "conflict_same_organization": (Table(TENANT_LEVELS, Flag()), False),
    "conflict_subordinate": (Flag(), False),
    "review_days": (Number(integer=True, minimum=1, maximum=365), False),
    "essay_words": (Table(("min", "max"), Number(integer=True, maximum=10_000), required=("min", "max")), False),
    "required_documents": (Choices(DOCUMENT_CODES), False),
}
#: rule kinds and their parameters (the Scorer method of the same name reads them); True = required
KIND_PARAMETERS: dict[str, dict[str, tuple[Shape, bool]]] = {
    "knowledge_dynamics": {"years": (Number(integer=True), True), "early_years": (Number(integer=True), True),
                           "requires_analysis": (Flag(), False), "trend_bonus": (Number(), False)},
    "observation": {"min_lessons": (Number(integer=True), True), "min_external": (Number(integer=True), True),
                    "min_percent": (Table(CATEGORIES[1:], Number(percent=True)), False),
                    "points_per_percent": (Number(positive=True), False)},
    "level_at_least": {"winner_bonus": (Number(), False)},
    "count_threshold": {"min_count": (Number(integer=True), True), "max_authors": (Number(integer=True), True),
                        "points": (Number(), True)},
    "coverage": {"min_coverage": (Number(integer=True), True)},
    "hours": {"hours": (Table(CATEGORIES[1:], Number()), True), "hours_per_point": (Number(positive=True), True),
              "max_points": (Number(), True), "require_in_profile": (Flag(), False)},
    "informational": {"points": (Number(), False)},
}
KINDS = tuple(KIND_PARAMETERS)
RULE_FIELDS = ("indicator", "education_level", "position", "category", "applicable", "kind", "params")


def _shaped(checks: _Checks, value: Any, shape: Shape, where: str, **extra: Any) -> None:
    if isinstance(shape, Number):
        checks.number(value, where, minimum=shape.minimum, maximum=shape.maximum, percent=shape.percent,
                      integer=shape.integer, positive=shape.positive, **extra)
    elif isinstance(shape, Flag):
        checks.boolean(value, where, **extra)
    elif isinstance(shape, OneOf):
        checks.choice(value, shape.allowed, where, **extra)
    elif isinstance(shape, Choices):
        if not isinstance(value, list):
            checks.add("not_list_of_values", where, allowed=list(shape.allowed), **extra)
            return
        for index, item in enumerate(value):
            checks.choice(item, shape.allowed, f"{where}[{index}]", **extra)
    else:
        if not isinstance(value, dict):
            checks.add("not_object", where, **extra)
            return
        for key in shape.required:
            if key not in value:
                checks.add("missing", f"{where}.{key}", **extra)
        for key, item in value.items():
            if key not in shape.keys:
                checks.add("unknown_value", f"{where}.{shown(key)}", value=shown(key), allowed=list(shape.keys), **extra)
            else:
                _shaped(checks, item, shape.value, f"{where}.{key}", **extra)


def _object(checks: _Checks, data: dict, schema: dict[str, tuple[Shape, bool]], prefix: str, **extra: Any) -> None:
    for key, (shape, required) in schema.items():
        if key not in data:
            if required:
                checks.add("missing", prefix + key, **extra)
        else:
            _shaped(checks, data[key], shape, prefix + key, **extra)
    for key in data:
        if key not in schema:
            checks.add("unknown_field", prefix + shown(key), **extra)


def validate_rule_set(parameters: Any, rules: Any) -> list[Problem]:
    """Every reason why this content cannot be a rule set the engine scores with (empty: it can)."""
    checks = _Checks()
    if not isinstance(parameters, dict):
        checks.add("not_object", "parameters")
    else:
        _object(checks, parameters, PARAMETERS, "parameters.")
        if parameters.get("head_positions") and "ozp_threshold_heads" not in parameters:
            checks.add("missing", "parameters.ozp_threshold_heads")
    if not isinstance(rules, list):
        checks.add("not_list", "rules")
        return checks.problems
    if len(rules) > MAX_RULES:
        checks.add("too_many_rules", "rules", limit=MAX_RULES)
        return checks.problems
    seen: dict[tuple, int] = {}
    for index, rule in enumerate(rules):
        where, extra = f"rules[{index}].", {"rule": index + 1}
        if not isinstance(rule, dict):
            checks.add("not_object", f"rules[{index}]", **extra)
            continue
        before = len(checks.problems)
        checks.only_known(rule, RULE_FIELDS, where)
        indicator = checks.choice(rule.get("indicator"), INDICATORS, where + "indicator", **extra)
        kind = checks.choice(rule.get("kind"), KINDS, where + "kind", **extra)
        scope = tuple(checks.choice(rule.get(key, "*"), ("*", *allowed), where + key, **extra)
                      for key, allowed in (("education_level", EDUCATION_LEVELS), ("position", POSITIONS),
                                           ("category", CATEGORIES)))
        applicable = checks.boolean(rule.get("applicable", True), where + "applicable", **extra)
        params = rule.get("params", {})
        if not isinstance(params, dict):
            checks.add("not_object", where + "params", **extra)
        elif kind and applicable:  # an indicator that does not apply is never scored
            _object(checks, params, KIND_PARAMETERS[kind], where + "params.", **extra)
        if len(checks.problems) == before and indicator:
            key = (indicator, *scope)
            if key in seen:
                checks.add("duplicate_rule", f"rules[{index}]", other=seen[key], **extra)
            seen.setdefault(key, index + 1)
    return checks.problems
