"""The rule set editor as a form: every parameter of the set and of each indicator's rule as a
labelled input, read back into the content that app.scoring.validation checks, and every
problem put next to the input it is about.

The shapes come from ``validation.PARAMETERS`` and ``validation.KIND_PARAMETERS`` (what the
engine reads), so a parameter added there appears here. Input names: ``p.<key>[.<sub>]`` for
the set's parameters, ``r<rule id>.<key>[.<sub>]`` and ``r<rule id>.applicable`` for a rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.i18n import _
from app.scoring.defaults import CATEGORIES, DEFAULT_PARAMETERS, LEVELS, TENANT_LEVELS
from app.scoring.messages import category_name, describe, problem_text
from app.scoring.validation import (
    KIND_PARAMETERS,
    PARAMETERS,
    Choices,
    Flag,
    Number,
    OneOf,
    Problem,
    Shape,
)

#: what the engine assumes for a flag a stored rule leaves out (app/scoring/engine.py)
RULE_FLAG_DEFAULTS = {"requires_analysis": True, "require_in_profile": True}
#: a typed number longer than this is not a number anyone meant
MAX_NUMBER_CHARS = 30
#: at most this many values of a list of checkboxes are read
MAX_CHOICES = 100


@dataclass
class Entry:
    """One labelled input (``widget``: number, checkbox, select, checks) or a table of them."""

    name: str
    label: str
    widget: str
    value: Any = None
    choices: list[tuple[str, str]] = field(default_factory=list)
    required: bool = False
    errors: list[str] = field(default_factory=list)
    children: list[Entry] = field(default_factory=list)
    hint: str = ""


@dataclass
class RuleBlock:
    """One rule of the set: which indicator, for whom, whether it applies, its parameters."""

    rule_id: int
    name: str
    indicator: str
    title: str
    scope: str
    kind: str
    applicable: bool
    entries: list[Entry]
    errors: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        def any_error(entries: list[Entry]) -> bool:
            return any(e.errors or any_error(e.children) for e in entries)

        return bool(self.errors) or any_error(self.entries)


# Labels ------------------------------------------------------------------------------------------
def parameter_labels() -> dict[str, str]:
    return {
        "level_points": _("Points for the level of an event"),
        "required_level": _("Required level of an event (1–4), by category"),
        "ozp_thresholds": _("ОЗП pass thresholds (percent), by category"),
        "ozp_threshold_heads": _("ОЗП pass threshold for heads and deputies (percent)"),
        "head_positions": _("Positions that take the heads' ОЗП threshold"),
        "ozp_exempt_confirm_categories": _("Categories confirmed without the ОЗП"),
        "ozp_exempt_confirm_experience_years": _("Experience that exempts from the ОЗП when confirming (years)"),
        "min_experience_years": _("Minimum pedagogical experience (years), by category"),
        "attestation_period_years": _("Attestation period (years before the assessment)"),
        "category_validity_years": _("Validity of a category (years), by position"),
        "ban_years_first": _("Ban after a breach of the ОЗП rules (years)"),
        "ban_years_repeat": _("Ban after a repeated breach (years), by position"),
        "max_extension_years": _("Longest extension of a category's validity (years)"),
        "commission_levels": _("Level of the commission, by category"),
        "commission_min_voting": _("Voting members a commission needs"),
        "quorum": _("Quorum: share of the voting members who must vote"),
        "conflict_same_organization": _("A member from the applicant's organization is in conflict, by commission level"),
        "conflict_subordinate": _("A member who heads the applicant's organization is in conflict"),
        "review_days": _("Review deadline (days from submission)"),
        "essay_words": _("Length of the essay (words)"),
        "required_documents": _("Documents an application needs"),
    }


def rule_parameter_labels() -> dict[str, str]:
    return {
        "years": _("Academic years of knowledge-quality data"),
        "early_years": _("Academic years of data for early attestation"),
        "requires_analysis": _("A monitoring analysis is required"),
        "trend_bonus": _("Bonus points when the trend is not falling"),
        "min_lessons": _("Minimum observed lessons in the school year"),
        "min_external": _("Of them, observed by an external observer"),
        "min_percent": _("Minimum mean score (percent), by category"),
        "points_per_percent": _("Percent of the mean score per point"),
        "winner_bonus": _("Bonus points for a winner certificate (once)"),
        "min_count": _("Minimum number of publications"),
        "max_authors": _("At most this many authors"),
        "points": _("Points"),
        "min_coverage": _("Minimum coverage (districts or regions)"),
        "hours": _("Required course hours, by category"),
        "hours_per_point": _("Course hours per point"),
        "max_points": _("Maximum points"),
        "require_in_profile": _("At least one course in the teacher's profile"),
    }


def kind_labels() -> dict[str, str]:
    return {
        "knowledge_dynamics": _("knowledge-quality dynamics"), "observation": _("lesson observations"),
        "level_at_least": _("highest level reached"), "count_threshold": _("number of publications"),
        "coverage": _("coverage of practice transmission"), "hours": _("course hours"),
        "informational": _("informational, never blocks"),
    }


def key_labels(names: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Words for the keys of tables: categories, event and commission levels, positions, documents…"""
    from app.attestation.documents import document_label
    from app.attestation.labels import level_label
    from app.scoring.engine import level_name

    labels = {code: level_name(code) for code in LEVELS}
    labels.update({code: level_label(code) for code in TENANT_LEVELS})
    labels.update({code: document_label(code) for code in DEFAULT_PARAMETERS["required_documents"]})
    labels.update(names.get("position", {}))
    labels.update({code: category_name(code) for code in CATEGORIES})
    labels.update({"numerator": _("numerator"), "denominator": _("denominator"), "min": _("at least"),
                   "max": _("at most")})
    return labels


# Values shown and values read ------------------------------------------------------------------------
def shown_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_number(text: str | None) -> Any:
    """A typed number: int, float, absent (None) or, when it is not a number, the text itself
    (validation then says "expected a number" and the text is shown again)."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_NUMBER_CHARS:
        return text[:MAX_NUMBER_CHARS]
    normal = text.replace(",", ".").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+", normal):
        return int(normal)
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", normal):
        number = float(normal)
        return number if math.isfinite(number) else text
    return text


def _entry(name: str, label: str, shape: Shape, value: Any, required: bool, labels: dict[str, str],
           flag_default: bool = False) -> Entry:
    if isinstance(shape, Number):
        return Entry(name, label, "number", shown_number(value) if not isinstance(value, str) else value,
                     required=required, hint="%" if shape.percent else "")
    if isinstance(shape, Flag):
        return Entry(name, label, "checkbox", bool(flag_default if value is None else value), required=required)
    if isinstance(shape, OneOf):
        return Entry(name, label, "select", value or "", [(c, labels.get(c, c)) for c in shape.allowed],
                     required=required)
    if isinstance(shape, Choices):
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        return Entry(name, label, "checks", chosen, [(c, labels.get(c, c)) for c in shape.allowed], required=required)
    value = value if isinstance(value, dict) else {}
    flag_defaults = flag_default if isinstance(flag_default, dict) else {}
    children = [_entry(f"{name}.{key}", labels.get(key, key), shape.value, value.get(key), key in shape.required,
                       labels, flag_defaults.get(key, False))
                for key in shape.keys]
    return Entry(name, label, "table", children=children, required=required)


def _read(form: Mapping[str, Any], name: str, shape: Shape) -> Any:
    """The value of one entry as the content holds it; None when nothing was typed."""
    if isinstance(shape, Number):
        return read_number(form.get(name))
    if isinstance(shape, Flag):
        return form.get(name) in ("on", "1", "true", "y")
    if isinstance(shape, OneOf):
        return form.get(name) or None
    if isinstance(shape, Choices):
        values = form.getlist(name) if hasattr(form, "getlist") else form.get(name) or []
        return [str(v) for v in values][:MAX_CHOICES]
    table = {}
    for key in shape.keys:
        item = _read(form, f"{name}.{key}", shape.value)
        if item is not None:
            table[key] = item
    return table


def parameter_entries(parameters: Mapping[str, Any], labels: dict[str, str]) -> list[Entry]:
    names = parameter_labels()
    entries = []
    for key, (shape, required) in PARAMETERS.items():
        # a parameter the stored set leaves out has its default: that is what is shown (and saved)
        value = parameters.get(key, DEFAULT_PARAMETERS.get(key))
        entries.append(_entry(f"p.{key}", names.get(key, key), shape, value, required, labels))
    return entries


def rule_entries(rule_id: int, kind: str, params: Mapping[str, Any], labels: dict[str, str]) -> list[Entry]:
    names = rule_parameter_labels()
    return [_entry(f"r{rule_id}.{key}", names.get(key, key), shape, params.get(key), required, labels,
                   RULE_FLAG_DEFAULTS.get(key, False))
            for key, (shape, required) in KIND_PARAMETERS.get(kind, {}).items()]


def read_parameters(form: Mapping[str, Any]) -> dict[str, Any]:
    """The set's parameters from the form. A number or table left empty is left out: an optional
    one then takes the default, a required one is named by validation as missing."""
    parameters: dict[str, Any] = {}
    for key, (shape, _required) in PARAMETERS.items():
        value = _read(form, f"p.{key}", shape)
        if value is not None and value != {}:
            parameters[key] = value
    return parameters


def read_rule(form: Mapping[str, Any], rule_id: int, kind: str) -> tuple[bool, dict[str, Any]]:
    """Whether the rule applies, and its parameters. A rule that does not apply keeps no
    parameters unless a number was typed for it."""
    applicable = form.get(f"r{rule_id}.applicable") in ("on", "1", "true", "y")
    params: dict[str, Any] = {}
    typed = False
    for key, (shape, _required) in KIND_PARAMETERS.get(kind, {}).items():
        value = _read(form, f"r{rule_id}.{key}", shape)
        if value is None or value == {}:
            continue
        typed = typed or not isinstance(shape, Flag)
        params[key] = value
    return applicable, (params if applicable or typed else {})


def _typed(entry: Entry, form: Mapping[str, Any]) -> None:
    if entry.widget == "table":
        for child in entry.children:
            _typed(child, form)
    elif entry.widget == "checkbox":
        entry.value = form.get(entry.name) in ("on", "1", "true", "y")
    elif entry.widget == "checks":
        values = form.getlist(entry.name) if hasattr(form, "getlist") else form.get(entry.name) or []
        entry.value = [str(v) for v in values][:MAX_CHOICES]
    else:
        entry.value = str(form.get(entry.name) or "")[:MAX_NUMBER_CHARS * 4]


def keep_typed(parameters: list[Entry], rules: list[RuleBlock], form: Mapping[str, Any]) -> None:
    """A refused form is shown again with what was typed, not with what is stored."""
    for entry in parameters:
        _typed(entry, form)
    for block in rules:
        block.applicable = form.get(f"{block.name}.applicable") in ("on", "1", "true", "y")
        for entry in block.entries:
            _typed(entry, form)


# Problems beside their inputs ------------------------------------------------------------------------
_RULE_PATH = re.compile(r"^rules\[(\d+)\](?:\.(.*))?$")


def input_name(problem: Problem, rule_ids: list[int]) -> str | None:
    """The input a problem is about (None: the form as a whole)."""
    where = re.sub(r"\[\d+\]$", "", problem.field)
    if where.startswith("parameters."):
        return "p." + where[len("parameters."):]
    match = _RULE_PATH.match(problem.field)
    if match:
        index, rest = int(match.group(1)), match.group(2) or ""
        if index >= len(rule_ids):
            return None
        rest = re.sub(r"\[\d+\]$", "", rest)
        rest = rest[len("params."):] if rest.startswith("params.") else rest
        return f"r{rule_ids[index]}" + (f".{rest}" if rest else "")
    return None


def _sentence(problem: Problem) -> str:
    text = problem_text(problem)
    return text[:1].upper() + text[1:]


def place_problems(problems: list[Problem], rule_ids: list[int], parameters: list[Entry],
                   rules: list[RuleBlock]) -> list[str]:
    """Attach each problem to its entry (or the nearest enclosing one); the rest, as sentences
    that say where, for the top of the form."""
    by_name: dict[str, Entry | RuleBlock] = {}

    def index(entries: list[Entry]) -> None:
        for entry in entries:
            by_name[entry.name] = entry
            index(entry.children)

    index(parameters)
    for block in rules:
        by_name[block.name] = block
        index(block.entries)
    unplaced = []
    for problem in problems:
        name = input_name(problem, rule_ids)
        target = None
        while name and target is None:
            target = by_name.get(name)
            name = name.rsplit(".", 1)[0] if "." in name else None
        if target is None:
            unplaced.append(describe(problem))
        else:
            target.errors.append(_sentence(problem))
    return unplaced
