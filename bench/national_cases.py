"""Frozen snapshots, scores and decisions for the generated applications.

Each distinct situation (education level, category, mode, complete or with gaps) is scored once by
the app's own engine and decided by the app's own formula; applications in that situation share the
JSON. The stored results are the engine's, never written by hand.
"""

from __future__ import annotations

import datetime as dt
import json

AS_OF = dt.date(2026, 11, 1)


def _level(requested: str) -> dict:
    from bench.national_data import CATEGORY_LEVEL

    return {"id": 1, "level": CATEGORY_LEVEL.get(requested, "organization")}


def build_case(education_level: str, requested: str, current: str, mode: str, complete: bool) -> dict:
    """A case in the scoring contract (docs/scoring.md), shaped like app.scoring.snapshot.build_case."""
    level = _level(requested)
    start = dt.date(2026, 9, 1)
    lessons = [{"lesson": f"bench:{i}", "date": (start + dt.timedelta(days=7 + 12 * i)).isoformat(),
                "observer": 1000 + i, "external": i == 0, "percent": 75.0} for i in range(5)]
    years = 3 if complete else 1
    profile = {
        "knowledge_quality": [{"id": i + 1, "year": 2026 - i, "quality_percent": 60.0 + i} for i in range(years)],
        "knowledge_analysis": complete, "observations": lessons,
        "student_contests": [{"id": 1, **level, "winner": False}],
        "teacher_contests": [{"id": 2, **level, "winner": True}],
        "methodical_materials": [{"id": 3, **level}] if complete else [],
        "speeches": [{"id": 4, **level}] if complete else [],
        "publications": ([{"id": 5, "recommended": True, "authors": 2}]
                         if requested in ("researcher", "master") else []),
        "working_groups": [{"id": 6, **level}] if complete else [],
        "practice_transmission": ([{"id": 7, **level, "coverage": 3}]
                                  if requested in ("researcher", "master") else []),
        "courses": ([{"id": 8, "program": "orleu_updated_content_80", "hours": 80, "in_profile": True},
                     {"id": 9, "program": "orleu_digital_72", "hours": 72, "in_profile": True}] if complete
                    else [{"id": 8, "program": "nis_criteria_36", "hours": 36, "in_profile": True}]),
        "class_management": complete,
    }
    return {"education_level": education_level, "position": "teacher", "requested_category": requested,
            "current_category": current, "mode": mode, "early": False, "experience_years": 12.0,
            "ozp_percent": 82.0 if complete else 58.0, "as_of": AS_OF.isoformat(), "rule_set": None,
            "profile": profile}


class Cases:
    """Scores and decisions per situation, computed once."""

    def __init__(self, rules, parameters: dict) -> None:
        self.rules, self.parameters = rules, parameters
        self._scores: dict[tuple, tuple[str, str, dict]] = {}
        self._decisions: dict[tuple, tuple[str, str | None, str | None]] = {}

    def _scored(self, key: tuple) -> tuple[str, str, dict]:
        if key not in self._scores:
            from app.scoring.cases import read_case
            from app.scoring.engine import score

            case = build_case(*key)
            case["rule_set"] = self.rules.name
            parsed, _name = read_case(case)
            result = score(parsed, self.rules)
            self._scores[key] = (json.dumps(case, ensure_ascii=False), json.dumps(result, ensure_ascii=False), result)
        return self._scores[key]

    def case(self, education_level: str, requested: str, current: str, mode: str, complete: bool) -> tuple[str, str]:
        snapshot, score, _result = self._scored((education_level, requested, current, mode, complete))
        return snapshot, score

    def decision(self, education_level: str, requested: str, current: str, mode: str, complete: bool,
                 corresponds: bool, voting: int) -> tuple[str, str | None, str | None]:
        """The formula's decision when every voting member and the chair say ``corresponds``."""
        key = (education_level, requested, current, mode, complete, corresponds, voting)
        if key not in self._decisions:
            from app.attestation.decision import Vote, decide

            _s, _j, result = self._scored(key[:5])
            voters = max(voting, 1)
            votes = [Vote(i + 1, i == 0, corresponds) for i in range(voters)]
            made = decide(result, votes, voters, corresponds, self.parameters, mode=mode,
                          requested_category=requested, current_category=current)
            self._decisions[key] = (json.dumps(made.as_dict(), ensure_ascii=False), made.outcome,
                                    made.awarded_category)
        return self._decisions[key]
