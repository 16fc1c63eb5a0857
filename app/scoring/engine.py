"""The explained scoring engine (DOMAIN.md §6, §11). Pure: no database, no Flask request;
deterministic. Input: a case (profile snapshot, requested category, mode …) and a rule set.
Output: per indicator applicable / met / points / reasons / evidence, the ОЗП requirement and
the recommended outcome of the default decision formula (without the commission's votes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.i18n import _
from app.observation.rules import SheetScore, teaching_quality
from app.scoring.defaults import CATEGORIES, INDICATORS


@dataclass(frozen=True)
class Rule:
    indicator: str
    kind: str
    params: dict
    education_level: str = "*"
    position: str = "*"
    category: str = "*"
    applicable: bool = True

    def specificity(self) -> int:
        return sum(value != "*" for value in (self.education_level, self.position, self.category))

    def matches(self, education_level: str, position: str, category: str) -> bool:
        return all(mine in ("*", theirs) for mine, theirs in
                   ((self.education_level, education_level), (self.position, position), (self.category, category)))


@dataclass(frozen=True)
class RuleSetData:
    name: str
    parameters: dict
    rules: tuple[Rule, ...]

    def rule_for(self, indicator: str, education_level: str, position: str, category: str) -> Rule | None:
        candidates = [r for r in self.rules if r.indicator == indicator and r.matches(education_level, position, category)]
        return max(candidates, key=Rule.specificity) if candidates else None


@dataclass
class Case:
    education_level: str
    position: str
    requested_category: str
    current_category: str
    mode: str
    early: bool
    experience_years: float
    ozp_percent: float | None
    as_of: dt.date
    profile: dict


@dataclass
class IndicatorResult:
    applicable: bool
    met: bool
    points: float
    reasons: list[str] = field(default_factory=list)
    evidence: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"applicable": self.applicable, "met": self.met, "points": self.points, "reasons": self.reasons,
                "evidence": self.evidence}


def level_name(code: str) -> str:
    """A level code in the user's language (the contract keeps codes; people read words)."""
    names = {"organization": _("organization"), "district": _("district"), "region": _("region"),
             "republic": _("republic"), "international": _("international")}
    return names.get(code, code)


def _rank(category: str) -> int:
    return CATEGORIES.index(category)


def _ids(items: list[dict]) -> list:
    return [item["id"] for item in items if isinstance(item, dict) and "id" in item]


class Scorer:
    """Scores one case against one rule set; methods per rule kind."""

    def __init__(self, rules: RuleSetData, case: Case) -> None:
        self.rules, self.case, self.p = rules, case, rules.parameters
        self._by_category: dict[str, dict[str, IndicatorResult]] = {}

    def level_points(self, level: str) -> int:
        return int(self.p["level_points"].get(level, 0))

    def required(self, category: str) -> int:
        return int(self.p["required_level"].get(category, 0))

    # rule kinds -------------------------------------------------------------------------------
    def knowledge_dynamics(self, params: dict, category: str, items: list, key: str) -> IndicatorResult:
        records = self.case.profile.get("knowledge_quality", [])
        years = sorted({r["year"] for r in records})
        needed = params["early_years"] if self.case.early else params["years"]
        analysed = bool(self.case.profile.get("knowledge_analysis")) or not params.get("requires_analysis", True)
        reasons = []
        if len(years) < needed:
            reasons.append(_("knowledge quality covers %(count)d of %(needed)d academic years", count=len(years), needed=needed))
        if not analysed:
            reasons.append(_("no monitoring analysis attached"))
        met = not reasons
        points = 0.0
        if met:
            by_year = {}
            for r in records:
                by_year.setdefault(r["year"], []).append(float(r.get("quality_percent") or 0))
            means = [sum(v) / len(v) for _y, v in sorted(by_year.items())]
            rising = means[-1] >= means[0]
            points = 1 + (params.get("trend_bonus", 1) if rising else 0)
            reasons.append(_("%(count)d academic years with analysis", count=len(years))
                           + ("; " + _("the trend is not falling") if rising else "; " + _("the trend is falling")))
        return IndicatorResult(True, met, points, reasons, _ids(records))

    def observation(self, params: dict, category: str, items: list, key: str) -> IndicatorResult:
        sheets = [
            SheetScore(lesson=o.get("lesson"), day=_date(o["date"]), observer=o.get("observer"),
                       external=bool(o.get("external")), percent=float(o["percent"]))
            for o in self.case.profile.get("observations", [])
        ]
        threshold = params.get("min_percent", {}).get(category)
        quality = teaching_quality(sheets, as_of=self.case.as_of, min_lessons=params["min_lessons"],
                                   min_external=params["min_external"], min_percent=threshold)
        points = float(int((quality.mean_percent or 0) // params.get("points_per_percent", 10))) if quality.met else 0.0
        if not quality.lessons:
            reasons = [_("no observed lessons in the school year of the assessment date")]
        else:
            reasons = quality.reasons
        return IndicatorResult(True, quality.met, points, reasons, _ids(self.case.profile.get("observations", [])))

    def level_at_least(self, params: dict, category: str, items: list, key: str) -> IndicatorResult:
        needed = self.required(category)
        if not items:
            return IndicatorResult(True, False, 0.0, [_("nothing recorded")], [])
        best = max(items, key=lambda i: self.level_points(i.get("level", "")))
        best_points = self.level_points(best.get("level", ""))
        if best_points < needed:
            return IndicatorResult(True, False, 0.0, [_("the highest level reached is below the category's level")],
                                   _ids(items))
        points = float(best_points)
        reasons = [_("the highest level: %(level)s (%(points)d points; works are not summed)",
                     level=level_name(best.get("level", "")), points=best_points)]
        if params.get("winner_bonus") and any(i.get("winner") for i in items):
            points += params["winner_bonus"]
            reasons.append(_("+%(bonus)d for a winner certificate (once)", bonus=params["winner_bonus"]))
        return IndicatorResult(True, True, points, reasons, _ids(items))

    def count_threshold(self, params: dict, category: str, items: list, key: str) -> IndicatorResult:
        valid = [i for i in items if i.get("recommended") and int(i.get("authors", 1)) <= params["max_authors"]]
        if len(valid) >= params["min_count"]:
            return IndicatorResult(True, True, float(params["points"]),
                                   [_("%(count)d publications in recommended editions", count=len(valid))], _ids(valid))
        reasons = [_("no publication in a recommended edition with at most %(limit)d authors", limit=params["max_authors"])]
        return IndicatorResult(True, False, 0.0, reasons, _ids(items))

    def coverage(self, params: dict, category: str, items: list, key: str) -> IndicatorResult:
        needed = self.required(category)
        good = [i for i in items if self.level_points(i.get("level", "")) >= needed
                and int(i.get("coverage", 0)) >= params["min_coverage"]]
        if good:
            best = max(self.level_points(i["level"]) for i in good)
            return IndicatorResult(True, True, float(best), [_("done at the required level")], _ids(good))
        if not items:
            return IndicatorResult(True, False, 0.0, [_("no practice transmission")], [])
        if max(self.level_points(i.get("level", "")) for i in items) < needed:
            return IndicatorResult(True, False, 0.0, [_("the highest level reached is below the category's level")], _ids(items))
        return IndicatorResult(True, False, 0.0,
                               [_("coverage below %(needed)d districts or regions", needed=params["min_coverage"])], _ids(items))

    def hours(self, params: dict, category: str, items: list, key: str) -> IndicatorResult:
        total = distinct_program_hours(items)
        needed = float(params["hours"].get(category, 0))
        in_profile = any(c.get("in_profile") for c in items) or not params.get("require_in_profile", True)
        reasons = [_("courses: %(hours)d of %(needed)d hours", hours=int(total), needed=int(needed))]
        if not in_profile:
            reasons.append(_("no course in the teacher's profile"))
        met = total >= needed and in_profile
        points = float(min(int(total // params["hours_per_point"]), params["max_points"])) if met else 0.0
        return IndicatorResult(True, met, points, reasons, _ids(items))

    def informational(self, params: dict, category: str, items: list, key: str) -> IndicatorResult:
        present = bool(self.case.profile.get("class_management"))
        return IndicatorResult(True, True, float(params.get("points", 1)) if present else 0.0,
                               [_("recorded") if present else _("none recorded (informational)")], [])

    # ------------------------------------------------------------------------------------------
    def indicators(self, category: str) -> dict[str, IndicatorResult]:
        if category not in self._by_category:
            self._by_category[category] = self._indicators(category)
        return self._by_category[category]

    def _indicators(self, category: str) -> dict[str, IndicatorResult]:
        profile = self.case.profile
        sources = {
            "1.1": "knowledge_quality", "1.2": "observations", "2.1": "student_contests", "2.2": "teacher_contests",
            "3.1": "methodical_materials", "3.2": "speeches", "3.3": "publications", "3.4": "working_groups",
            "3.5": "practice_transmission", "4": "courses", "5": "class_management",
        }
        results = {}
        for code in INDICATORS:
            rule = self.rules.rule_for(code, self.case.education_level, self.case.position, category)
            if rule is None or not rule.applicable:
                results[code] = IndicatorResult(False, True, 0.0, [_("not applicable to this category")], [])
                continue
            items = profile.get(sources[code]) or []
            items = items if isinstance(items, list) else []
            results[code] = getattr(self, rule.kind)(rule.params, category, items, sources[code])
        return results

    def portfolio_met(self, category: str) -> bool:
        return all(r.met for r in self.indicators(category).values() if r.applicable)

    def ozp_threshold(self, category: str) -> float:
        if self.case.position in self.p.get("head_positions", []):
            return float(self.p["ozp_threshold_heads"])
        return float(self.p["ozp_thresholds"][category])

    def ozp_exempt(self) -> bool:
        if self.case.mode != "confirm":
            return False
        return (self.case.requested_category in self.p.get("ozp_exempt_confirm_categories", [])
                or self.case.experience_years >= self.p.get("ozp_exempt_confirm_experience_years", 30))


def distinct_program_hours(courses: list[dict]) -> float:
    """Hours summed over distinct programs: one program counts once, whatever its certificates."""
    by_program: dict[str, float] = {}
    for course in courses:
        program = str(course.get("program") or course.get("id") or "")
        by_program[program] = max(by_program.get(program, 0.0), float(course.get("hours") or 0))
    return sum(by_program.values())


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def score(case: Case, rules: RuleSetData) -> dict[str, Any]:
    """The explained result of one case (see docs/scoring.md for the contract)."""
    scorer = Scorer(rules, case)
    requested = case.requested_category
    indicators = scorer.indicators(requested)
    total = sum(r.points for r in indicators.values() if r.applicable)
    portfolio = all(r.met for r in indicators.values() if r.applicable)

    # Step 1: ОЗП
    exempt = scorer.ozp_exempt()
    required_percent = None if exempt else scorer.ozp_threshold(requested)
    ozp_met = exempt or (case.ozp_percent is not None and case.ozp_percent >= required_percent)
    if ozp_met:
        ceiling = requested
    elif case.mode == "confirm":
        ceiling = CATEGORIES[max(_rank(requested) - 1, 0)]
    else:
        reached = [c for c in CATEGORIES[1:_rank(requested) + 1]
                   if case.ozp_percent is not None and case.ozp_percent >= scorer.ozp_threshold(c)]
        ceiling = reached[-1] if reached else "teacher"

    # Step 2: portfolio (and minimum experience) from the ceiling down
    awarded = "teacher"
    for category in reversed(CATEGORIES[1:_rank(ceiling) + 1]):
        minimum = rules.parameters.get("min_experience_years", {}).get(category, 0)
        if case.experience_years < minimum:
            continue
        if scorer.portfolio_met(category):
            awarded = category
            break

    # Step 4: outcome
    current = case.current_category
    if case.mode == "confirm":
        outcome = "confirmed" if _rank(awarded) >= _rank(current) else "lowered"
        awarded_category = current if outcome == "confirmed" else awarded
    else:
        outcome = "assigned" if _rank(awarded) > _rank(current) else "not_assigned"
        awarded_category = awarded if outcome == "assigned" else None
    return {
        "rule_set": rules.name,
        "requested_category": requested,
        "mode": case.mode,
        "indicators": {code: result.as_dict() for code, result in indicators.items()},
        "total_points": total,
        "portfolio_met": portfolio,
        "ozp": {"required_percent": required_percent, "exempt": exempt, "met": ozp_met},
        "outcome": outcome,
        "awarded_category": awarded_category,
    }
