"""Eligibility to apply (issue 10, DOMAIN §12): the pure rule, table-driven — every reason alone, at
its boundary, several at once — and the JSON contract's refusals."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from app.attestation.eligibility import (
    REASON_CODES,
    EligibilityCase,
    EligibilityResult,
    Extension,
    Reason,
    Window,
    check,
    default_window,
    parameter,
    read_case,
    years_after,
)
from app.scoring.defaults import DEFAULT_PARAMETERS
from app.scoring.validation import InvalidInput

D = dt.date.fromisoformat
EXAMPLE = {"position": "teacher", "education_level": "secondary",
           "current_category": "moderator", "current_category_since": "2021-06-15",
           "requested_category": "expert", "mode": "assign", "experience_years": 6.5,
           "as_of": "2025-10-01",
           "ozp_violations": ["2024-04-10"],
           "extensions": [{"reason": "maternity", "years": 1}],
           "applications_this_period": 0,
           "window": {"opens": "2025-09-01", "closes": "2025-12-31"}}


def case(**changes) -> EligibilityCase:
    """An eligible case (assign moderator → expert, inside the window); ``changes`` break it."""
    values = dict(position="teacher", education_level="secondary", current_category="moderator",
                  current_category_since=D("2022-09-01"), requested_category="expert", mode="assign",
                  experience_years=10.0, as_of=D("2025-10-01"), ozp_violations=[], extensions=[],
                  applications_this_period=0, window=Window(D("2025-09-01"), D("2025-12-31")))
    values.update(changes)
    return EligibilityCase(**values)


def confirming(**changes) -> EligibilityCase:
    """An eligible confirmation of moderator (since 2022-09-01: valid until 2027-09-01)."""
    return case(**{"requested_category": "moderator", "mode": "confirm", **changes})


def codes(result: EligibilityResult) -> list[str]:
    return [reason.code for reason in result.reasons]


def run(c: EligibilityCase, parameters: dict | None = None) -> EligibilityResult:
    return check(c, DEFAULT_PARAMETERS if parameters is None else parameters)


# Each reason alone -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "changes,expected",
    [
        # sequence: only the next category up
        ({"requested_category": "researcher"}, ("sequence", {"current": "moderator", "requested": "researcher",
                                                             "next": "expert"})),
        ({"current_category": "teacher", "requested_category": "expert"},
         ("sequence", {"current": "teacher", "requested": "expert", "next": "moderator"})),
        ({"current_category": "expert", "requested_category": "expert"},
         ("sequence", {"current": "expert", "requested": "expert", "next": "researcher"})),
        ({"current_category": "master", "requested_category": "master"},
         ("sequence", {"current": "master", "requested": "master", "next": None})),
        # confirm only the current category
        ({"mode": "confirm"}, ("confirm_not_current", {"current": "moderator", "requested": "expert"})),
        ({"mode": "confirm", "current_category": "teacher", "current_category_since": None,
          "requested_category": "moderator"},
         ("confirm_not_current", {"current": "teacher", "requested": "moderator"})),
        # experience below the requested category's minimum
        ({"experience_years": 2.5}, ("experience", {"category": "expert", "minimum": 3, "actual": 2.5})),
        ({"experience_years": 0.0}, ("experience", {"category": "expert", "minimum": 3, "actual": 0})),
        # a ban runs
        ({"ozp_violations": [D("2025-04-10")]}, ("banned", {"until": "2026-04-10"})),
        # an application already in the period
        ({"applications_this_period": 1}, ("duplicate", {"applications": 1})),
        ({"applications_this_period": 3}, ("duplicate", {"applications": 3})),
        # outside the window
        ({"as_of": D("2026-01-01")}, ("window_closed", {"opens": "2025-09-01", "closes": "2025-12-31"})),
        ({"as_of": D("2025-08-31")}, ("window_closed", {"opens": "2025-09-01", "closes": "2025-12-31"})),
    ],
)
def test_each_reason_fires_alone(changes, expected):
    result = run(case(**changes))
    code, params = expected
    assert result.eligible is False
    assert [r.as_dict() for r in result.reasons] == [{"code": code, "params": params}]


def test_category_expired_alone():
    result = run(confirming(as_of=D("2027-09-02"), window=Window(D("2027-09-01"), D("2027-12-31"))))
    assert [r.as_dict() for r in result.reasons] == [{"code": "category_expired", "params": {"until": "2027-09-01"}}]


def test_the_eligible_case_has_no_reasons():
    result = run(case())
    assert result == EligibilityResult(True, [], D("2027-09-01"), None)
    assert result.as_dict() == {"eligible": True, "reasons": [], "category_valid_until": "2027-09-01",
                                "ban_until": None}


def test_the_issue_example():
    result = run(read_case(copy.deepcopy(EXAMPLE)))
    assert result.as_dict() == {"eligible": True, "reasons": [], "category_valid_until": "2027-06-15",
                                "ban_until": "2025-04-10"}


def test_every_reason_is_returned_not_only_the_first():
    c = case(current_category="teacher", current_category_since=None, requested_category="expert", mode="confirm",
             experience_years=1.0, ozp_violations=[D("2025-09-01")], applications_this_period=1,
             as_of=D("2026-02-01"))
    assert codes(run(c)) == ["confirm_not_current", "experience", "banned", "duplicate", "window_closed"]
    c = confirming(current_category_since=D("2015-01-01"), requested_category="researcher", experience_years=3.0,
                   ozp_violations=[D("2024-01-01"), D("2025-01-01")], applications_this_period=2,
                   as_of=D("2026-03-01"))
    assert codes(run(c)) == ["confirm_not_current", "experience", "banned", "duplicate", "window_closed",
                             "category_expired"]
    assert set(REASON_CODES) == {"sequence", "confirm_not_current", "experience", "banned", "duplicate",
                                 "window_closed", "category_expired"}
    all_but_confirm = case(requested_category="master", experience_years=1.0, ozp_violations=[D("2025-09-01")],
                           applications_this_period=1, as_of=D("2026-01-15"))
    assert codes(run(all_but_confirm)) == ["sequence", "experience", "banned", "duplicate", "window_closed"]


# Sequence --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "current,requested,mode,ok",
    [
        ("teacher", "moderator", "assign", True),
        ("moderator", "expert", "assign", True),
        ("expert", "researcher", "assign", True),
        ("researcher", "master", "assign", True),
        ("master", "master", "assign", False),  # a master cannot assign
        ("moderator", "moderator", "assign", False),
        ("expert", "moderator", "assign", False),
        ("master", "master", "confirm", True),
        ("moderator", "moderator", "confirm", True),
        ("teacher", "moderator", "confirm", False),  # a teacher with no category cannot confirm
        ("expert", "moderator", "confirm", False),
    ],
)
def test_sequence_and_confirmation(current, requested, mode, ok):
    c = case(current_category=current, requested_category=requested, mode=mode)
    reasons = {"sequence", "confirm_not_current"} & set(codes(run(c)))
    assert (not reasons) is ok
    if not ok:
        assert reasons == {"sequence" if mode == "assign" else "confirm_not_current"}


# Experience ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "requested,current,years,ok",
    [
        ("moderator", "teacher", 2.0, True),  # the boundary is enough
        ("moderator", "teacher", 1.99, False),
        ("expert", "moderator", 3.0, True),
        ("expert", "moderator", 2.999, False),
        ("researcher", "expert", 4.0, True),
        ("researcher", "expert", 3.5, False),
        ("master", "researcher", 5.0, True),
        ("master", "researcher", 4.9, False),
    ],
)
def test_experience_boundary(requested, current, years, ok):
    result = run(case(current_category=current, requested_category=requested, experience_years=years))
    assert ("experience" not in codes(result)) is ok


def test_experience_applies_when_confirming_too():
    assert codes(run(confirming(experience_years=1.5))) == ["experience"]


# The ban ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "position,violations,as_of,until,banned",
    [
        # one breach: 1 year from its date; the ban day itself is allowed, the day before is not
        ("teacher", ["2025-04-10"], "2026-04-09", "2026-04-10", True),
        ("teacher", ["2025-04-10"], "2026-04-10", "2026-04-10", False),
        ("teacher", ["2025-04-10"], "2025-04-10", "2026-04-10", True),  # the breach day itself
        ("head", ["2025-04-10"], "2026-04-09", "2026-04-10", True),  # the first ban ignores the position
        # repeated: 5 years (teacher, methodist), 3 years (deputy head, head) from the latest breach
        ("teacher", ["2021-03-01", "2023-06-15"], "2028-06-14", "2028-06-15", True),
        ("teacher", ["2021-03-01", "2023-06-15"], "2028-06-15", "2028-06-15", False),
        ("methodist", ["2023-06-15", "2021-03-01"], "2028-06-14", "2028-06-15", True),  # any order
        ("deputy_head", ["2021-03-01", "2023-06-15"], "2026-06-14", "2026-06-15", True),
        ("deputy_head", ["2021-03-01", "2023-06-15"], "2026-06-15", "2026-06-15", False),
        ("head", ["2021-03-01", "2023-06-15", "2022-01-01"], "2026-06-14", "2026-06-15", True),
        ("head", ["2021-03-01", "2023-06-15"], "2026-06-15", "2026-06-15", False),
        # a ban long over is still reported, without a reason
        ("teacher", ["2010-01-01"], "2025-10-01", "2011-01-01", False),
        # breaches after as_of do not count
        ("teacher", ["2025-10-02"], "2025-10-01", None, False),
        ("teacher", ["2025-04-10", "2025-10-02"], "2025-10-01", "2026-04-10", True),  # one counted: first ban
        ("teacher", [], "2025-10-01", None, False),
        # 29 February + 1 year = 28 February
        ("teacher", ["2024-02-29"], "2025-02-27", "2025-02-28", True),
        ("teacher", ["2024-02-29"], "2025-02-28", "2025-02-28", False),
    ],
)
def test_ban(position, violations, as_of, until, banned):
    c = case(position=position, ozp_violations=[D(v) for v in violations], as_of=D(as_of), window=None)
    result = run(c)
    assert result.ban_until == (D(until) if until else None)
    assert ("banned" in codes(result)) is banned
    if banned:
        assert result.reasons[0].params == {"until": until}


def test_a_ban_refuses_even_inside_the_window_and_ends_on_its_day():
    inside = case(ozp_violations=[D("2024-10-15")], as_of=D("2025-10-14"))
    assert codes(run(inside)) == ["banned"]
    assert run(case(ozp_violations=[D("2024-10-15")], as_of=D("2025-10-15"))).eligible


# Validity of the current category ---------------------------------------------------------------
@pytest.mark.parametrize(
    "position,current,since,extensions,until",
    [
        ("teacher", "moderator", "2020-09-01", [], "2025-09-01"),
        ("methodist", "expert", "2020-09-01", [], "2025-09-01"),
        ("deputy_head", "expert", "2020-09-01", [], "2025-09-01"),
        ("head", "expert", "2020-09-01", [], "2023-09-01"),
        ("teacher", "moderator", "2020-09-01", [("maternity", 1)], "2026-09-01"),
        ("teacher", "moderator", "2020-09-01", [("maternity", 2), ("transfer", 1)], "2028-09-01"),
        ("head", "researcher", "2020-09-01", [("disability", 2)], "2025-09-01"),
        # 29 February: + 5 = 28 February; + 4 (3 + 1) lands on a leap year and keeps the 29th
        ("teacher", "moderator", "2020-02-29", [], "2025-02-28"),
        ("head", "moderator", "2020-02-29", [("maternity", 1)], "2024-02-29"),
        ("teacher", "teacher", "2020-09-01", [], None),  # no category: nothing is valid
        ("teacher", "moderator", None, [], None),  # no assignment date: unknown
    ],
)
def test_category_valid_until(position, current, since, extensions, until):
    c = case(position=position, current_category=current, current_category_since=D(since) if since else None,
             extensions=[Extension(r, y) for r, y in extensions])
    assert run(c).category_valid_until == (D(until) if until else None)


@pytest.mark.parametrize(
    "as_of,expired",
    [("2027-08-31", False), ("2027-09-01", False), ("2027-09-02", True), ("2030-01-01", True)],
)
def test_confirming_on_valid_until_is_allowed_the_next_day_not(as_of, expired):
    result = run(confirming(as_of=D(as_of), window=None))
    assert result.category_valid_until == D("2027-09-01")
    assert codes(result) == (["category_expired"] if expired else [])


def test_an_extension_lets_a_late_confirmation_through():
    late = confirming(as_of=D("2028-03-01"), window=None)
    assert codes(run(late)) == ["category_expired"]
    assert run(replace_extensions(late, [Extension("maternity", 1)])).eligible


def replace_extensions(c: EligibilityCase, extensions: list[Extension]) -> EligibilityCase:
    import dataclasses

    return dataclasses.replace(c, extensions=extensions)


def test_an_expired_category_does_not_block_assigning_the_next():
    result = run(case(current_category_since=D("2010-01-01")))
    assert result.eligible and result.category_valid_until == D("2015-01-01")


def test_without_an_assignment_date_expiry_is_not_checked():
    assert run(confirming(current_category_since=None, as_of=D("2040-10-01"), window=None)).eligible


# The window ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "as_of,closed",
    [("2025-08-31", True), ("2025-09-01", False), ("2025-11-15", False), ("2025-12-31", False),
     ("2026-01-01", True)],
)
def test_window_bounds_are_included(as_of, closed):
    assert ("window_closed" in codes(run(case(as_of=D(as_of))))) is closed


def test_without_a_window_the_pure_rule_does_not_check_it():
    assert run(case(as_of=D("2026-06-01"), window=None)).eligible


@pytest.mark.parametrize(
    "as_of,opens,closes",
    [("2025-10-01", "2025-09-01", "2025-12-31"), ("2026-03-01", "2025-09-01", "2025-12-31"),
     ("2025-08-31", "2024-09-01", "2024-12-31"), ("2025-09-01", "2025-09-01", "2025-12-31")],
)
def test_default_window_is_september_to_december_of_the_academic_year(as_of, opens, closes):
    assert default_window(D(as_of)) == Window(D(opens), D(closes))


# Parameters ------------------------------------------------------------------------------------
OLD_PARAMETERS = {key: value for key, value in DEFAULT_PARAMETERS.items()
                  if key not in ("category_validity_years", "ban_years_first", "ban_years_repeat",
                                 "max_extension_years", "min_experience_years")}


def test_a_rule_set_without_the_new_parameters_falls_back_to_the_defaults():
    c = case(position="head", ozp_violations=[D("2022-01-01"), D("2023-01-01")], as_of=D("2025-10-01"),
             experience_years=2.0)
    for parameters in (OLD_PARAMETERS, {}, None):
        result = check(c, parameters)
        assert result.category_valid_until == D("2025-09-01")  # head: 3 years
        assert result.ban_until == D("2026-01-01")  # repeated, head: 3 years
        assert codes(result) == ["experience", "banned"]
    assert read_case({**EXAMPLE, "extensions": [{"reason": "transfer", "years": 2}]}, OLD_PARAMETERS).extensions \
        == [Extension("transfer", 2)]


def test_the_rule_set_parameters_are_used():
    parameters = {**DEFAULT_PARAMETERS, "min_experience_years": {"expert": 7},
                  "category_validity_years": {"teacher": 4}, "ban_years_first": 2,
                  "ban_years_repeat": {"teacher": 10}, "max_extension_years": 1}
    result = check(case(experience_years=6.5, ozp_violations=[D("2024-04-10")]), parameters)
    assert result.category_valid_until == D("2026-09-01")
    assert [r.as_dict() for r in result.reasons] == [
        {"code": "experience", "params": {"category": "expert", "minimum": 7, "actual": 6.5}},
        {"code": "banned", "params": {"until": "2026-04-10"}}]
    repeated = check(case(ozp_violations=[D("2020-01-01"), D("2021-01-01")]), parameters)
    assert repeated.ban_until == D("2031-01-01")
    # a partial table keeps the defaults of the positions it does not name
    assert parameter(parameters, "category_validity_years")["head"] == 3
    with pytest.raises(InvalidInput) as refused:
        read_case({**EXAMPLE, "extensions": [{"reason": "transfer", "years": 2}]}, parameters)
    assert [p.as_dict() for p in refused.value.problems] == [
        {"code": "out_of_range", "field": "extensions[0].years", "params": {"value": "2", "minimum": 1, "maximum": 1}}]


# Dates -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "day,years,expected",
    [("2021-06-15", 6, "2027-06-15"), ("2020-02-29", 1, "2021-02-28"), ("2020-02-29", 4, "2024-02-29"),
     ("2019-03-01", 1, "2020-03-01"), ("2025-12-31", 0, "2025-12-31")],
)
def test_years_after(day, years, expected):
    assert years_after(D(day), years) == D(expected)


# read_case: the JSON contract --------------------------------------------------------------------
def test_read_case_reads_the_example():
    c = read_case(copy.deepcopy(EXAMPLE))
    assert c == EligibilityCase("teacher", "secondary", "moderator", D("2021-06-15"), "expert", "assign", 6.5,
                                D("2025-10-01"), [D("2024-04-10")], [Extension("maternity", 1)], 0,
                                Window(D("2025-09-01"), D("2025-12-31")))


def test_read_case_defaults_and_aliases():
    minimal = {key: EXAMPLE[key] for key in ("position", "current_category", "requested_category", "mode",
                                             "experience_years", "as_of")}
    c = read_case(minimal)
    assert (c.education_level, c.current_category_since, c.ozp_violations, c.extensions,
            c.applications_this_period, c.window) == (None, None, [], [], 0, None)
    nulls = {**minimal, "education_level": None, "current_category_since": None, "ozp_violations": None,
             "extensions": None, "applications_this_period": None, "window": None}
    assert read_case(nulls) == c
    aliased = read_case({**minimal, "extensions": [{"reason": "temporary_disability", "years": 1},
                                                   {"reason": "maternity_leave", "years": 2},
                                                   {"reason": "transfer", "years": 1.0}]})
    assert aliased.extensions == [Extension("disability", 1), Extension("maternity", 2), Extension("transfer", 1)]
    assert read_case({**minimal, "experience_years": 0}).experience_years == 0.0


def problems_of(data) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as refused:
        read_case(data)
    return [(p.code, p.field) for p in refused.value.problems]


def bad(**changes) -> dict:
    data = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    return data


@pytest.mark.parametrize(
    "data,expected",
    [
        ([], [("not_object", "")]),
        ("case", [("not_object", "")]),
        (None, [("not_object", "")]),
        # missing required fields
        (bad(position=...), [("missing", "position")]),
        (bad(current_category=...), [("missing", "current_category")]),
        (bad(requested_category=None), [("missing", "requested_category")]),
        (bad(mode=...), [("missing", "mode")]),
        (bad(experience_years=...), [("missing", "experience_years")]),
        (bad(as_of=...), [("missing", "as_of")]),
        # enumerations
        (bad(position="director"), [("unknown_value", "position")]),
        (bad(education_level="university"), [("unknown_value", "education_level")]),
        (bad(current_category="guru"), [("unknown_value", "current_category")]),
        (bad(requested_category="teacher"), [("unknown_value", "requested_category")]),
        (bad(requested_category="second"), [("unknown_value", "requested_category")]),
        (bad(mode="upgrade"), [("unknown_value", "mode")]),
        (bad(mode=1), [("unknown_value", "mode")]),
        # experience
        (bad(experience_years=-1), [("negative", "experience_years")]),
        (bad(experience_years="6"), [("not_number", "experience_years")]),
        (bad(experience_years=True), [("not_number", "experience_years")]),
        # dates
        (bad(as_of="2025-13-01"), [("not_date", "as_of")]),
        (bad(as_of="01.10.2025"), [("not_date", "as_of")]),
        (bad(as_of=20251001), [("not_date", "as_of")]),
        (bad(current_category_since="2021-02-30"), [("not_date", "current_category_since")]),
        (bad(ozp_violations=["2024-04-10", "yesterday", 5]), [("not_date", "ozp_violations[1]"),
                                                              ("not_date", "ozp_violations[2]")]),
        (bad(ozp_violations="2024-04-10"), [("not_list_of_dates", "ozp_violations")]),
        # the window
        (bad(window={"opens": "2025-09-01", "closes": "soon"}), [("not_date", "window.closes")]),
        (bad(window={"opens": "2025-09-01"}), [("missing", "window.closes")]),
        (bad(window={"opens": "2025-12-31", "closes": "2025-09-01"}), [("window_reversed", "window.closes")]),
        (bad(window=["2025-09-01", "2025-12-31"]), [("not_object", "window")]),
        (bad(window={"opens": "2025-09-01", "closes": "2025-12-31", "note": 1}), [("unknown_field", "window.note")]),
        # extensions
        (bad(extensions=[{"reason": "holiday", "years": 1}]), [("unknown_value", "extensions[0].reason")]),
        (bad(extensions=[{"years": 1}]), [("missing", "extensions[0].reason")]),
        (bad(extensions=[{"reason": "maternity"}]), [("missing", "extensions[0].years")]),
        (bad(extensions=[{"reason": "maternity", "years": 3}]), [("out_of_range", "extensions[0].years")]),
        (bad(extensions=[{"reason": "maternity", "years": 0}]), [("out_of_range", "extensions[0].years")]),
        (bad(extensions=[{"reason": "maternity", "years": 1.5}]), [("not_whole_number", "extensions[0].years")]),
        (bad(extensions=[{"reason": "maternity", "years": "1"}]), [("not_number", "extensions[0].years")]),
        (bad(extensions=[{"reason": "maternity", "years": True}]), [("not_number", "extensions[0].years")]),
        (bad(extensions=["maternity"]), [("not_object", "extensions[0]")]),
        (bad(extensions={"reason": "maternity", "years": 1}), [("not_list", "extensions")]),
        (bad(extensions=[{"reason": "maternity", "years": 1, "order": "№5"}]),
         [("unknown_field", "extensions[0].order")]),
        # applications this period
        (bad(applications_this_period=-1), [("negative", "applications_this_period")]),
        (bad(applications_this_period=0.5), [("not_whole_number", "applications_this_period")]),
        (bad(applications_this_period=False), [("not_number", "applications_this_period")]),
        # unknown top-level fields
        (bad(ozp_percent=74), [("unknown_field", "ozp_percent")]),
    ],
)
def test_read_case_refuses(data, expected):
    assert problems_of(data) == expected


def test_read_case_lists_every_problem_at_once():
    data = bad(position="director", mode=..., experience_years=-2, as_of="tomorrow",
               ozp_violations=["2024-04-31"], extensions=[{"reason": "holiday", "years": 9}],
               applications_this_period="none", window={"opens": "x", "closes": "2025-12-31"}, colour="red")
    assert sorted(problems_of(data)) == sorted([
        ("unknown_field", "colour"), ("missing", "mode"), ("unknown_value", "position"),
        ("negative", "experience_years"), ("not_date", "as_of"), ("not_date", "ozp_violations[0]"),
        ("unknown_value", "extensions[0].reason"), ("out_of_range", "extensions[0].years"),
        ("not_number", "applications_this_period"), ("not_date", "window.opens")])
    assert len(problems_of({})) == 6  # every required field


def test_problems_are_codes_with_plain_parameters():
    with pytest.raises(InvalidInput) as refused:
        read_case(bad(position="director"))
    assert refused.value.problems[0].as_dict() == {
        "code": "unknown_value", "field": "position",
        "params": {"value": "director", "allowed": ["teacher", "methodist", "deputy_head", "head"]}}


def test_reasons_are_plain_data():
    result = run(case(experience_years=2.5, applications_this_period=1))
    assert all(isinstance(r, Reason) for r in result.reasons)
    assert result.as_dict()["reasons"] == [{"code": "experience", "params": {"category": "expert", "minimum": 3,
                                                                               "actual": 2.5}},
                                           {"code": "duplicate", "params": {"applications": 1}}]


# Messages --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def babel_app():
    """Only Flask-Babel and the project's catalogues: messages are translated at the edge."""
    from flask import Flask
    from flask_babel import Babel

    application = Flask(__name__)
    application.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).resolve().parents[2] / "translations")
    Babel(application)
    return application


def test_every_reason_has_its_own_sentence(babel_app):
    from flask_babel import force_locale

    from app.attestation.eligibility_messages import reason_message

    generic = "The teacher may not apply."
    reasons = [
        Reason("sequence", {"current": "moderator", "requested": "researcher", "next": "expert"}),
        Reason("sequence", {"current": "master", "requested": "master", "next": None}),
        Reason("confirm_not_current", {"current": "teacher", "requested": "moderator"}),
        Reason("confirm_not_current", {"current": "expert", "requested": "moderator"}),
        Reason("experience", {"category": "expert", "minimum": 3, "actual": 2.5}),
        Reason("banned", {"until": "2026-04-10"}),
        Reason("duplicate", {"applications": 1}),
        Reason("window_closed", {"opens": "2025-09-01", "closes": "2025-12-31"}),
        Reason("category_expired", {"until": "2027-09-01"}),
    ]
    assert {r.code for r in reasons} == set(REASON_CODES)
    with babel_app.app_context(), force_locale("en"):
        texts = [reason_message(r) for r in reasons]
        assert generic not in texts and len(set(texts)) == len(texts)
        assert reason_message(reasons[4]) == ("Pedagogical experience (years): 2.5; teacher-expert requires at "
                                              "least 3.")
        assert "10.04.2026" in reason_message(reasons[5])
        assert "01.09.2025" in reason_message(reasons[7]) and "31.12.2025" in reason_message(reasons[7])
        assert "01.09.2027" in reason_message(reasons[8].as_dict())  # a stored reason (a dict) too
        assert all("_" not in text for text in texts)  # no codes


def test_problems_in_words(babel_app):
    from flask_babel import force_locale

    from app.attestation.eligibility_messages import describe_problems

    with pytest.raises(InvalidInput) as refused:
        read_case(bad(experience_years=-1, extensions=[{"reason": "maternity", "years": 3}],
                      window={"opens": "2025-12-31", "closes": "2025-09-01"}, ozp_violations="x"))
    problems = refused.value.problems
    with babel_app.app_context(), force_locale("en"):
        assert describe_problems(problems, technical=True) == [
            "experience_years: must not be negative (-1)",
            "ozp_violations: expected a list of dates as YYYY-MM-DD",
            "extensions[0].years: must lie between 1 and 2 (3)",
            "window.closes: the window closes (01.09.2025) before it opens (31.12.2025)",
        ]
        assert describe_problems(problems) == [
            "Pedagogical experience (years): must not be negative (-1)",
            "Breaches of the ОЗП rules: expected a list of dates as YYYY-MM-DD",
            "Extensions of the category, item 1: years: must lie between 1 and 2 (3)",
            "Application window: closes: the window closes (01.09.2025) before it opens (31.12.2025)",
        ]
        with pytest.raises(InvalidInput) as refused:
            read_case([])
        assert describe_problems(refused.value.problems) == ["The eligibility case must be a JSON object."]
        many = describe_problems(problems * 10)
        assert len(many) == 21 and many[-1] == "… and 20 more"
