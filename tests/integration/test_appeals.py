"""Appeals as workflows (issue 16): each type's effect when upheld, the deadlines, the states and the
notifications, and that another district's staff neither see nor answer them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.appeals import operations as ops
from app.appeals.operations import NewAppeal
from app.attestation import states as app_states
from app.attestation.operations import Actor
from app.errors import RuleViolation
from app.extensions import db
from models.appeal import Amendment, Appeal, ProfileAccess
from models.attestation import Application
from models.notification import Notification
from tenants.models import Tenant
from tenants.scope import Scope, scope_for_user
from tests.helpers import user


def staff(username: str) -> Actor:
    account = user(username)
    return Actor(user_id=account.id, name=username, person_id=account.person_id, scope=scope_for_user(account),
                 writes_applications=username in ("director", "entry"))


def head_of(organization_id: int) -> Actor:
    """The head of an organization acting for its teacher (no demo login heads that school)."""
    node = db.session.get(Tenant, organization_id)
    scope = Scope(tenant_id=node.id, level=node.level, path=node.path)
    return Actor(user_id=None, name="Директор", person_id=None, scope=scope, writes_applications=True)


def application_in(*wanted: str) -> Application:
    return db.session.execute(select(Application).where(Application.state.in_(wanted))
                              .order_by(Application.id)).scalars().first()


def file(appeal_type: str, application: Application | None = None, person=None, **details) -> Appeal:
    person = person or application.person
    appeal = ops.file_appeal(head_of(person.tenant_id), person, NewAppeal(
        appeal_type, "Өтінемін, қарап шығыңыз.", application.id if application else None, details))
    db.session.commit()
    return appeal


def uphold(appeal: Appeal, by: str = "district") -> Appeal:
    ops.answer(staff(by), appeal, True, "Қанағаттандырылды.")
    db.session.commit()
    return appeal


def test_withdrawal_of_an_application_withdraws_it_until_the_decision(app, ctx):
    application = application_in(app_states.ACCEPTED)
    appeal = file("withdraw_application", application)
    assert appeal.state == "filed" and appeal.body.level == "district"
    assert appeal.due_on == appeal.filed_on.date() + dt.timedelta(days=15)
    ops.review(staff("district"), appeal)
    uphold(appeal)
    db.session.refresh(application)
    assert application.state == app_states.WITHDRAWN and appeal.state == "answered"
    assert appeal.effect["kind"] == "application_withdrawn"
    amendment = db.session.execute(select(Amendment).where(Amendment.appeal_id == appeal.id)).scalar_one()
    assert amendment.before == {"state": "accepted"} and amendment.after == {"state": "withdrawn"}
    decided = application_in(app_states.DECIDED)
    with pytest.raises(RuleViolation):
        file("withdraw_application", decided)


def test_withdrawal_of_a_decision_revokes_the_certificate_rolls_back_and_returns_to_review(app, ctx, browser):
    from models.documents import Certificate

    certificate = db.session.execute(select(Certificate).where(Certificate.revoked_on.is_(None))
                                     .order_by(Certificate.id)).scalars().first()
    assert certificate is not None, "the demo has certified applications"
    application = db.session.get(Application, certificate.application_id)
    person = application.person
    held_before = application.current_category
    appeal = file("withdraw_decision", application)
    uphold(appeal)
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.state == app_states.UNDER_REVIEW and application.outcome is None
    assert application.protocol_id is None and all(r.corresponds is None for r in application.reviews)
    assert db.session.get(Certificate, certificate.id).revoked_on is not None
    category = db.session.get(type(person), person.id).category
    assert (category.code if category else "teacher") == held_before
    assert appeal.effect["revoked"] == [certificate.number] and appeal.effect["amending_order"]
    pdf = browser("district").get(f"/appeals/amending-order/{appeal.id}")
    assert pdf.status_code == 200 and pdf.data[:4] == b"%PDF"
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert appeal.effect["amending_order"] in text and certificate.number in text
    assert browser("district2").get(f"/appeals/amending-order/{appeal.id}").status_code == 404
    page = browser(None).get(f"/verify/{certificate.number}").get_data(as_text=True)
    assert 'class="status revoked"' in page  # the public check says the certificate is revoked


def test_the_filing_window_after_a_decision(app, ctx, monkeypatch):
    application = application_in(app_states.DECIDED)
    application.decided_on = dt.datetime.now() - dt.timedelta(days=31)
    db.session.commit()
    with pytest.raises(RuleViolation, match=r"\d\d\.\d\d\.\d{4}"):
        file("withdraw_decision", application)
    application.decided_on = dt.datetime.now() - dt.timedelta(days=29)
    db.session.commit()
    assert file("withdraw_decision", application).state == "filed"
    with pytest.raises(RuleViolation):  # the same appeal twice
        file("withdraw_decision", application)


def test_deadlines_are_versioned_rules(app, ctx):
    from models.appeal import AppealRule

    db.session.add(AppealRule(appeal_type="other", effective_from=dt.date(2025, 1, 1), answer_days=5, filing_days=10,
                              reopen_days=3, basis="test order"))
    db.session.commit()
    application = application_in(app_states.ACCEPTED)
    appeal = file("other", application)
    assert appeal.due_on == appeal.filed_on.date() + dt.timedelta(days=5)
    appeal.due_on = dt.date.today() - dt.timedelta(days=1)
    assert ops.overdue(appeal)


def test_upload_access_reopens_the_named_sections_for_the_days_of_the_rule(app, ctx):
    from models.directories import AcademicYear
    from models.portfolio import Speech

    application = application_in(app_states.ACCEPTED)
    person = application.person
    closed_year = db.session.execute(select(AcademicYear).order_by(AcademicYear.starts_on)).scalars().first()
    closed_year.is_closed = True  # an old year, closed: its records are frozen
    db.session.commit()

    def speech():
        return Speech(person_id=person.id, tenant_id=person.tenant_id, academic_year_id=closed_year.id,
                      title="Баяндама", event_name="Семинар", event_level_id=1, held_on=closed_year.starts_on + dt.timedelta(days=30))

    db.session.add(speech())
    with pytest.raises(RuleViolation):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(RuleViolation):
        file("upload_access", person=person, sections=["nonsense"])
    appeal = uphold(file("upload_access", person=person, sections=["speech"]))
    access = db.session.execute(select(ProfileAccess).where(ProfileAccess.appeal_id == appeal.id)).scalar_one()
    assert access.sections == ["speech"] and access.until == dt.date.today() + dt.timedelta(days=10)
    db.session.add(speech())
    db.session.commit()  # reopened
    other = db.session.execute(select(Application).where(Application.person_id != person.id)).scalars().first().person
    db.session.add(Speech(person_id=other.id, tenant_id=other.tenant_id, academic_year_id=closed_year.id,
                          title="Баяндама", event_name="Семинар", event_level_id=1, held_on=closed_year.starts_on))
    with pytest.raises(RuleViolation):
        db.session.flush()
    db.session.rollback()


def test_change_of_composition_applies_the_secretarys_change_with_the_appeal_as_reason(app, ctx):
    from models.commission import CommissionMember

    application = application_in(app_states.UNDER_REVIEW)
    member = db.session.execute(select(CommissionMember).where(
        CommissionMember.commission_id == application.commission_id, CommissionMember.role == "member",
        CommissionMember.removed_on.is_(None))).scalars().first()
    appeal = uphold(file("commission_composition", application, action="remove", member_id=member.id))
    db.session.refresh(member)
    assert member.removed_on is not None and f"№{appeal.id}" in member.change_reason
    assert appeal.effect["kind"] == "member_removed"


def test_correction_of_the_list_moves_the_application_to_the_right_commission(app, ctx):
    from models.commission import Commission

    application = application_in(app_states.UNDER_REVIEW)
    region = db.session.execute(select(Commission).where(Commission.period_id == application.period_id,
                                                         Commission.id != application.commission_id)
                                .order_by(Commission.id)).scalars().all()
    target = next(c for c in region if c.tenant.level in ("region", "republic"))
    appeal = uphold(file("attestee_list", application, commission_id=target.id))
    db.session.refresh(application)
    assert application.commission_id == target.id and application.state == app_states.ACCEPTED
    assert not application.reviews
    assert appeal.effect == {"kind": "application_moved", "application": application.id, "commission": target.id}


def test_ozp_results_are_fetched_again_or_disputed_when_the_testing_centre_is_down(app, ctx):
    from models.integration import RegistryDispute
    from tests.integration.test_registry_sync import FAST, simulator

    app.config.update(FAST)
    application = application_in(app_states.ACCEPTED)
    person = application.person
    with simulator(teachers=40) as url:
        import requests

        wanted = requests.get(f"{url}/_truth/gbdfl", timeout=10).json()["persons"][0]
        person.iin = wanted["iin"]
        db.session.commit()
        app.config["REGISTRY_UTO_URL"] = url
        appeal = file("ozp_results", person=person)
        assert appeal.body.parent_id is None  # the national operator answers
        uphold(appeal, by="national")
        assert appeal.effect["kind"] == "ozp_refetched"
    app.config["REGISTRY_UTO_URL"] = "http://127.0.0.1:9"
    second = file("ozp_results", person=person)
    uphold(second, by="national")
    assert second.effect["kind"] == "ozp_disputed"
    assert db.session.get(RegistryDispute, second.effect["dispute"]).source == "uto"
    app.config["REGISTRY_UTO_URL"] = ""


def test_other_is_answered_only_and_the_teacher_is_told_at_each_step(app, ctx):
    application = application_in(app_states.ACCEPTED)
    appeal = file("other", application)
    ops.review(staff("district"), appeal)
    ops.answer(staff("district"), appeal, False, "Негізсіз.")
    ops.close(staff("district"), appeal)
    db.session.commit()
    assert (appeal.state, appeal.resolution, appeal.effect) == ("closed", "rejected", None)
    kinds = db.session.execute(select(Notification.kind).where(Notification.params["appeal"].as_integer() == appeal.id)
                               ).scalars().all() if db.engine.dialect.name == "postgresql" else [
        n.kind for n in db.session.execute(select(Notification)).scalars() if (n.params or {}).get("appeal") == appeal.id]
    # the teacher has no account in the demo: the filer (the head) has none either; the count is what the users get
    assert set(kinds) <= {"appeal_filed", "appeal_in_review", "appeal_answered", "appeal_closed"}


def test_another_districts_staff_neither_see_nor_answer(app, ctx, browser):
    application = application_in(app_states.ACCEPTED)
    appeal = file("other", application)
    with pytest.raises(RuleViolation):
        ops.answer(staff("district2"), appeal, True, "Мен жауап беремін.")
    db.session.rollback()
    with pytest.raises(RuleViolation):  # another school's head
        ops.answer(staff("director"), db.session.get(Appeal, appeal.id), True, "Мектеп жауап береді.")
    db.session.rollback()
    assert db.session.get(Appeal, appeal.id).state == "filed"
    assert browser("district2").get(f"/appeals/show/{appeal.id}").status_code == 404
    listing = browser("district2").get("/appeals/list/").get_data(as_text=True)
    assert f"/appeals/show/{appeal.id}\"" not in listing
    assert db.session.execute(select(func.count()).select_from(Appeal)).scalar_one() == 1


def test_a_teacher_files_from_the_portal_the_district_upholds_on_its_page(app, ctx, browser):
    from flask_appbuilder.security.sqla.models import Role  # noqa: F401 - the roles are in the demo

    teacher = browser("teacher")
    assert teacher.post("/portal/appeals", {"appeal_type": "bogus", "text": "x"}).status_code == 400
    filed = teacher.post("/portal/appeals", {"appeal_type": "upload_access", "text": "Курс сертификатын жүктей алмадым.",
                                             "sections": ["course", "nonsense"]})
    assert filed.status_code == 302
    appeal = db.session.execute(select(Appeal)).scalars().one()
    assert appeal.person_id == user("teacher").person_id and appeal.details == {"sections": ["course"]}
    assert appeal.body_id == user("district").tenant_id and not appeal.on_behalf
    page = teacher.get("/portal/appeals").get_data(as_text=True)
    assert "Материалдарды жүктеуге рұқсат" in page and ">upload_access<" not in page
    note = db.session.execute(select(Notification).where(Notification.user_id == user("teacher").id,
                                                         Notification.kind == "appeal_filed")).scalar_one()
    assert note.link == "/portal/appeals"
    # the district's staff: the list, the page, the answer
    district = browser("district")
    assert f"/appeals/show/{appeal.id}" in district.get("/appeals/list/").get_data(as_text=True)
    shown = district.get(f"/appeals/show/{appeal.id}").get_data(as_text=True)
    assert "Қанағаттандыру" in shown  # the uphold button, in Kazakh
    assert district.post(f"/appeals/act/{appeal.id}", {"action": "bogus"}).status_code in (400, 422)
    assert district.post("/appeals/act/999999", {"action": "review"}).status_code == 404
    assert browser("district2").get(f"/appeals/show/{appeal.id}").status_code == 404
    assert browser("district2").post(f"/appeals/act/{appeal.id}", {"action": "uphold", "answer": "x"}).status_code == 404
    assert district.post(f"/appeals/act/{appeal.id}", {"action": "uphold", "answer": ""}).status_code in (302, 400, 422)
    db.session.expire_all()
    assert db.session.get(Appeal, appeal.id).state == "filed"
    district.post(f"/appeals/act/{appeal.id}", {"action": "uphold", "answer": "Бөлім 10 күнге ашылды."})
    db.session.expire_all()
    done = db.session.get(Appeal, appeal.id)
    assert (done.state, done.resolution, done.effect["kind"]) == ("answered", "upheld", "sections_reopened")
    page = teacher.get("/portal/appeals").get_data(as_text=True)
    assert "Бөлім 10 күнге ашылды." in page and "Профиль бөлімдері қайта ашылды" in page
    # the REST resource: scoped like the pages
    assert browser("district").get("/api/v1/appeal/").get_json()["count"] == 1
    assert browser("district2").get("/api/v1/appeal/").get_json()["count"] == 0
    row = browser("district").get(f"/api/v1/appeal/{appeal.id}").get_json()["result"]
    assert row["appeal_type"] == "upload_access" and row["type_label"]


def test_an_appeal_carries_its_files_to_those_who_read_it(app, ctx, browser):
    import io

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    teacher = browser("teacher")
    refused = teacher.post("/portal/appeals", {"appeal_type": "other", "text": "Файлмен.",
                                                "files": [(io.BytesIO(b"MZ\x90\x00"), "virus.pdf")]},
                           content_type="multipart/form-data")
    assert refused.status_code == 302 and db.session.execute(select(func.count()).select_from(Appeal)).scalar_one() == 0
    filed = teacher.post("/portal/appeals", {"appeal_type": "other", "text": "Файлмен.",
                                              "files": [(io.BytesIO(pdf), "анықтама.pdf")]},
                         content_type="multipart/form-data")
    assert filed.status_code == 302
    appeal = db.session.execute(select(Appeal)).scalars().one()
    files = ops.files_of([appeal.id])[appeal.id]
    assert [f.original_name for f in files] == ["анықтама.pdf"]
    shown = browser("district").get(f"/appeals/show/{appeal.id}").get_data(as_text=True)
    assert "анықтама.pdf" in shown
    assert browser("district").get(f"/profile/file/{files[0].id}").data == pdf
    assert browser("district2").get(f"/profile/file/{files[0].id}").status_code == 404
    assert "анықтама.pdf" in teacher.get("/portal/appeals").get_data(as_text=True)


def test_the_head_files_for_a_teacher_from_the_staff_pages(app, ctx, browser):
    from tests.helpers import organizations_under  # noqa: F401 - the director's school has no application

    director = browser("director")
    person = db.session.execute(select(Application).where(Application.tenant_id == user("director").tenant_id)
                                ).scalars().first()
    from models.person import Person

    teacher = db.session.execute(select(Person).where(Person.tenant_id == user("director").tenant_id)
                                 .order_by(Person.id)).scalars().first()
    assert person is None and teacher is not None
    form = director.get(f"/appeals/file/{teacher.id}")
    assert form.status_code == 200 and "Өтініш беру" in form.get_data(as_text=True)
    done = director.post(f"/appeals/file/{teacher.id}", {"appeal_type": "other", "text": "Мұғалім атынан."})
    assert done.status_code == 302 and "/appeals/show/" in done.headers["Location"]
    appeal = db.session.execute(select(Appeal)).scalars().one()
    assert appeal.on_behalf and appeal.filed_by_id == user("director").id
    other = db.session.execute(select(Person).where(Person.tenant_id != user("director").tenant_id)).scalars().first()
    assert director.get(f"/appeals/file/{other.id}").status_code == 404
    assert browser("district").post(f"/appeals/file/{teacher.id}", {"appeal_type": "other", "text": "x"}).status_code == 302
    assert db.session.execute(select(func.count()).select_from(Appeal)).scalar_one() == 1  # staff above do not file
