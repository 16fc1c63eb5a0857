"""`flask ustaz eligibility` (issue 10, docs/eligibility.md): the JSON result with every reason and
exit 0 eligible or not; exit 2 with one `error:` line per problem for what it cannot read; the window
and the parameters of the attestation period around `as_of` when the case has no window."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.extensions import db
from models.criteria import RuleSet
from models.directories import AcademicYear, AttestationPeriod

EXAMPLE = {"position": "teacher", "education_level": "secondary",
           "current_category": "moderator", "current_category_since": "2021-06-15",
           "requested_category": "expert", "mode": "assign", "experience_years": 6.5,
           "as_of": "2025-10-01",
           "ozp_violations": ["2024-04-10"],
           "extensions": [{"reason": "maternity", "years": 1}],
           "applications_this_period": 0,
           "window": {"opens": "2025-09-01", "closes": "2025-12-31"}}


def run_cli(app, tmp_path, content, *options: str):
    path = tmp_path / "case.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return app.test_cli_runner().invoke(args=["ustaz", "eligibility", str(path), *options])


def case(**changes) -> dict:
    data = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    return data


def test_the_issue_example(app, tmp_path):
    result = run_cli(app, tmp_path, EXAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == json.dumps({"eligible": True, "reasons": [], "category_valid_until": "2027-06-15",
                                        "ban_until": "2025-04-10"}, ensure_ascii=False, indent=2) + "\n"


def test_not_eligible_exits_0_with_every_reason(app, tmp_path):
    data = case(requested_category="researcher", experience_years=1.5, ozp_violations=["2025-05-01"],
                applications_this_period=1, as_of="2026-01-10")
    result = run_cli(app, tmp_path, data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "eligible": False,
        "reasons": [
            {"code": "sequence", "message": "The principle of sequence: from teacher-moderator only teacher-expert "
                                            "can be assigned (or the current category confirmed), not "
                                            "teacher-researcher."},
            {"code": "experience", "message": "Pedagogical experience (years): 1.5; teacher-researcher requires "
                                              "at least 4."},
            {"code": "banned", "message": "Banned from attestation for breaking the ОЗП rules: applications are "
                                          "accepted from 01.05.2026."},
            {"code": "duplicate", "message": "There is already an application in this period (the commission "
                                             "decides once a year)."},
            {"code": "window_closed", "message": "Applications are accepted from 01.09.2025 to 31.12.2025."},
        ],
        "category_valid_until": "2027-06-15",
        "ban_until": "2026-05-01",
    }
    assert "ОЗП" in result.stdout  # ensure_ascii=False


def test_confirming_an_expired_category(app, tmp_path):
    data = case(mode="confirm", requested_category="moderator", extensions=[], as_of="2026-06-16",
                window={"opens": "2026-06-01", "closes": "2026-06-30"})
    result = run_cli(app, tmp_path, data)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["eligible"] is False and out["category_valid_until"] == "2026-06-15"
    assert out["reasons"] == [{"code": "category_expired",
                               "message": "The current category was valid until 15.06.2026: it can no longer be "
                                          "confirmed."}]
    on_the_day = run_cli(app, tmp_path, {**data, "as_of": "2026-06-15"})
    assert json.loads(on_the_day.stdout)["eligible"] is True


@pytest.mark.parametrize(
    "content,message",
    [
        (case(position="director"), "error: position: unknown value director; expected one of: teacher, methodist, "
                                    "deputy_head, head"),
        (case(current_category="guru"), "error: current_category: unknown value guru"),
        (case(requested_category="teacher"), "error: requested_category: unknown value teacher"),
        (case(mode="upgrade"), "error: mode: unknown value upgrade"),
        (case(experience_years=-1), "error: experience_years: must not be negative (-1)"),
        (case(experience_years=True), "error: experience_years: expected a number"),
        (case(as_of="2025-02-30"), "error: as_of: expected a date as YYYY-MM-DD"),
        (case(ozp_violations=["soon"]), "error: ozp_violations[0]: expected a date as YYYY-MM-DD"),
        (case(window={"opens": "2025-12-31", "closes": "2025-09-01"}),
         "error: window.closes: the window closes (01.09.2025) before it opens (31.12.2025)"),
        (case(extensions=[{"reason": "holiday", "years": 3}]), "error: extensions[0].reason: unknown value holiday"),
        (case(as_of=...), "error: as_of: a required value is missing"),
        (case(applications_this_period=-2), "error: applications_this_period: must not be negative (-2)"),
        (case(ozp_percent=70), "error: ozp_percent: unknown field"),
        ("{not json", "error: This is not valid JSON (line 1, column 2)."),
        ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
        (b"\xff\xfe\x00{", "error: The file is not UTF-8 text."),
        ("[]", "error: The eligibility case must be a JSON object."),
        (" " * 1_000_001, "error: The text is too long (more than 1000000 characters)."),
    ],
)
def test_cli_refuses_what_it_cannot_read(app, tmp_path, content, message):
    result = run_cli(app, tmp_path, content)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.output
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())


def test_cli_lists_every_problem_at_once(app, tmp_path):
    data = case(position="director", experience_years=-1, as_of="yesterday", mode=...,
                extensions=[{"reason": "maternity", "years": 5}])
    result = run_cli(app, tmp_path, data)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: mode: a required value is missing",
        "error: position: unknown value director; expected one of: teacher, methodist, deputy_head, head",
        "error: experience_years: must not be negative (-1)",
        "error: as_of: expected a date as YYYY-MM-DD",
        "error: extensions[0].years: must lie between 1 and 2 (5)",
    ]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_language(app, tmp_path, lang):
    not_eligible = case(requested_category="master", applications_this_period=1, as_of="2026-02-01")
    result = run_cli(app, tmp_path, not_eligible, "--lang", lang)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [r["code"] for r in out["reasons"]] == ["sequence", "duplicate", "window_closed"]
    assert all(r["message"] for r in out["reasons"])
    refused = run_cli(app, tmp_path, case(experience_years=-1), "--lang", lang)
    assert refused.exit_code == 2 and refused.stderr.startswith("error: experience_years: ")


# Without a window: the period's, or 1 September – 31 December ---------------------------------------
def add_period(start: int, opens: dt.date, closes: dt.date, rule_set: RuleSet | None = None) -> None:
    year = AcademicYear(code=f"test-{start}", name_kk=f"{start}", name_ru=f"{start}", name_en=f"{start}",
                        starts_on=dt.date(start, 9, 1), ends_on=dt.date(start + 1, 8, 31))
    if rule_set is None:  # a period always pins a rule set: the newest published one
        rule_set = db.session.execute(select(RuleSet).where(RuleSet.status == "published")
                                      .order_by(RuleSet.id.desc())).scalars().first()
    db.session.add(AttestationPeriod(code=f"test-attestation-{start}", name_kk="т", name_ru="т", name_en="t",
                                     academic_year=year, applications_open_on=opens, applications_close_on=closes,
                                     rule_set=rule_set))
    db.session.commit()


def window_reasons(app, tmp_path, as_of: str) -> list[dict]:
    result = run_cli(app, tmp_path, case(window=..., as_of=as_of, ozp_violations=[]))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["reasons"]


def test_without_a_window_the_period_of_the_database_decides(app, tmp_path):
    with app.app_context():
        add_period(2030, dt.date(2030, 10, 1), dt.date(2030, 11, 15))
    assert window_reasons(app, tmp_path, "2030-10-01") == []
    assert window_reasons(app, tmp_path, "2030-11-15") == []
    assert window_reasons(app, tmp_path, "2030-09-15") == [
        {"code": "window_closed", "message": "Applications are accepted from 01.10.2030 to 15.11.2030."}]
    assert window_reasons(app, tmp_path, "2031-03-01") == [
        {"code": "window_closed", "message": "Applications are accepted from 01.10.2030 to 15.11.2030."}]


def test_without_a_window_or_a_period_september_to_december(app, tmp_path):
    # no academic year 2040–2041 in the database
    assert window_reasons(app, tmp_path, "2040-09-01") == []
    assert window_reasons(app, tmp_path, "2040-12-31") == []
    assert window_reasons(app, tmp_path, "2041-01-01") == [
        {"code": "window_closed", "message": "Applications are accepted from 01.09.2040 to 31.12.2040."}]
    assert window_reasons(app, tmp_path, "2040-08-31") == [
        {"code": "window_closed", "message": "Applications are accepted from 01.09.2039 to 31.12.2039."}]


def test_the_parameters_of_the_rule_set_the_period_pins(app, tmp_path):
    with app.app_context():
        # an older stored set: only some parameters, the rest fall back to the defaults
        pinned = RuleSet(name="Eligibility test set", effective_from=dt.date(2020, 1, 1), status="published",
                         parameters={"min_experience_years": {"expert": 8}, "category_validity_years": {"teacher": 10}})
        add_period(2030, dt.date(2030, 9, 1), dt.date(2030, 12, 31), rule_set=pinned)
    data = case(window=..., as_of="2030-10-01", current_category_since="2021-06-15", extensions=[],
                ozp_violations=["2030-01-01"])
    result = run_cli(app, tmp_path, data)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [r["code"] for r in out["reasons"]] == ["experience", "banned"]
    assert "at least 8" in out["reasons"][0]["message"]
    assert out["category_valid_until"] == "2031-06-15"  # 10 years, from the pinned set
    assert out["ban_until"] == "2031-01-01"  # ban_years_first: the default
    # outside that academic year the newest published set (the default) applies
    other = run_cli(app, tmp_path, {**data, "as_of": "2029-10-01", "ozp_violations": []})
    assert json.loads(other.stdout)["category_valid_until"] == "2026-06-15"
    assert json.loads(other.stdout)["reasons"] == []
