"""Table-driven tests of every rule kind and outcome path of the scoring engine (DOMAIN.md §6, §11)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from app.scoring.cases import CaseError, read_case
from app.scoring.defaults import CATEGORIES
from app.scoring.engine import score
from app.scoring.rulesets import default_data

RULES = default_data()
AS_OF = "2025-12-15"


def _observations(days=5, external=1, percent=92.0):
    return [{"lesson": f"L{i}", "date": (dt.date(2025, 10, 1) + dt.timedelta(days=i)).isoformat(), "observer": "O1",
             "external": i < external, "percent": percent} for i in range(days)]


def full_profile(level="district", transmission=("region", 3)):
    return {
        "knowledge_quality": [{"year": y, "quality_percent": 60 + y - 2021} for y in (2022, 2023, 2024)],
        "knowledge_analysis": True,
        "observations": _observations(),
        "student_contests": [{"level": level, "winner": False}],
        "teacher_contests": [{"level": level, "winner": False}],
        "methodical_materials": [{"level": level}],
        "speeches": [{"level": level}],
        "publications": [{"recommended": True, "authors": 2}],
        "working_groups": [{"level": level}],
        "practice_transmission": [{"level": transmission[0], "coverage": transmission[1]}],
        "courses": [{"program": "P-1", "hours": 72, "in_profile": True}, {"program": "P-2", "hours": 36, "in_profile": True}],
        "class_management": True,
    }


def run(profile=None, **case):
    data = {"education_level": "secondary", "position": "teacher", "requested_category": "expert",
            "current_category": "moderator", "mode": "assign", "early": False, "experience_years": 12,
            "ozp_percent": 90, "as_of": AS_OF, "rule_set": None, "profile": profile or full_profile()}
    data.update(case)
    parsed, _ = read_case(data)
    return score(parsed, RULES)


def test_full_profile_is_assigned_the_requested_category():
    result = run()
    assert result["portfolio_met"] and result["outcome"] == "assigned" and result["awarded_category"] == "expert"
    assert set(result["indicators"]) == {"1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "4", "5"}


@pytest.mark.parametrize(
    "courses,hours_met,points",
    [
        ([{"program": "P", "hours": 72, "in_profile": True}, {"program": "P", "hours": 72, "in_profile": True}], True, 2),
        ([{"program": "P", "hours": 40, "in_profile": True}, {"program": "P", "hours": 40, "in_profile": True}], False, 0),
        ([{"program": "A", "hours": 40, "in_profile": True}, {"program": "B", "hours": 40, "in_profile": True}], True, 2),
        ([{"program": "A", "hours": 200, "in_profile": True}], True, 4),
        ([{"program": "A", "hours": 80, "in_profile": False}], False, 0),
    ],
)
def test_courses_same_program_once_programs_sum_points_capped(courses, hours_met, points):
    profile = full_profile()
    profile["courses"] = courses
    indicator = run(profile)["indicators"]["4"]
    assert indicator["met"] is hours_met and indicator["points"] == points


def test_winner_bonus_once_and_one_score_per_level_not_summed():
    profile = full_profile()
    profile["student_contests"] = [{"level": "district", "winner": True}, {"level": "district", "winner": True},
                                   {"level": "organization", "winner": False}, {"level": "district", "winner": False}]
    indicator = run(profile)["indicators"]["2.1"]
    assert indicator["met"] and indicator["points"] == 2 + 1


def test_level_below_the_category_is_not_met():
    profile = full_profile()
    profile["speeches"] = [{"level": "organization"}]
    result = run(profile)
    assert not result["indicators"]["3.2"]["met"] and not result["portfolio_met"]


@pytest.mark.parametrize("category,applicable", [("moderator", False), ("expert", False), ("researcher", True), ("master", True)])
def test_publications_and_transmission_apply_from_researcher(category, applicable):
    previous = CATEGORIES[CATEGORIES.index(category) - 1]  # the principle of sequence
    result = run(requested_category=category, current_category=previous)
    assert result["indicators"]["3.3"]["applicable"] is applicable
    assert result["indicators"]["3.5"]["applicable"] is applicable


@pytest.mark.parametrize(
    "category,transmission,met",
    [
        ("researcher", ("region", 3), True),
        ("researcher", ("region", 2), False),
        ("researcher", ("district", 5), False),
        ("master", ("republic", 3), True),
        ("master", ("region", 5), False),
        ("master", ("republic", 2), False),
    ],
)
def test_transmission_level_and_coverage(category, transmission, met):
    level = "republic" if category == "master" else "region"
    result = run(full_profile(level=level, transmission=transmission), requested_category=category,
                 current_category=CATEGORIES[CATEGORIES.index(category) - 1])
    assert result["indicators"]["3.5"]["met"] is met


def test_observers_of_one_lesson_are_averaged_before_lessons_are_counted():
    profile = full_profile()
    profile["observations"] = [
        {"lesson": "L0", "date": "2025-10-01", "observer": "A", "external": True, "percent": 75},
        {"lesson": "L0", "date": "2025-10-01", "observer": "B", "external": False, "percent": 85},
    ] + [{"lesson": f"L{i}", "date": f"2025-10-0{i + 1}", "observer": "A", "external": False, "percent": 80}
         for i in range(1, 5)]
    indicator = run(profile)["indicators"]["1.2"]
    assert indicator["met"] and indicator["points"] == 8  # mean 80 % -> 8 points
    profile["observations"] = profile["observations"][:5]  # 4 lessons: L0 (two sheets) + L1..L3
    assert not run(profile)["indicators"]["1.2"]["met"]


def test_observations_outside_the_school_year_do_not_count():
    profile = full_profile()
    profile["observations"] = [dict(o, date=o["date"].replace("2025", "2024")) for o in _observations()]
    assert not run(profile)["indicators"]["1.2"]["met"]


def test_knowledge_dynamics_and_early_attestation():
    profile = full_profile()
    profile["knowledge_quality"] = profile["knowledge_quality"][:2]
    assert not run(profile)["indicators"]["1.1"]["met"]
    assert run(profile, early=True)["indicators"]["1.1"]["met"]
    profile["knowledge_analysis"] = False
    assert not run(profile, early=True)["indicators"]["1.1"]["met"]


@pytest.mark.parametrize(
    "mode,requested,current,ozp,experience,outcome,awarded",
    [
        ("assign", "expert", "moderator", 75, 12, "assigned", "expert"),
        ("assign", "expert", "moderator", 65, 12, "not_assigned", None),  # ОЗП reaches moderator only
        ("assign", "researcher", "expert", 75, 12, "not_assigned", None),  # not above what ОЗП reaches
        ("assign", "expert", "moderator", None, 12, "not_assigned", None),  # ОЗП not taken
        ("confirm", "expert", "expert", 75, 12, "confirmed", "expert"),
        ("confirm", "expert", "expert", 60, 12, "lowered", "moderator"),  # one level lower
        ("confirm", "master", "master", None, 12, "confirmed", "master"),  # master exempt when confirming
        ("confirm", "expert", "expert", None, 31, "confirmed", "expert"),  # 30+ years exempt
        ("assign", "master", "researcher", None, 31, "not_assigned", None),  # exemptions only confirm
    ],
)
def test_ozp_and_decision_paths(mode, requested, current, ozp, experience, outcome, awarded):
    level = {"moderator": "organization", "expert": "district", "researcher": "region", "master": "republic"}[requested]
    transmission = ("republic", 3) if requested == "master" else ("region", 3)
    result = run(full_profile(level=level, transmission=transmission), mode=mode, requested_category=requested,
                 current_category=current, ozp_percent=ozp, experience_years=experience)
    assert (result["outcome"], result["awarded_category"]) == (outcome, awarded), result["ozp"]


def test_portfolio_steps_down_to_the_highest_met_category():
    profile = full_profile(level="organization")  # enough for moderator, not for expert
    result = run(profile, current_category="moderator")  # asks for expert, reaches moderator only
    assert result["outcome"] == "not_assigned" and result["awarded_category"] is None
    assert run(profile, requested_category="moderator", current_category="teacher")["awarded_category"] == "moderator"
    confirm = run(profile, mode="confirm", requested_category="expert", current_category="expert", ozp_percent=80)
    assert confirm["outcome"] == "lowered" and confirm["awarded_category"] == "moderator"


def test_heads_have_their_own_ozp_threshold_and_experience_minimum():
    result = run(position="head", requested_category="master", current_category="researcher", ozp_percent=72,
                 profile=full_profile(level="republic", transmission=("republic", 3)))
    assert result["ozp"]["required_percent"] == 70 and result["ozp"]["met"]
    junior = run(experience_years=1, requested_category="moderator", current_category="teacher")
    assert junior["outcome"] == "not_assigned"


def test_rule_sets_are_data():
    changed = copy.deepcopy(RULES.parameters)
    changed["ozp_thresholds"]["moderator"] = 95
    from app.scoring.engine import RuleSetData

    stricter = RuleSetData(name="stricter", parameters=changed, rules=RULES.rules)
    parsed, _ = read_case({"education_level": "secondary", "requested_category": "moderator", "current_category": "teacher",
                           "mode": "assign", "ozp_percent": 90, "experience_years": 12, "as_of": AS_OF,
                           "profile": full_profile()})
    assert score(parsed, RULES)["outcome"] == "assigned"
    assert score(parsed, stricter)["outcome"] == "not_assigned"


@pytest.mark.parametrize(
    "patch,message",
    [
        ({"requested_category": "guru"}, "requested_category"),
        ({"education_level": "university"}, "education_level"),
        ({"ozp_percent": "high"}, "ozp_percent"),
        ({"profile": {"speeches": [{"level": "galaxy"}]}}, "profile.speeches[0].level"),
        ({"profile": {"courses": [{"program": "P"}]}}, "profile.courses[0].hours"),
        ({"profile": None}, "profile"),
    ],
)
def test_malformed_cases_say_what_is_wrong(patch, message):
    data = {"education_level": "secondary", "requested_category": "expert", "mode": "assign", "profile": {}}
    data.update(patch)
    with pytest.raises(CaseError) as error:
        read_case(data)
    assert message in str(error.value)
    with pytest.raises(CaseError):
        read_case({"education_level": "secondary", "mode": "assign", "profile": {}})


def test_snapshot_keeps_only_the_attestation_period():
    import types

    from app.scoring.snapshot import build_case
    from models.portfolio import Course

    old = types.SimpleNamespace(id=1, program=None, other_program="Old", hours=72, in_profile=True,
                                completed_on=dt.date(2018, 5, 1), academic_year=None)
    new = types.SimpleNamespace(id=2, program=None, other_program="New", hours=36, in_profile=True,
                                completed_on=dt.date(2024, 5, 1), academic_year=None)
    person = types.SimpleNamespace(category=None, tenant=None, position=None)
    profile = types.SimpleNamespace(person=person, observations=[],
                                    of=lambda model: [old, new] if model is Course else [])
    case = build_case(profile, dt.date(2025, 12, 15), period_years=5)
    assert [c["program"] for c in case["profile"]["courses"]] == ["New"]
    assert len(build_case(profile, dt.date(2025, 12, 15))["profile"]["courses"]) == 2
