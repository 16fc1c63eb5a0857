"""Disputes of registry values (issue 15, point 2), end to end: a teacher disputes an ОЗП result from
УТО and the republic answers; a director disputes an НОБД employment and the district answers; another
district sees and answers nothing, the auditor reads and answers nothing; hostile ids and values are
4xx and write nothing; a record typed by hand is not disputed; the registry's name of a teacher (and
of an organization) is not edited by hand while their phone (and address) are."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.jobs import run_after_commit
from models.career import Employment, OzpResult
from models.integration import RegistryDispute
from models.notification import Notification
from models.person import Person
from tenants.models import Tenant
from tests.crawl import internals_in, visible_text
from tests.helpers import home, user


def _ozp_from_uto() -> OzpResult:
    teacher = user("teacher").person
    record = OzpResult(person=teacher, tenant_id=teacher.tenant_id, taken_on=dt.date(2025, 3, 1), language="kk",
                       percent=61, source="uto", collected_on=dt.datetime(2026, 11, 1, 3, 0))
    db.session.add(record)
    db.session.commit()
    return record


def _job_from_nobd() -> Employment:
    teacher = user("teacher").person
    record = Employment(person=teacher, tenant_id=teacher.tenant_id, organization_id=teacher.tenant_id,
                        position_id=teacher.position_id or _any_position(), workload=1, starts_on=dt.date(2019, 9, 1),
                        is_main=False, source="nobd", collected_on=dt.datetime(2026, 11, 1, 3, 0))
    db.session.add(record)
    db.session.commit()
    return record


def _any_position() -> int:
    from models.directories import Position

    return db.session.execute(select(Position.id).limit(1)).scalar_one()


def _district_over(org_id: int) -> int:
    org = db.session.get(Tenant, org_id)
    ids = [int(p) for p in org.path.strip("/").split("/")]
    return next(t.id for t in db.session.execute(select(Tenant).where(Tenant.id.in_(ids))).scalars()
                if t.level == "district")


def _disputes_of(record) -> list[RegistryDispute]:
    db.session.expire_all()
    return list(db.session.execute(select(RegistryDispute).where(
        RegistryDispute.record_type == record.__tablename__, RegistryDispute.record_id == record.id)
        .order_by(RegistryDispute.id)).scalars())


def _kinds(username: str) -> list[str]:
    db.session.expire_all()
    return list(db.session.execute(select(Notification.kind).where(Notification.user_id == user(username).id)
                                   .order_by(Notification.id)).scalars())


def _section_index(model) -> int:
    from app.portfolio.sections import SUMMARIES

    return next(i for i, row in enumerate(SUMMARIES) if row[1] is model)


def test_a_teacher_disputes_an_ozp_result_and_the_republic_answers(browser, ctx):
    record = _ozp_from_uto()
    teacher = browser("teacher")
    index = _section_index(OzpResult)
    page = teacher.get(f"/portal/profile/{index}").get_data(as_text=True)
    assert f"/portal/profile/{index}/{record.id}/dispute" in page
    response = teacher.post(f"/portal/profile/{index}/{record.id}/dispute", {"note": "Пайызы қате: 81 болуы керек"})
    assert response.status_code == 302
    (dispute,) = _disputes_of(record)
    # УТО is a national operator: the republic's node owns the dispute
    assert dispute.tenant_id == home("national").id and dispute.region_id is None
    assert (dispute.state, dispute.source, dispute.person_id) == ("filed", "uto", record.person_id)
    assert dispute.filed_by_id == user("teacher").id
    assert db.session.get(OzpResult, record.id).dispute_note == "Пайызы қате: 81 болуы керек"
    # a second dispute of the same record while the first is open is refused
    teacher.post(f"/portal/profile/{index}/{record.id}/dispute", {"note": "Тағы да"})
    assert len(_disputes_of(record)) == 1
    # the teacher follows it in the portal, in words
    mine = teacher.get("/portal/disputes").get_data(as_text=True)
    assert "Пайызы қате" in mine and not internals_in(visible_text(mine))
    # the region and the district do not keep УТО's data: they do not see it
    for other in ("region", "district"):
        assert browser(other).get(f"/registrydisputeview/show/{dispute.id}").status_code == 404

    national = browser("national")
    national.get("/lang/en")
    listing = national.get("/registrydisputeview/list/").get_data(as_text=True)
    assert f"/registrydisputeview/show/{dispute.id}" in listing
    shown = national.get(f"/registrydisputeview/show/{dispute.id}").get_data(as_text=True)
    assert "Take into review" in shown and "National testing centre" in shown
    assert not internals_in(visible_text(shown))
    assert national.post(f"/registrydisputeview/review/{dispute.id}").status_code == 302
    assert national.post(f"/registrydisputeview/answer/{dispute.id}",
                         {"decision": "accept", "answer": "Нәтиже тексерілді, тізілімде түзетіледі"}).status_code == 302
    run_after_commit()
    (dispute,) = _disputes_of(record)
    assert dispute.state == "accepted" and dispute.answered_by_id == user("national").id
    assert dispute.answered_on is not None
    # the record is no longer shown as contested; its value changes with УТО's next sync, not here
    assert db.session.get(OzpResult, record.id).dispute_note is None
    assert db.session.get(OzpResult, record.id).percent == 61
    # the teacher filed it: told when it was taken into review and when it was answered
    assert _kinds("teacher") [-2:] == ["dispute_in_review", "dispute_accepted"]
    mine = teacher.get("/portal/disputes").get_data(as_text=True)
    assert "тізілімде түзетіледі" in mine
    # answered: nothing more to do
    national.post(f"/registrydisputeview/answer/{dispute.id}", {"decision": "reject", "answer": "Жоқ"})
    assert _disputes_of(record)[0].state == "accepted"
    # and the teacher may dispute the record again
    assert f"/portal/profile/{index}/{record.id}/dispute" in teacher.get(f"/portal/profile/{index}").get_data(as_text=True)


@pytest.fixture
def nobd_dispute(browser, ctx):
    """A director disputes an НОБД employment of a teacher of their school (the staff page)."""
    record = _job_from_nobd()
    director = browser("director")
    page = director.get(f"/employmentview/show/{record.id}").get_data(as_text=True)
    assert f"/employmentview/dispute/{record.id}" in page
    response = director.post(f"/employmentview/dispute/{record.id}", {"note": "Жұмыс басталған күні 2018 жыл"})
    assert response.status_code == 302
    run_after_commit()
    (dispute,) = _disputes_of(record)
    return record, dispute


def test_a_director_disputes_an_nobd_employment_and_the_district_answers(browser, nobd_dispute):
    record, dispute = nobd_dispute
    # НОБД's data of a school is kept by its district's department
    assert dispute.tenant_id == _district_over(record.organization_id) == home("district").id
    assert dispute.filed_by_id == user("director").id and dispute.person_id == record.person_id
    # the teacher it is about is told
    assert _kinds("teacher")[-1:] == ["dispute_filed"]
    # the record's own page lists it
    page = browser("director").get(f"/employmentview/show/{record.id}").get_data(as_text=True)
    assert "Жұмыс басталған күні 2018 жыл" in page
    # the director does not answer disputes: no list of them either
    assert browser("director").get("/registrydisputeview/list/").status_code != 200

    district = browser("district")
    assert f"/registrydisputeview/show/{dispute.id}" in district.get("/registrydisputeview/list/").get_data(as_text=True)
    assert district.post(f"/registrydisputeview/answer/{dispute.id}",
                         {"decision": "reject", "answer": "НОБД-дағы бұйрық бойынша күні дұрыс"}).status_code == 302
    run_after_commit()
    (dispute,) = _disputes_of(record)
    assert dispute.state == "rejected" and dispute.answer.startswith("НОБД-дағы")
    assert _kinds("director")[-1:] == ["dispute_rejected"]
    assert _kinds("teacher")[-1:] == ["dispute_rejected"]
    # the region above the district sees it too
    assert browser("region").get(f"/registrydisputeview/show/{dispute.id}").status_code == 200


def test_another_district_neither_sees_nor_answers(browser, nobd_dispute):
    record, dispute = nobd_dispute
    other = browser("district2")
    assert other.get(f"/registrydisputeview/show/{dispute.id}").status_code == 404
    assert f"/registrydisputeview/show/{dispute.id}" not in other.get("/registrydisputeview/list/").get_data(as_text=True)
    assert other.post(f"/registrydisputeview/review/{dispute.id}").status_code == 404
    assert other.post(f"/registrydisputeview/answer/{dispute.id}",
                      {"decision": "accept", "answer": "x"}).status_code == 404
    assert other.get(f"/api/v1/registry-dispute/{dispute.id}").status_code == 404
    assert other.get("/api/v1/registry-dispute/").get_json()["count"] == 0
    assert _disputes_of(record)[0].state == "filed"
    # the district's own staff read it through the API, with its state in words
    body = browser("district").get(f"/api/v1/registry-dispute/{dispute.id}").get_json()
    assert body["result"]["state"] == "filed" and body["result"]["state_label"]


def test_the_auditor_reads_but_does_not_answer(browser, nobd_dispute):
    record, dispute = nobd_dispute
    auditor = browser("auditor")
    page = auditor.get(f"/registrydisputeview/show/{dispute.id}")
    assert page.status_code == 200
    assert "/registrydisputeview/answer/" not in page.get_data(as_text=True)
    assert auditor.post(f"/registrydisputeview/review/{dispute.id}").status_code == 403
    assert auditor.post(f"/registrydisputeview/answer/{dispute.id}",
                        {"decision": "accept", "answer": "x"}).status_code == 403
    assert _disputes_of(record)[0].state == "filed"


@pytest.mark.parametrize(("url", "form", "status"), [
    ("/registrydisputeview/answer/{id}", {"decision": "maybe", "answer": "x"}, 422),
    ("/registrydisputeview/answer/{id}", {"answer": "x"}, 422),
    ("/registrydisputeview/answer/{id}", {"decision": "accept", "answer": ""}, 422),
    ("/registrydisputeview/answer/{id}", {"decision": "accept", "answer": "x\x00"}, 422),
    ("/registrydisputeview/answer/{id}", {"decision": "accept", "answer": "ж" * 4001}, 422),
    ("/registrydisputeview/answer/abc", {"decision": "accept", "answer": "x"}, 404),
    ("/registrydisputeview/answer/99999999999999", {"decision": "accept", "answer": "x"}, 404),
    ("/registrydisputeview/review/-1", {}, 404),
    ("/registrydisputeview/edit/{id}", {"state": "accepted"}, 404),
    ("/registrydisputeview/add", {"state": "accepted"}, 404),
    ("/registrydisputeview/delete/{id}", {}, 404),
])
def test_hostile_answers_write_nothing(browser, nobd_dispute, url, form, status):
    record, dispute = nobd_dispute
    response = browser("district").post(url.format(id=dispute.id), form)
    assert response.status_code == status
    (after,) = _disputes_of(record)
    assert (after.state, after.answer) == ("filed", None)


@pytest.mark.parametrize("path", ["/registrydisputeview/show/abc", "/registrydisputeview/show/0",
                                  "/registrydisputeview/list/?_oc_RegistryDisputeView=nonsense",
                                  "/registrydisputeview/list/?_flt_0_state=%00", "/registrydisputeview/list/?page_RegistryDisputeView=x",
                                  "/api/v1/registry-dispute/abc", "/api/v1/registry-dispute/?q=(((("])
def test_hostile_reads_are_4xx_or_ordinary_pages(browser, nobd_dispute, path):
    assert browser("district").get(path).status_code < 500


def test_the_api_is_read_only(browser, nobd_dispute):
    record, dispute = nobd_dispute
    district = browser("district")
    assert district.api("POST", "/api/v1/registry-dispute/", json={"state": "accepted"}).status_code in (404, 405)
    assert district.api("PUT", f"/api/v1/registry-dispute/{dispute.id}", json={"state": "accepted"}).status_code in (404, 405)
    assert district.api("DELETE", f"/api/v1/registry-dispute/{dispute.id}").status_code in (404, 405)
    assert _disputes_of(record)[0].state == "filed"


def test_disputes_refused_in_words(browser, ctx):
    record = _job_from_nobd()
    director = browser("director")
    director.get("/lang/en")
    # empty text: nothing filed
    director.post(f"/employmentview/dispute/{record.id}", {"note": "   "})
    assert _disputes_of(record) == []
    # too long or with control characters: 422, nothing filed
    assert director.post(f"/employmentview/dispute/{record.id}", {"note": "ж" * 4001}).status_code == 422
    assert director.post(f"/employmentview/dispute/{record.id}", {"note": "x\x00"}).status_code == 422
    assert _disputes_of(record) == []
    # another district's record does not exist for this director
    other = browser("district2")
    assert other.post(f"/employmentview/dispute/{record.id}", {"note": "x"}).status_code == 404
    assert _disputes_of(record) == []
    # one open dispute per user and record
    director.post(f"/employmentview/dispute/{record.id}", {"note": "Бірінші"})
    page = director.post(f"/employmentview/dispute/{record.id}", {"note": "Екінші"}, follow_redirects=True)
    assert "already disputed" in page.get_data(as_text=True)
    assert len(_disputes_of(record)) == 1


def test_a_record_typed_by_hand_is_noted_not_disputed(browser, ctx):
    from app.errors import RuleViolation
    from app.integrations.disputes import file_dispute
    from models.portfolio import KnowledgeQuality

    quality = db.session.execute(select(KnowledgeQuality).where(KnowledgeQuality.person_id == user("teacher").person_id)
                                ).scalars().first()
    assert quality is not None and quality.source == "manual"
    with pytest.raises(RuleViolation):
        file_dispute(quality, "Күні қате", user("director"))
    db.session.rollback()
    # the page keeps the note for whoever keeps the record (they correct it)
    assert browser("teacher").post(f"/knowledgequalityview/dispute/{quality.id}", {"note": "Күні қате"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(KnowledgeQuality, quality.id).dispute_note == "Күні қате"
    assert _disputes_of(quality) == []
    total = db.session.execute(select(func.count(RegistryDispute.id))).scalar_one()
    assert total == 0


# Registry values are read-only ----------------------------------------------------------------------
@pytest.fixture
def nobd_person(ctx):
    person = user("teacher").person
    person.source, person.collected_on = "nobd", dt.datetime(2026, 11, 1, 3, 0)
    db.session.commit()
    return person


def _edit_form(person: Person, **changes) -> dict:
    form = {"iin": person.iin, "last_name": person.last_name, "first_name": person.first_name,
            "middle_name": person.middle_name or "", "tenant": person.tenant_id,
            "position": person.position_id or "", "subject": person.subject_id or "",
            "category": person.category_id or "", "email": person.email or "", "phone": person.phone or ""}
    return {**form, **changes}


def test_a_registry_name_is_not_edited_by_hand_but_the_phone_is(browser, nobd_person):
    pk, name = nobd_person.id, nobd_person.last_name
    director = browser("director")
    director.get("/lang/en")
    page = director.post(f"/personview/edit/{pk}", _edit_form(nobd_person, last_name="Басқа"), follow_redirects=True)
    assert "dispute" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, pk).last_name == name
    response = director.post(f"/personview/edit/{pk}", _edit_form(nobd_person, phone="+7 701 000 00 00"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, pk).phone == "+7 701 000 00 00"
    assert db.session.get(Person, pk).last_name == name
    # the REST API holds the same rule
    assert director.api("PUT", f"/api/v1/person/{pk}", json={"first_name": "Басқа"}).status_code == 422
    assert director.api("PUT", f"/api/v1/person/{pk}", json={"iin": "850314401236"}).status_code == 422
    assert director.api("PUT", f"/api/v1/person/{pk}", json={"email": "t@example.kz"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Person, pk).email == "t@example.kz"


def test_the_rule_holds_in_the_model_layer_and_lets_the_registry_write(nobd_person):
    from app.errors import RuleViolation
    from app.integrations.readonly import registry_writes

    nobd_person.first_name = "Басқа"
    with pytest.raises(RuleViolation):
        db.session.commit()
    db.session.rollback()
    # the sync writes the registry's values: inside registry_writes(), or stamping a new fetch time
    with registry_writes():
        nobd_person.first_name = "Жаңа"
        db.session.commit()
    nobd_person.last_name, nobd_person.collected_on = "Жаңаев", dt.datetime(2026, 12, 1, 3, 0)
    db.session.commit()
    db.session.expire_all()
    assert (nobd_person.first_name, nobd_person.last_name) == ("Жаңа", "Жаңаев")
    # the same value typed again with spaces is no change
    nobd_person.last_name = " Жаңаев "
    db.session.commit()
    assert nobd_person.last_name == "Жаңаев"


def test_a_teacher_from_a_registry_is_disputed_from_their_page(browser, nobd_person):
    district = browser("district")
    page = district.get(f"/personview/show/{nobd_person.id}").get_data(as_text=True)
    assert f"/personview/dispute/{nobd_person.id}" in page
    assert district.post(f"/personview/dispute/{nobd_person.id}", {"field": "middle_name", "note": "Әкесінің аты жоқ"}
                         ).status_code == 302
    (dispute,) = _disputes_of(nobd_person)
    assert (dispute.field, dispute.person_id, dispute.tenant_id) == ("middle_name", nobd_person.id, home("district").id)
    # a value that is not the registry's is refused
    assert district.post(f"/personview/dispute/{nobd_person.id}", {"field": "phone", "note": "x"}).status_code == 422
    # the teacher disputes their own data from the portal
    teacher = browser("teacher")
    assert "/portal/profile/person/dispute" in teacher.get("/portal/profile").get_data(as_text=True)
    assert teacher.post("/portal/profile/person/dispute", {"field": "birth_date", "note": "Туған күнім 12 наурыз"}
                        ).status_code == 302
    assert len(_disputes_of(nobd_person)) == 2
    # the auditor sees the page without the form and cannot dispute
    auditor = browser("auditor")
    assert f"/personview/dispute/{nobd_person.id}" not in auditor.get(f"/personview/show/{nobd_person.id}"
                                                                         ).get_data(as_text=True)
    assert auditor.post(f"/personview/dispute/{nobd_person.id}", {"note": "x"}).status_code == 403
    assert len(_disputes_of(nobd_person)) == 2


def test_a_teacher_typed_by_hand_is_not_disputed(browser, ctx):
    person = user("teacher").person
    assert person.source == "manual"
    district = browser("district")
    assert f"/personview/dispute/{person.id}" not in district.get(f"/personview/show/{person.id}").get_data(as_text=True)
    district.post(f"/personview/dispute/{person.id}", {"note": "x"})
    assert _disputes_of(person) == []


def test_an_organization_from_nobd_keeps_its_names_but_not_its_address(browser, ctx):
    org = home("director")
    org.source, org.collected_on = "nobd", dt.datetime(2026, 11, 1, 3, 0)
    db.session.commit()
    national = browser("national")
    assert national.api("PUT", f"/api/v1/tenant/{org.id}", json={"name_kk": "Басқа мектеп"}).status_code == 422
    assert national.api("PUT", f"/api/v1/tenant/{org.id}", json={"parent": home("district2").id}).status_code == 422
    db.session.expire_all()
    assert db.session.get(Tenant, org.id).name_kk != "Басқа мектеп"
    assert db.session.get(Tenant, org.id).parent_id == home("district").id
    # and its dispute goes to the department above it
    assert national.post(f"/tenantview/dispute/{org.id}", {"field": "name_ru", "note": "Атауы қате"}).status_code == 302
    (dispute,) = _disputes_of(org)
    assert dispute.tenant_id == home("district").id and dispute.person_id is None


def test_staff_pages_show_no_internals(browser, nobd_dispute):
    record, dispute = nobd_dispute
    for username in ("district", "region", "auditor"):
        b = browser(username)
        for url in ("/registrydisputeview/list/", f"/registrydisputeview/show/{dispute.id}",
                    f"/employmentview/show/{record.id}"):
            response = b.get(url)
            assert response.status_code == 200, (username, url)
            text = visible_text(response.get_data(as_text=True))
            assert not internals_in(text), (username, url, internals_in(text))
            assert not re.search(r"\b(?:filed|in_review|nobd|employment)\b", text), (username, url)


def test_the_portal_disputes_page_is_lean(browser, nobd_dispute):
    from tests.helpers import statements_for

    teacher = browser("teacher")
    with teacher.app.app_context():
        assert statements_for(teacher.client, "/portal/disputes") <= 8
    html = teacher.get("/portal/disputes").get_data(as_text=True)
    assert "Жұмыс басталған күні 2018 жыл" in html and '<html lang="kk">' in html
    # another teacher reads none of it
    from tests.integration.test_portal import _another_teacher

    _another_teacher()
    assert "Жұмыс басталған күні" not in browser("teacher2").get("/portal/disputes").get_data(as_text=True)


def test_dispute_pages_keep_the_statement_budget(browser, nobd_dispute):
    from tests.helpers import statements_for

    record, dispute = nobd_dispute
    district = browser("district")
    with district.app.app_context():
        for url in ("/registrydisputeview/list/", f"/registrydisputeview/show/{dispute.id}",
                    f"/employmentview/show/{record.id}"):
            assert statements_for(district, url) <= 12, url
