"""The scoring contract refuses what it cannot score (issue 9, point 2): every refusal, with its
exact code, table-driven; and a rule set's content checked against what the engine reads."""

from __future__ import annotations

import copy
import json
import re

import pytest

from app.scoring.cases import CaseError, read_case
from app.scoring.defaults import CATEGORIES, DEFAULT_PARAMETERS
from app.scoring.engine import score
from app.scoring.messages import describe, describe_all
from app.scoring.rulesets import default_data
from app.scoring.validation import (
    MAX_JSON_DEPTH,
    InvalidInput,
    Problem,
    json_depth,
    parse_json,
    validate_case,
    validate_rule_set,
)


def good_case(**changes) -> dict:
    data = {"education_level": "secondary", "position": "teacher", "requested_category": "expert",
            "current_category": "moderator", "mode": "assign", "early": False, "experience_years": 12,
            "ozp_percent": 74, "as_of": "2025-12-15", "rule_set": None,
            "profile": {"knowledge_quality": [{"year": 2023, "quality_percent": 61.0}],
                        "observations": [{"lesson": "L1", "date": "2025-10-01", "percent": 80.0}],
                        "speeches": [{"level": "district"}],
                        "publications": [{"recommended": True, "authors": 2}],
                        "practice_transmission": [{"level": "region", "coverage": 3}],
                        "courses": [{"id": 7, "program": "P-101", "hours": 72, "in_profile": True}]}}
    data.update(changes)
    return data


def with_profile(key: str, items: list) -> dict:
    data = good_case()
    data["profile"] = {**data["profile"], key: items}
    return data


def codes(data, **kwargs) -> list[tuple[str, str]]:
    return [(p.code, p.field) for p in validate_case(data, **kwargs)]


def test_a_good_case_has_no_problems_and_scores():
    assert validate_case(good_case()) == []
    case, _name = read_case(good_case())
    assert score(case, default_data())["requested_category"] == "expert"


@pytest.mark.parametrize(
    "data,expected",
    [
        # negative course hours or experience
        (with_profile("courses", [{"program": "P", "hours": -1}]), ("negative", "profile.courses[0].hours")),
        (good_case(experience_years=-0.5), ("negative", "experience_years")),
        # percents outside 0–100: ОЗП, observation, knowledge quality
        (good_case(ozp_percent=100.01), ("percent_out_of_range", "ozp_percent")),
        (good_case(ozp_percent=-1), ("percent_out_of_range", "ozp_percent")),
        (with_profile("observations", [{"lesson": "L", "date": "2025-10-01", "percent": 101}]),
         ("percent_out_of_range", "profile.observations[0].percent")),
        (with_profile("observations", [{"lesson": "L", "date": "2025-10-01", "percent": -3}]),
         ("percent_out_of_range", "profile.observations[0].percent")),
        (with_profile("knowledge_quality", [{"year": 2024, "quality_percent": 150}]),
         ("percent_out_of_range", "profile.knowledge_quality[0].quality_percent")),
        # the principle of sequence: assign only the next category up
        (good_case(current_category="teacher", requested_category="expert"), ("sequence", "requested_category")),
        (good_case(current_category="moderator", requested_category="master"), ("sequence", "requested_category")),
        (good_case(current_category="expert", requested_category="moderator"), ("sequence", "requested_category")),
        (good_case(current_category="expert", requested_category="expert"), ("sequence", "requested_category")),
        (good_case(current_category="master", requested_category="master"), ("sequence", "requested_category")),
        # confirm only the current category
        (good_case(mode="confirm", current_category="moderator", requested_category="expert"),
         ("confirm_not_current", "requested_category")),
        (good_case(mode="confirm", current_category="teacher", requested_category="moderator"),
         ("confirm_not_current", "requested_category")),
        # enumerations
        (good_case(education_level="university"), ("unknown_value", "education_level")),
        (good_case(requested_category="guru"), ("unknown_value", "requested_category")),
        (good_case(requested_category="teacher"), ("unknown_value", "requested_category")),
        (good_case(current_category="legacy_first"), ("unknown_value", "current_category")),
        (good_case(position="janitor"), ("unknown_value", "position")),
        (good_case(mode="promote"), ("unknown_value", "mode")),
        (with_profile("speeches", [{"level": "galaxy"}]), ("unknown_value", "profile.speeches[0].level")),
        (with_profile("student_contests", [{"level": None}]), ("missing", "profile.student_contests[0].level")),
        # malformed
        (good_case(ozp_percent="high"), ("not_number", "ozp_percent")),
        (good_case(experience_years=float("nan")), ("not_number", "experience_years")),
        (good_case(experience_years=float("inf")), ("not_number", "experience_years")),
        (good_case(experience_years=10**400), ("not_number", "experience_years")),
        (good_case(experience_years=True), ("not_number", "experience_years")),
        (good_case(early="yes"), ("not_boolean", "early")),
        (good_case(as_of="15.12.2025"), ("not_date", "as_of")),
        (good_case(rule_set=5), ("not_text", "rule_set")),
        (good_case(profile=None), ("missing", "profile")),
        (good_case(profile=[]), ("not_object", "profile")),
        (good_case(bonus=1), ("unknown_field", "bonus")),
        (with_profile("courses", {"hours": 72}), ("not_list", "profile.courses")),
        (with_profile("courses", [{"program": "P"}]), ("missing", "profile.courses[0].hours")),
        (with_profile("publications", [{"recommended": True, "authors": 0}]),
         ("out_of_range", "profile.publications[0].authors")),
        (with_profile("practice_transmission", [{"level": "region", "coverage": -2}]),
         ("negative", "profile.practice_transmission[0].coverage")),
        (with_profile("observations", [{"lesson": "L", "date": "someday", "percent": 80}]),
         ("not_date", "profile.observations[0].date")),
        (with_profile("courses", [{"program": "P", "hours": 72, "in_profile": "true"}]),
         ("not_boolean", "profile.courses[0].in_profile")),
    ],
)
def test_every_refusal_has_its_code(data, expected):
    assert codes(data) == [expected]
    with pytest.raises(CaseError) as refused:
        read_case(data)
    assert [(p.code, p.field) for p in refused.value.problems] == [expected]


@pytest.mark.parametrize("missing", ["education_level", "requested_category", "mode", "profile"])
def test_required_fields(missing):
    data = good_case()
    del data[missing]
    assert codes(data) == [("missing", missing)]


@pytest.mark.parametrize("data", [None, [], "case", 3])
def test_the_case_must_be_an_object(data):
    assert codes(data) == [("not_object", "")]


@pytest.mark.parametrize(
    "mode,current,requested",
    [("assign", "teacher", "moderator"), ("assign", "moderator", "expert"), ("assign", "expert", "researcher"),
     ("assign", "researcher", "master"), *[("confirm", c, c) for c in CATEGORIES[1:]]],
)
def test_the_sequence_allows_the_next_category_or_the_current_one(mode, current, requested):
    assert validate_case(good_case(mode=mode, current_category=current, requested_category=requested)) == []


def test_advisory_reading_skips_only_the_sequence():
    jump = good_case(current_category="teacher", requested_category="master")
    assert validate_case(jump, advisory=True) == []
    assert codes(dict(jump, ozp_percent=120), advisory=True) == [("percent_out_of_range", "ozp_percent")]


def test_every_problem_is_reported_not_only_the_first():
    data = good_case(experience_years=-1, ozp_percent=140, current_category="teacher")
    data["profile"]["courses"] = [{"program": "P", "hours": -72}]
    assert {code for code, _field in codes(data)} == {"negative", "percent_out_of_range", "sequence"}


def test_a_record_id_travels_with_the_problem():
    data = with_profile("courses", [{"id": 41, "program": "P", "hours": -3}])
    (problem,) = validate_case(data)
    assert problem.params == {"item": 41, "value": "-3"}
    assert Problem.from_dict(json.loads(json.dumps(problem.as_dict()))) == problem


def test_values_echoed_in_problems_are_short():
    (problem,) = validate_case(good_case(education_level="x" * 10_000))
    assert len(problem.params["value"]) <= 40


# JSON text --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,code",
    [
        ("{not json", "json_invalid"),
        ("[" * 100_000 + "]" * 100_000, "json_too_deep"),
        ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "json_too_deep"),
        ('{"a": ' + "1" * 5000 + "}", "json_invalid"),
        ("x" * 1_000_001, "json_too_large"),
        (b"\xff\xfe{", "not_utf8"),
    ],
)
def test_json_text_is_bounded(text, code):
    with pytest.raises(InvalidInput) as refused:
        parse_json(text)
    assert [p.code for p in refused.value.problems] == [code]


def test_json_depth_counts_iteratively():
    assert json_depth({"a": [{"b": 1}]}, 10) == 3
    assert json_depth(1, 10) == 0
    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    assert json_depth(deep, 5) == 6  # stops past the limit, no recursion


# Messages ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def babel_app():
    """Only Flask-Babel and the project's catalogues: messages are translated at the edge."""
    from pathlib import Path

    from flask import Flask
    from flask_babel import Babel

    application = Flask(__name__)
    application.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).resolve().parents[2] / "translations")
    Babel(application)
    return application


def test_messages_name_the_field_and_never_show_codes(babel_app):
    from flask_babel import force_locale

    problems = validate_case(good_case(current_category="teacher", ozp_percent=120))
    with babel_app.app_context(), force_locale("en"):
        lines = describe_all(problems, technical=True)
        assert lines == ["ozp_percent: a percent lies between 0 and 100 (120)",
                         "requested_category: the principle of sequence: from teacher (no category) only "
                         "teacher-moderator can be assigned (or the current category confirmed), not teacher-expert"]
        words = describe_all(problems)
        assert words[0] == "ОЗП result (percent): a percent lies between 0 and 100 (120)"
        assert all("_" not in line for line in words)  # no codes, no JSON paths
        hours = validate_case(with_profile("courses", [{"id": 9, "program": "P", "hours": -1}]))[0]
        assert describe(hours) == "Courses, record #9: hours: must not be negative (-1)"
        many = describe_all([Problem("missing", "mode")] * 25)
        assert len(many) == 21 and many[-1] == "… and 5 more"
    with babel_app.app_context(), force_locale("ru"):
        assert describe(Problem("no_published_rule_set")).startswith("Нет опубликованного")


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("kk", "санаттардың реттілік қағидаты"),
        ("ru", "принцип последовательности"),
        ("en", "the principle of sequence"),
    ],
)
def test_sequence_refusal_in_each_language(babel_app, lang, expected):
    from flask_babel import force_locale

    problems = validate_case(good_case(current_category="teacher"))
    with babel_app.app_context(), force_locale(lang):
        assert expected in describe(problems[0])


def test_every_code_has_its_own_sentence(babel_app):
    from flask_babel import force_locale

    generic = "this value cannot be used"
    emitted = {"json_invalid", "json_too_deep", "json_too_large", "not_utf8", "missing", "unknown_value",
               "unknown_field", "not_number", "not_boolean", "not_date", "not_text", "not_object", "not_list",
               "not_list_of_values", "negative", "percent_out_of_range", "not_whole_number", "not_positive",
               "out_of_range", "sequence", "confirm_not_current", "too_many_rules", "duplicate_rule",
               "unknown_rule_set", "no_published_rule_set"}
    with babel_app.app_context(), force_locale("en"):
        for code in emitted:
            assert describe(Problem(code)) != generic, code


# Rule sets --------------------------------------------------------------------------------------
def default_content() -> tuple[dict, list[dict]]:
    rules = default_data()
    return copy.deepcopy(rules.parameters), [
        {"indicator": r.indicator, "kind": r.kind, "education_level": r.education_level, "position": r.position,
         "category": r.category, "applicable": r.applicable, "params": copy.deepcopy(r.params)} for r in rules.rules]


def test_the_default_rule_set_is_valid():
    parameters, rules = default_content()
    assert validate_rule_set(parameters, rules) == []
    assert set(DEFAULT_PARAMETERS) <= set(parameters)


def _parameters(**changes):
    parameters, rules = default_content()
    parameters.update(changes)
    return parameters, rules


def _rule(index: int, **changes):
    parameters, rules = default_content()
    rules[index] = {**rules[index], **changes}
    return parameters, rules


def _params(kind: str, **changes):
    parameters, rules = default_content()
    index = next(i for i, r in enumerate(rules) if r["kind"] == kind and r["applicable"])
    rules[index]["params"] = {**rules[index]["params"], **changes}
    return parameters, rules


@pytest.mark.parametrize(
    "content,expected",
    [
        (([], []), ("not_object", "parameters")),
        (({}, []), ("missing", "parameters.level_points")),
        (_parameters(ozp_thresholds={"moderator": 60}), ("missing", "parameters.ozp_thresholds.expert")),
        (_parameters(ozp_thresholds={**DEFAULT_PARAMETERS["ozp_thresholds"], "expert": 170}),
         ("percent_out_of_range", "parameters.ozp_thresholds.expert")),
        (_parameters(level_points={"galaxy": 9}), ("unknown_value", "parameters.level_points.galaxy")),
        (_parameters(level_points={"district": {"deep": [1]}}), ("not_number", "parameters.level_points.district")),
        (_parameters(head_positions="head"), ("not_list_of_values", "parameters.head_positions")),
        (_parameters(head_positions=["king"]), ("unknown_value", "parameters.head_positions[0]")),
        (_parameters(attestation_period_years=10**9), ("out_of_range", "parameters.attestation_period_years")),
        (_parameters(attestation_period_years=2.5), ("not_whole_number", "parameters.attestation_period_years")),
        (_parameters(min_experience_years={"expert": -3}), ("negative", "parameters.min_experience_years.expert")),
        (_parameters(typo=1), ("unknown_field", "parameters.typo")),
        ((DEFAULT_PARAMETERS, {"rules": []}), ("not_list", "rules")),
        (_rule(0, kind="magic"), ("unknown_value", "rules[0].kind")),
        (_rule(0, indicator="9.9"), ("unknown_value", "rules[0].indicator")),
        (_rule(0, position=["head"]), ("unknown_value", "rules[0].position")),
        (_rule(0, applicable="no"), ("not_boolean", "rules[0].applicable")),
        (_rule(0, params=[1, 2]), ("not_object", "rules[0].params")),
        (_rule(0, extra=True), ("unknown_field", "rules[0].extra")),
        (_params("hours", hours_per_point=0), ("not_positive", "rules[*].params.hours_per_point")),
        (_params("knowledge_dynamics", years="three"), ("not_number", "rules[*].params.years")),
        (_params("observation", min_percent={"expert": 900}), ("percent_out_of_range", "rules[*].params.min_percent.expert")),
        (_params("coverage", min_coverage=None), ("not_number", "rules[*].params.min_coverage")),
    ],
)
def test_rule_set_refusals_have_their_codes(content, expected):
    parameters, rules = content
    found = [(p.code, p.field) for p in validate_rule_set(parameters, rules)]
    if "[*]" in expected[1]:  # the rule of that kind, wherever the defaults put it
        found = [(code, re.sub(r"^rules\[\d+\]", "rules[*]", where)) for code, where in found]
    assert expected in found and {code for code, _where in found} == {expected[0]}, found


def test_rule_set_rules_must_be_objects_unique_and_few():
    parameters, rules = default_content()
    assert [(p.code, p.field) for p in validate_rule_set(parameters, rules + [rules[0]])] == [
        ("duplicate_rule", f"rules[{len(rules)}]")]
    assert [p.code for p in validate_rule_set(parameters, rules + ["rule"])] == ["not_object"]
    assert [p.code for p in validate_rule_set(parameters, [rules[0]] * 100_000)] == ["too_many_rules"]
    missing = dict(rules[0])
    del missing["params"]["years"]
    assert ("missing", "rules[0].params.years") in [(p.code, p.field) for p in validate_rule_set(parameters, [missing])]


def test_inapplicable_rules_need_no_parameters():
    parameters, rules = default_content()
    rules.append({"indicator": "3.3", "kind": "count_threshold", "category": "teacher", "applicable": False,
                  "params": {}})
    assert validate_rule_set(parameters, rules) == []
