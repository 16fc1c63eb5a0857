"""Readiness advisor: for a case and a target category, what is still needed, indicator by
indicator, the least effort first ("16 more course hours", "one speech at district level")."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import _
from app.observation.rules import SheetScore, school_year, teaching_quality
from app.scoring.engine import Case, RuleSetData, distinct_program_hours, level_name, score

#: rough effort per indicator kind (1 = a form to fill, 10 = a school year of work)
EFFORT = {"informational": 0, "count_threshold": 6, "hours": 4, "level_at_least": 3, "coverage": 8,
          "observation": 5, "knowledge_dynamics": 9}


@dataclass(frozen=True)
class Advice:
    indicator: str
    effort: float
    text: str


def advise(case: Case, rules: RuleSetData) -> tuple[dict, list[Advice]]:
    """The engine's result for the case, and the advice for every applicable indicator not met."""
    result = score(case, rules)
    category = case.requested_category
    advice: list[Advice] = []
    level_names = list(rules.parameters["level_points"])
    needed_rank = rules.parameters["required_level"].get(category, 0)
    level_word = level_name(next((name for name in level_names if rules.parameters["level_points"][name] == needed_rank),
                                 level_names[0]))
    for code, indicator in result["indicators"].items():
        if not indicator["applicable"] or indicator["met"]:
            continue
        rule = rules.rule_for(code, case.education_level, case.position, category)
        effort = float(EFFORT.get(rule.kind, 5))
        text = "; ".join(indicator["reasons"])
        if rule.kind == "hours":
            total = distinct_program_hours(case.profile.get("courses", []))
            missing = max(0, int(rule.params["hours"].get(category, 0) - total))
            if missing:
                text, effort = _("%(hours)d more course hours", hours=missing), missing / 18
            else:
                text = _("a course in the teacher's own profile")
        elif rule.kind == "observation":
            sheets = [SheetScore(o.get("lesson"), _day(o["date"]), o.get("observer"), bool(o.get("external")),
                                 float(o["percent"])) for o in case.profile.get("observations", [])]
            quality = teaching_quality(sheets, as_of=case.as_of, min_lessons=rule.params["min_lessons"],
                                       min_external=rule.params["min_external"])
            parts = []
            missing = rule.params["min_lessons"] - quality.days
            if missing > 0:
                parts.append(_("%(count)d more observed lessons on different days before %(date)s", count=missing,
                               date=school_year(case.as_of)[1].strftime("%d.%m.%Y")))
            if quality.external_lessons < rule.params["min_external"]:
                parts.append(_("a lesson observed by an external observer"))
            if not parts:
                parts.append(_("raise the mean observation score"))
            text, effort = "; ".join(parts), max(missing, 1) * 1.5
        elif rule.kind == "level_at_least":
            what = {"2.1": _("a student's participation in an approved contest"),
                    "2.2": _("your participation in a professional contest"),
                    "3.1": _("a methodical material recommended by a council"),
                    "3.2": _("one speech"),
                    "3.4": _("membership of a working group or jury")}.get(code, code)
            text = _("%(what)s at %(level)s level or higher", what=what, level=level_word)
        elif rule.kind == "count_threshold":
            text = _("one publication in a recommended edition (at most %(limit)d authors)",
                     limit=rule.params["max_authors"])
        elif rule.kind == "coverage":
            text = _("practice transmission at %(level)s level covering %(count)d districts or regions",
                     level=level_word, count=rule.params["min_coverage"])
        advice.append(Advice(code, effort, text))
    advice.sort(key=lambda item: (item.effort, item.indicator))
    return result, advice


def _day(value):
    import datetime as dt

    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
