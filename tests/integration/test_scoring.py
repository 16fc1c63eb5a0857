"""Scoring: the CLI contract, rule set immutability, stored scores, batch scoring in scope."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import RuleViolation
from app.extensions import db
from models.criteria import RuleSet, RuleSetRule, ScoreResult
from models.job import JobRecord
from tests.helpers import home, persons_under, user

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-case.json"


def test_cli_scores_the_example_case(app):
    result = app.test_cli_runner().invoke(args=["ustaz", "score", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["indicators"]) == {"1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "4", "5"}
    assert data["outcome"] in {"assigned", "confirmed", "lowered", "not_assigned"}
    assert data["ozp"] == {"required_percent": 70.0, "exempt": False, "met": True}
    assert data["indicators"]["3.3"]["applicable"] is False


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "not valid JSON"),
        ('{"education_level": "secondary", "requested_category": "guru", "mode": "assign", "profile": {}}', "requested_category"),
        ('{"education_level": "secondary", "requested_category": "moderator", "mode": "assign"}',
         "profile: a required value is missing"),
        ('{"education_level": "secondary", "requested_category": "moderator", "mode": "assign", "profile": {}, "rule_set": "nope"}',
         "there is no rule set named nope"),
    ],
)
def test_cli_refuses_malformed_cases_with_exit_2(app, tmp_path, content, message):
    case = tmp_path / "case.json"
    case.write_text(content)
    result = app.test_cli_runner().invoke(args=["ustaz", "score", str(case)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_published_rule_set_is_immutable_in_the_model_and_over_http(browser, ctx):
    published = db.session.execute(select(RuleSet).where(RuleSet.status == "published")).scalars().first()
    published.parameters = {**published.parameters, "ozp_threshold_heads": 10}
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()
    rule = db.session.execute(select(RuleSetRule).where(RuleSetRule.rule_set_id == published.id)).scalars().first()
    rule.applicable = False
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()
    national = browser("national")
    national.post(f"/rulesetview/edit/{published.id}", {"name": "renamed", "order_reference": "x",
                                                         "effective_from": "2024-04-02"})
    db.session.expire_all()
    assert db.session.get(RuleSet, published.id).name != "renamed"
    # clone -> draft (editable) -> publish
    assert national.post(f"/rulesetview/action/clone/{published.id}").status_code == 302
    draft = db.session.execute(select(RuleSet).where(RuleSet.status == "draft")).scalars().first()
    draft.parameters = {**draft.parameters, "ozp_threshold_heads": 75}
    db.session.commit()
    assert national.post(f"/rulesetview/action/publish/{draft.id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(RuleSet, draft.id).status == "published"
    assert browser("district").post(f"/rulesetview/action/clone/{published.id}").status_code in (302, 403)
    assert db.session.execute(select(func.count(RuleSet.id))).scalar_one() == 2


def test_stored_score_does_not_change_afterwards(ctx, app):
    import datetime as dt

    from app.scoring import rulesets
    from app.scoring.batch import score_person
    from models.portfolio import Course
    from tenants.scope import Scope, use_scope

    teacher = user("teacher").person
    with app.test_request_context(), use_scope(Scope.everything()):
        stored = score_person(teacher.id, rulesets.load(db.session), dt.date.today(), "once")
        db.session.commit()
    pk, before = stored.id, json.dumps(stored.result, sort_keys=True)
    db.session.add(Course(person_id=teacher.id, tenant_id=teacher.tenant_id, hours=500, other_program="Big",
                          completed_on=dt.date(2025, 9, 1), in_profile=True))
    db.session.commit()
    db.session.expire_all()
    assert json.dumps(db.session.get(ScoreResult, pk).result, sort_keys=True) == before


def test_batch_scores_the_scope_in_process_and_resumes_idempotently(browser, ctx):
    b = browser("district")
    response = b.post("/scoreresultview/run/")
    assert response.status_code == 302
    job = db.session.execute(select(JobRecord).where(JobRecord.parent_id.is_(None)).order_by(JobRecord.id.desc())).scalars().first()
    assert job.state == "finished" and job.progress == 100, job.error
    expected = len(persons_under(home("district")))
    assert job.result["teachers"] == expected and job.result["scored_now"] == expected
    batch = job.result["batch_key"]
    scored = db.session.execute(select(ScoreResult).where(ScoreResult.batch_key == batch)).scalars().all()
    assert len(scored) == expected and all(s.district_id == home("district").id for s in scored)
    # re-running the same batch (a worker died half-way) scores nobody twice
    from app.jobs import JobContext
    from app.scoring.batch import score_scope
    from tenants.scope import scope_for_user, use_scope

    with use_scope(scope_for_user(user("district"))):
        again = score_scope(JobContext(record_id=job.id, user_id=user("district").id), batch)
    assert again["scored_now"] == 0
    # scores are scoped like everything else
    listing = browser("district2").get("/scoreresultview/list/").get_data(as_text=True)
    assert f"/scoreresultview/show/{scored[0].id}\"" not in listing


def _draft(browser) -> RuleSet:
    published = db.session.execute(select(RuleSet).where(RuleSet.status == "published")).scalars().first()
    assert browser.post(f"/rulesetview/action/clone/{published.id}").status_code == 302
    db.session.expire_all()
    return db.session.execute(select(RuleSet).where(RuleSet.status == "draft")).scalars().first()


def test_draft_is_imported_as_validated_json_and_compared(browser, ctx):
    from app.scoring.rulesets import rules_as_json

    national = browser("national")
    national.get("/lang/en")
    draft = _draft(national)
    pk = draft.id
    rules = rules_as_json(draft)
    params = dict(draft.parameters)
    params["ozp_thresholds"] = {**params["ozp_thresholds"], "expert": 75}
    bad = national.post(f"/rulesetview/edit_json/{pk}", {"parameters": json.dumps(params),
                                                          "rules": json.dumps(rules + [{"indicator": "9.9", "kind": "hours"}])})
    assert "Rule" in bad.get_data(as_text=True) and "unknown value" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RuleSet, pk).parameters["ozp_thresholds"]["expert"] == 70  # nothing half-saved
    ok = national.post(f"/rulesetview/edit_json/{pk}", {"parameters": json.dumps(params), "rules": json.dumps(rules)})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(RuleSet, pk).parameters["ozp_thresholds"]["expert"] == 75
    page = national.get(f"/rulesetview/compare/{pk}").get_data(as_text=True)
    assert 'class="warning"' in page
    # in words, as the editor labels them: no parameter keys, kinds or JSON
    from tests.crawl import internals_in, visible_text

    text = visible_text(page)
    assert "ozp_thresholds" not in text and "level_at_least" not in text and internals_in(text) == []
    assert "teacher-expert" in text


def test_what_if_compares_a_draft_with_the_published_set(browser, ctx):
    national = browser("national")
    draft = _draft(national)
    draft.parameters = {**draft.parameters, "ozp_thresholds": {k: 0 for k in draft.parameters["ozp_thresholds"]}}
    for rule in draft.rules:
        rule.applicable = False  # a (silly) draft under which every portfolio is met
    db.session.commit()
    district = browser("district")
    assert district.post(f"/rulesetview/action/what_if/{draft.id}").status_code in (302, 403)
    response = national.post(f"/rulesetview/action/what_if/{draft.id}")
    assert response.status_code == 302
    job = db.session.execute(select(JobRecord).where(JobRecord.parent_id.is_(None)).order_by(JobRecord.id.desc())).scalars().first()
    assert job.state == "finished", job.error
    result = job.result
    assert result["teachers"] == db.session.execute(select(func.count()).select_from(__import__("models").Person)).scalar_one()
    totals = {cat: c for cat, c in result["per_category"].items()}
    assert sum(c["draft"] for c in totals.values()) > sum(c["published"] for c in totals.values()), result
    assert result["changed_count"] > 0 and {"name", "published", "draft"} <= set(result["changed"][0])


def test_an_attestation_period_pins_its_rule_set(ctx, browser):
    import datetime as dt

    from app.scoring import rulesets
    from models.directories import AttestationPeriod

    national = browser("national")
    draft = _draft(national)
    draft.parameters = {**draft.parameters, "ozp_threshold_heads": 71}
    db.session.commit()
    national.post(f"/rulesetview/action/publish/{draft.id}")
    db.session.expire_all()
    newest = rulesets.load(db.session)
    assert newest.name == draft.name  # the newest published by default
    first = db.session.execute(select(RuleSet).order_by(RuleSet.id)).scalars().first()
    period = db.session.execute(select(AttestationPeriod).order_by(AttestationPeriod.id)).scalars().first()
    period.rule_set_id = first.id
    db.session.commit()
    assert rulesets.load_for(db.session, period.applications_open_on + dt.timedelta(days=1)).name == first.name
    form = national.get(f"/attestationperiodview/edit/{period.id}").get_data(as_text=True)
    assert first.localized_name("kk") in form  # the name people read, in the page's language


def test_cli_resumes_a_batch_without_scoring_twice(app, ctx):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["ustaz", "score-batch", "--user", "district"])
    assert first.exit_code == 0, first.output
    key = first.output.strip().rsplit(" ", 1)[1]
    count = db.session.execute(select(func.count(ScoreResult.id)).where(ScoreResult.batch_key == key)).scalar_one()
    assert count == len(persons_under(home("district")))
    again = runner.invoke(args=["ustaz", "score-batch", "--user", "district", "--batch", key])
    assert again.exit_code == 0
    db.session.expire_all()
    assert db.session.execute(select(func.count(ScoreResult.id)).where(ScoreResult.batch_key == key)).scalar_one() == count
