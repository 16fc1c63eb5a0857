"""Validation problems (app.scoring.validation) in the reader's language: called at the edge —
the CLI inside force_locale(), pages in the request's locale — never stored translated."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.i18n import _
from app.scoring.validation import Problem

#: how many problems a page or a message lists before "and N more"
SHOWN_PROBLEMS = 20


def category_name(code: str | None) -> str:
    names = {"teacher": _("teacher (no category)"), "moderator": _("teacher-moderator"),
             "expert": _("teacher-expert"), "researcher": _("teacher-researcher"), "master": _("teacher-master")}
    return names.get(code or "", code or "")


def _field_names() -> dict[str, str]:
    return {
        "education_level": _("education level"), "position": _("position"),
        "requested_category": _("requested category"), "current_category": _("current category"),
        "mode": _("mode"), "early": _("early attestation"), "experience_years": _("pedagogical experience (years)"),
        "ozp_percent": _("ОЗП result (percent)"), "as_of": _("assessment date"), "rule_set": _("rule set"),
        "profile": _("profile"), "knowledge_quality": _("knowledge quality"), "observations": _("lesson observations"),
        "student_contests": _("students' contests"), "teacher_contests": _("teachers' contests"),
        "methodical_materials": _("methodical materials"), "speeches": _("speeches"),
        "publications": _("publications"), "working_groups": _("working groups"),
        "practice_transmission": _("practice transmission"), "courses": _("courses"),
        "knowledge_analysis": _("monitoring analysis"), "class_management": _("class management"),
        "year": _("academic year"), "quality_percent": _("quality (percent)"), "date": _("date"),
        "percent": _("score (percent)"), "lesson": _("lesson"), "external": _("external observer"),
        "level": _("level"), "coverage": _("coverage"), "winner": _("winner"), "authors": _("authors"),
        "recommended": _("recommended edition"), "hours": _("hours"), "in_profile": _("in the teacher's profile"),
    }


def field_names() -> dict[str, str]:
    """The case's and the profile records' fields in words (pages that show a scored snapshot)."""
    return _field_names()


_ITEM = re.compile(r"^profile\.(\w+)\[(\d+)\]\.(\w+)$")
_RULE = re.compile(r"^rules\[(\d+)\]\.?(.*)$")


def field_label(problem: Problem) -> str:
    """Where the problem is, in words (a person's view: records, not JSON paths)."""
    where = problem.field
    names = _field_names()
    item = _ITEM.match(where)
    if item:
        records, index, key = item.groups()
        if "item" in problem.params:
            return _("%(records)s, record #%(id)s: %(field)s", records=names.get(records, records),
                     id=str(problem.params["item"]), field=names.get(key, key))
        return _("%(records)s, item %(n)d: %(field)s", records=names.get(records, records), n=int(index) + 1,
                 field=names.get(key, key))
    rule = _RULE.match(where)
    if rule:
        index, rest = rule.groups()
        if rest:
            return _("Rule %(n)d: %(field)s", n=int(index) + 1, field=rest)
        return _("Rule %(n)d", n=int(index) + 1)
    if where.startswith("profile."):
        key = where.split(".", 1)[1]
        return names.get(key, key)
    if where.startswith("parameters."):
        return _("Parameters: %(field)s", field=where.split(".", 1)[1])
    if where == "parameters":
        return _("Parameters")
    if where == "rules":
        return _("Rules")
    return names.get(where, where)


def problem_text(problem: Problem) -> str:
    """What is wrong, without where."""
    p = problem.params
    code = problem.code
    if code == "json_invalid":
        if p.get("line"):
            return _("This is not valid JSON (line %(line)d, column %(column)d).", line=int(p["line"]),
                     column=int(p.get("column", 0)))
        return _("This is not valid JSON.")
    if code == "json_too_deep":
        return _("The JSON is nested too deeply (more than %(limit)d levels).", limit=int(p.get("limit", 0)))
    if code == "json_too_large":
        return _("The text is too long (more than %(limit)d characters).", limit=int(p.get("limit", 0)))
    if code == "not_utf8":
        return _("The file is not UTF-8 text.")
    if code == "missing":
        return _("a required value is missing")
    if code == "unknown_value":
        return _("unknown value %(value)s; expected one of: %(allowed)s", value=str(p.get("value", "")),
                 allowed=", ".join(str(a) for a in p.get("allowed", [])))
    if code == "unknown_field":
        return _("unknown field")
    if code == "not_number":
        return _("expected a number")
    if code == "not_boolean":
        return _("expected true or false")
    if code == "not_date":
        return _("expected a date as YYYY-MM-DD")
    if code == "not_text":
        return _("expected a name or null")
    if code == "not_object":
        return _("expected an object") if problem.field else _("The case must be a JSON object.")
    if code == "not_list":
        return _("expected a list of objects")
    if code == "not_list_of_values":
        return _("expected a list of: %(allowed)s", allowed=", ".join(str(a) for a in p.get("allowed", [])))
    if code == "negative":
        return _("must not be negative (%(value)s)", value=str(p.get("value", "")))
    if code == "percent_out_of_range":
        return _("a percent lies between 0 and 100 (%(value)s)", value=str(p.get("value", "")))
    if code == "not_whole_number":
        return _("expected a whole number (%(value)s)", value=str(p.get("value", "")))
    if code == "not_positive":
        return _("must be greater than zero (%(value)s)", value=str(p.get("value", "")))
    if code == "out_of_range":
        if p.get("maximum") is None:
            return _("must be at least %(minimum)s (%(value)s)", minimum=_number(p.get("minimum")),
                     value=str(p.get("value", "")))
        return _("must lie between %(minimum)s and %(maximum)s (%(value)s)", minimum=_number(p.get("minimum")),
                 maximum=_number(p.get("maximum")), value=str(p.get("value", "")))
    if code == "sequence":
        if not p.get("next"):
            return _("the principle of sequence: %(current)s is the highest category, it can only be confirmed",
                     current=category_name(p.get("current")))
        return _("the principle of sequence: from %(current)s only %(next)s can be assigned (or the current "
                 "category confirmed), not %(requested)s", current=category_name(p.get("current")),
                 next=category_name(p.get("next")), requested=category_name(p.get("requested")))
    if code == "confirm_not_current":
        if p.get("current") == "teacher":
            return _("a teacher without a category has no category to confirm")
        return _("only the current category can be confirmed: %(current)s, not %(requested)s",
                 current=category_name(p.get("current")), requested=category_name(p.get("requested")))
    if code == "unknown_rule_set":
        return _("there is no rule set named %(name)s", name=str(p.get("name", "")))
    if code == "no_published_rule_set":
        return _("No published criteria rule set: ask the national administrator.")
    if code == "too_many_rules":
        return _("more than %(limit)d rules", limit=int(p.get("limit", 0)))
    if code == "duplicate_rule":
        return _("the same indicator, education level, position and category as rule %(other)d",
                 other=int(p.get("other", 0)))
    return _("this value cannot be used")


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(problem: Problem, *, technical: bool = False) -> str:
    """One problem as a sentence: where (a JSON path for the CLI, words for pages) and what."""
    where = problem.field if technical else (field_label(problem) if problem.field else "")
    text = _("%(field)s: %(problem)s", field=where, problem=problem_text(problem)) if where else problem_text(problem)
    # a sentence on a page starts with a capital; a JSON path (the CLI) stays as written
    return text if technical else text[:1].upper() + text[1:]


def describe_all(problems: Iterable[Problem], *, technical: bool = False, limit: int = SHOWN_PROBLEMS) -> list[str]:
    """Sentences for the first ``limit`` problems, and "… and N more" for the rest."""
    problems = list(problems)
    lines = [describe(p, technical=technical) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(_("… and %(count)d more", count=len(problems) - limit))
    return lines
