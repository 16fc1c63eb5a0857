"""Lesson observation over HTTP: filling, submitting, feedback, reach, immutability, versions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.errors import RuleViolation
from app.extensions import db
from models.observation import ObservationSheet, ObservationTemplate, TemplateCriterion
from tests.helpers import home, persons_under, user


def _new_sheet(b, person_id: int, day: str = "2026-10-14", start: str = "10:00", end: str = "10:45"):
    return b.post("/observationsheetview/add", {"person": person_id, "observed_on": day, "starts_at": start,
                                                 "ends_at": end, "event_type": "lesson", "class_group": "6«Ә»"})


def _latest_sheet(observer: str) -> ObservationSheet:
    db.session.expire_all()
    return db.session.execute(
        select(ObservationSheet).where(ObservationSheet.observer_id == user(observer).id).order_by(ObservationSheet.id.desc())
    ).scalars().first()


def _fill(b, sheet: ObservationSheet, level: int = 3, submit: bool = True):
    data = {f"level_{c.id}": level for c in sheet.template.criteria}
    data.update({f"comment_{c.id}": f"пікір {c.order}" for c in sheet.template.criteria[:2]})
    data["recommendations"] = "Саралап оқытуды күшейту"
    if submit:
        data["submit"] = "1"
    return b.post(f"/observationsheetview/fill/{sheet.id}", data)


def test_observer_fills_a_sheet_for_a_granted_school_teacher_sees_it_and_answers(browser, ctx):
    # the demo observer works in district2 and is granted the demo teacher's school in `district`
    target = user("teacher").person
    obs = browser("observer")
    assert _new_sheet(obs, target.id).status_code == 302
    sheet = _latest_sheet("observer")
    assert sheet.person_id == target.id and sheet.observer_kind == "external" and sheet.status == "draft"
    assert _fill(obs, sheet, level=3).status_code == 302
    sheet = _latest_sheet("observer")
    assert sheet.status == "submitted" and sheet.total_points == 3 * len(sheet.template.criteria)
    assert float(sheet.percent) == 75.0
    t = browser("teacher")
    # the teacher reads it in the portal (the staff page sends them there) and answers it once
    page = t.get(f"/observationsheetview/show/{sheet.id}", follow_redirects=True).get_data(as_text=True)
    assert "пікір 1" in page and "Саралап оқытуды күшейту" in page
    listing = t.get("/portal/observations").get_data(as_text=True)
    assert f"/portal/observations/{sheet.id}\"" in listing
    assert t.post(f"/portal/observations/{sheet.id}/feedback", {"feedback": "Рахмет!"}).status_code == 302
    assert t.post(f"/portal/observations/{sheet.id}/feedback", {"feedback": "Тағы"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ObservationSheet, sheet.id).feedback == "Рахмет!"  # once per sheet
    home_page = obs.get("/").get_data(as_text=True)
    assert "/observationsheetview/list/" in home_page and "alert-info" in home_page  # notified
    trend = t.get("/portal/observations").get_data(as_text=True)
    assert "75.0%" in trend
    page = obs.get(f"/observationsheetview/show/{sheet.id}").get_data(as_text=True)
    assert "Рахмет!" in page and f"/observationsheetview/feedback_read/{sheet.id}" in page
    db.session.expire_all()
    assert db.session.get(ObservationSheet, sheet.id).feedback_read_on is None  # opening a page changes nothing
    assert t.post(f"/observationsheetview/feedback_read/{sheet.id}").status_code == 403  # the observer's act only
    assert obs.post(f"/observationsheetview/feedback_read/{sheet.id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(ObservationSheet, sheet.id).feedback_read_on is not None
    assert "alert-info" not in obs.get("/").get_data(as_text=True)


def test_observer_cannot_reach_a_teacher_outside_scope_or_grants(browser, ctx):
    granted = home("teacher")
    outside = next(p for p in persons_under(home("district")) if p.tenant_id != granted.id)
    obs = browser("observer")
    before = db.session.execute(select(ObservationSheet.id)).all()
    _new_sheet(obs, outside.id)
    db.session.expire_all()
    assert db.session.execute(select(ObservationSheet.id)).all() == before
    assert _new_sheet(obs, persons_under(home("district2"))[0].id).status_code == 302  # own district: fine
    teacher_elsewhere = db.session.execute(
        select(ObservationSheet).where(ObservationSheet.observer_id != user("observer").id)
    ).scalars().first()
    assert obs.post(f"/observationsheetview/fill/{teacher_elsewhere.id}", {}).status_code in (403, 404)


def test_submitted_sheet_is_immutable_over_http_and_in_the_model(browser, ctx):
    sheet = db.session.execute(
        select(ObservationSheet).where(ObservationSheet.observer_id == user("director").id,
                                       ObservationSheet.status == "submitted")
    ).scalars().first()
    pk, total = sheet.id, sheet.total_points
    b = browser("director")
    b.post(f"/observationsheetview/fill/{pk}", {f"level_{c.id}": 1 for c in sheet.template.criteria} | {"submit": "1"})
    b.post(f"/observationsheetview/edit/{pk}", {"observed_on": "2026-10-01", "starts_at": "08:00", "ends_at": "08:45",
                                                 "event_type": "lesson"})
    db.session.expire_all()
    again = db.session.get(ObservationSheet, pk)
    assert again.total_points == total and again.status == "submitted"
    again.total_points = 1
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()
    again = db.session.get(ObservationSheet, pk)
    again.answers[0].level = 1
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()
    # a correction is a new sheet that supersedes it, with a reason
    assert b.post(f"/observationsheetview/correct/{pk}", {"reason": "Сабақ уақыты қате"}).status_code == 302
    copy = _latest_sheet("director")
    assert copy.supersedes_id == pk and copy.status == "draft"
    _fill(b, copy, level=4)
    db.session.expire_all()
    assert db.session.get(ObservationSheet, pk).status == "superseded"


def test_two_observers_of_one_lesson_are_averaged_and_the_indicator_counts_days(browser, ctx):
    from app.portfolio.profile import load_profile
    from tenants.scope import Scope, use_scope

    teacher = user("teacher").person
    with use_scope(Scope.everything()):
        profile = load_profile(teacher.id)
    from app.observation.rules import lesson_scores, teaching_quality

    lessons = lesson_scores(profile.observations)
    first = lessons[0]
    pair = [s for s in profile.observations if s.lesson == first.lesson]
    assert len(pair) == 2 and first.percent == round(sum(s.percent for s in pair) / 2, 2)
    b = browser("director")
    b.get("/lang/en")
    page = b.get(f"/profile/{teacher.id}/completeness?category=moderator").get_data(as_text=True)
    states = {code: state for code, _t, state in re.findall(r"<td>([0-9.]+)</td><td>(.*?)</td>\s*<td>(.*?)</td>", page)}
    expected = teaching_quality(profile.observations, as_of=__import__("datetime").date.today())
    assert (states["1.2"] == "met") == expected.met


def test_new_template_version_and_old_sheets_keep_their_template(browser, ctx):
    secondary = db.session.execute(
        select(ObservationTemplate).where(ObservationTemplate.code == "obs-secondary")).scalar_one()
    criterion = secondary.criteria[0]
    criterion.name_kk = "өзгертілген"
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()
    old_sheet = db.session.execute(select(ObservationSheet).where(ObservationSheet.template_id == secondary.id)).scalars().first()
    national = browser("national")
    assert national.post(f"/observationtemplateview/action/new_version/{secondary.id}").status_code == 302
    draft = db.session.execute(
        select(ObservationTemplate).where(ObservationTemplate.code == "obs-secondary", ObservationTemplate.version == 2)
    ).scalar_one()
    assert draft.status == "draft" and len(draft.criteria) == 12
    first = db.session.get(TemplateCriterion, draft.criteria[0].id)
    first.name_kk = "Жаңа редакция"
    db.session.commit()
    assert national.post(f"/observationtemplateview/action/publish/{draft.id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(ObservationTemplate, draft.id).status == "published"
    page = browser("director").get(f"/observationsheetview/show/{old_sheet.id}").get_data(as_text=True)
    assert "Жаңа редакция" not in page and "(v1)" in page
    # new sheets take the new version
    target = persons_under(home("director"))[3]
    assert _new_sheet(browser("director"), target.id, day="2026-11-02").status_code == 302
    assert _latest_sheet("director").template_id == draft.id


def test_every_level_has_a_published_template_in_kazakh_and_russian(ctx):
    templates = db.session.execute(select(ObservationTemplate).where(ObservationTemplate.status == "published")).scalars().all()
    assert {t.education_level.code for t in templates} == {"preschool", "secondary", "additional", "tvet", "special"}
    for template in templates:
        assert template.name_kk and template.name_ru
        for criterion in template.criteria:
            assert criterion.name_kk and criterion.name_ru and len(criterion.levels) == 4
            assert all(level.name_kk and level.name_ru for level in criterion.levels)
    secondary = next(t for t in templates if t.education_level.code == "secondary")
    assert len(secondary.criteria) == 12


def test_template_and_sheet_statuses_are_words(browser, ctx):
    """Issue 12: "published" was shown untranslated in the template list; the status filters offer words."""
    from tests.crawl import visible_text

    national = browser("national")
    page = national.get("/observationtemplateview/list/").get_data(as_text=True)
    text = visible_text(page)
    assert "published" not in text and "жарияланған" in text.lower()
    sheets = browser("observer").get("/observationsheetview/list/").get_data(as_text=True)
    assert "superseded" not in visible_text(sheets)
