"""Holes found in review, each pinned by a test: nested API relations, stale region copies,
grants and password resets, duplicate ИИН, CSRF with a junk bearer, teachers' contests."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from models.career import Employment
from models.grant import AccessGrant
from models.person import Person
from tests.helpers import home, organizations_under, persons_under, user


def test_api_cannot_point_a_record_at_another_districts_teacher_or_organization(browser, ctx):
    own = persons_under(home("director"))[1]
    foreign = persons_under(home("district2"))[0]
    foreign_org = organizations_under(home("district2"))[0]
    b = browser("director")
    body = {"person": own.id, "organization": home("director").id, "position": own.position_id,
            "starts_on": "2020-09-01", "is_main": False}
    created = b.api("POST", "/api/v1/employment/", json=body)
    assert created.status_code == 201, created.get_json()
    pk = created.get_json()["id"]
    assert b.api("PUT", f"/api/v1/employment/{pk}", json={"person": foreign.id}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Employment, pk).person_id == own.id
    response = b.api("POST", "/api/v1/employment/", json={**body, "organization": foreign_org.id})
    assert response.status_code == 403
    response = b.api("POST", "/api/v1/diploma/", json={"person": foreign.id, "institution": "Fake U", "specialty": "X"})
    assert response.status_code in (403, 422)


def test_moving_a_teacher_updates_the_region_and_district_copies(browser, ctx):
    teacher = persons_under(home("district"))[5]
    target_org = organizations_under(home("district2"))[0]
    pk = teacher.id
    response = browser("national").api("PUT", f"/api/v1/person/{pk}", json={"tenant": target_org.id})
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    moved = db.session.get(Person, pk)
    assert moved.tenant_id == target_org.id and moved.district_id == home("district2").id
    assert browser("district").get(f"/personview/show/{pk}").status_code == 404
    assert browser("district2").get(f"/personview/show/{pk}").status_code == 200


def test_a_read_grant_never_allows_a_password_reset(browser, ctx):
    target = user("district2")
    db.session.add(AccessGrant(user_id=user("district").id, object_type="ab_user", object_id=target.id))
    db.session.commit()
    b = browser("district")
    assert b.get(f"/users/show/{target.id}").status_code == 200  # the grant reads
    before = target.password
    response = b.post(f"/resetpassword/form?pk={target.id}", {"password": "N3w-pass-2026!", "conf_password": "N3w-pass-2026!"})
    assert response.status_code == 404
    db.session.expire_all()
    assert user("district2").password == before


def test_duplicate_iin_is_a_clear_422_not_a_crash(browser, ctx):
    foreign = persons_under(home("district2"))[0]
    b = browser("director")
    response = b.api("POST", "/api/v1/person/", json={"iin": foreign.iin, "last_name": "X", "first_name": "Y",
                                                      "tenant": home("director").id})
    assert response.status_code == 422


def test_a_junk_bearer_header_does_not_bypass_csrf_for_a_session(browser, ctx):
    own = persons_under(home("director"))[1]
    b = browser("director")
    with b.app.app_context():
        response = b.client.put(f"/api/v1/person/{own.id}", json={"last_name": "Changed"},
                                headers={"Authorization": "Bearer junk"})
    assert response.status_code in (400, 401, 422)
    db.session.expire_all()
    assert db.session.get(Person, own.id).last_name != "Changed"


def test_teacher_sees_only_contests_they_take_part_in(browser, ctx):
    from models.portfolio import Contest, ContestParticipant

    teacher = user("teacher").person
    theirs = set(db.session.execute(
        select(ContestParticipant.contest_id).where(ContestParticipant.person_id == teacher.id)).scalars())
    others = set(db.session.execute(select(Contest.id).where(Contest.tenant_id == teacher.tenant_id)).scalars()) - theirs
    db.session.add(Contest(kind="students", tenant_id=teacher.tenant_id, other_name="Бөтен конкурс",
                           event_level_id=1, held_on=__import__("datetime").date(2025, 10, 1),
                           academic_year_id=1))
    db.session.commit()
    from app.portfolio.sections import SUMMARIES

    # the teacher reads their contests in the portal's profile (the admin list sends them there)
    assert browser("teacher").get("/contestview/list/").status_code == 302
    index = next(i for i, row in enumerate(SUMMARIES) if row[1] is ContestParticipant)
    page = browser("teacher").get(f"/portal/profile/{index}").get_data(as_text=True)
    assert "Бөтен конкурс" not in page
    for pk in theirs:
        assert str(db.session.get(Contest, pk)) in page
    for pk in others:
        assert str(db.session.get(Contest, pk)) not in page


def test_published_template_parts_cannot_be_moved_out(browser, ctx):
    from models.observation import ObservationTemplate, TemplateCriterion

    national = browser("national")
    published = db.session.execute(
        select(ObservationTemplate).where(ObservationTemplate.code == "obs-secondary")).scalar_one()
    national.post(f"/observationtemplateview/action/new_version/{published.id}")
    draft = db.session.execute(
        select(ObservationTemplate).where(ObservationTemplate.code == "obs-secondary", ObservationTemplate.version == 2)
    ).scalar_one()
    criterion = published.criteria[0]
    national.post(f"/templatecriterionview/edit/{criterion.id}",
                  {"template": draft.id, "order": 1, "name_kk": "y", "name_ru": "y"})
    db.session.expire_all()
    assert db.session.get(TemplateCriterion, criterion.id).template_id == published.id
    assert len(db.session.get(ObservationTemplate, published.id).criteria) == 12
    # and in the model layer, whatever the form offers
    moved = db.session.get(TemplateCriterion, criterion.id)
    moved.template_id = draft.id
    import pytest

    from app.errors import RuleViolation

    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()


def test_published_rule_set_rules_cannot_be_moved_out(ctx):
    import pytest

    from app.errors import RuleViolation
    from app.scoring import rulesets
    from models.criteria import RuleSet, RuleSetRule

    published = db.session.execute(select(RuleSet).where(RuleSet.status == "published")).scalars().first()
    draft = rulesets.clone(db.session, published, "draft for the move test")
    db.session.commit()
    rule = db.session.execute(select(RuleSetRule).where(RuleSetRule.rule_set_id == published.id)).scalars().first()
    rule.rule_set_id = draft.id
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()


def test_scores_are_never_typed_or_deleted_by_hand(browser, ctx):
    from models.criteria import ScoreResult

    b = browser("director")
    assert b.post("/scoreresultview/run/").status_code == 302
    score = db.session.execute(select(ScoreResult)).scalars().first()
    assert b.get("/scoreresultview/add").status_code == 404
    assert b.post(f"/scoreresultview/edit/{score.id}", {"outcome": "assigned"}).status_code == 404
    assert b.post(f"/scoreresultview/delete/{score.id}").status_code == 404
    db.session.expire_all()
    kept = db.session.get(ScoreResult, score.id)
    assert kept is not None and kept.outcome == score.outcome


def test_a_read_grant_never_lets_batch_scoring_write_elsewhere(browser, ctx):
    from models.criteria import ScoreResult

    db.session.add(AccessGrant(user_id=user("district2").id, object_type="tenant", object_id=home("director").id))
    db.session.commit()
    assert browser("district2").post("/scoreresultview/run/").status_code == 302
    db.session.expire_all()
    rows = db.session.execute(select(ScoreResult)).scalars().all()
    assert rows and all(r.district_id == home("district2").id for r in rows)


def test_one_correction_at_a_time_and_edits_are_rechecked(browser, ctx):
    from models.observation import ObservationSheet

    b = browser("director")
    sheet = db.session.execute(
        select(ObservationSheet).where(ObservationSheet.observer_id == user("director").id,
                                       ObservationSheet.status == "submitted")).scalars().first()
    assert b.post(f"/observationsheetview/correct/{sheet.id}", {"reason": "қате"}).status_code == 302
    b.post(f"/observationsheetview/correct/{sheet.id}", {"reason": "тағы"})
    db.session.expire_all()
    drafts = db.session.execute(select(ObservationSheet).where(ObservationSheet.supersedes_id == sheet.id)).scalars().all()
    assert len(drafts) == 1
    draft = drafts[0]
    b.post(f"/observationsheetview/edit/{draft.id}", {"observed_on": "2026-10-01", "starts_at": "10:00",
                                                       "ends_at": "09:00", "event_type": "lesson"})
    db.session.expire_all()
    assert db.session.get(ObservationSheet, draft.id).ends_at > db.session.get(ObservationSheet, draft.id).starts_at
