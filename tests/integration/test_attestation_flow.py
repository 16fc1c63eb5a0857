"""The attestation end to end over HTTP: a director forms a commission, a teacher applies, the
members vote, the chair decides; the formula's decision is stored with its reasons; those concerned
are notified; a closed period refuses every write."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.demo_attestation import demo_essay
from app.extensions import db
from app.identifiers import make_iin
from app.security.models import User
from models.attestation import Application, ApplicationEvent, Review
from models.commission import Commission, CommissionMember
from models.directories import AttestationPeriod
from models.notification import Notification
from models.person import Person
from tenants.models import Tenant


def _flashes(response) -> str:
    return response.get_data(as_text=True)


def _district_commission() -> Commission:
    district = db.session.execute(select(User).where(User.username == "district")).scalar_one().tenant
    return db.session.execute(select(Commission).where(Commission.tenant_id == district.id)).scalar_one()


def _user_for(person: Person, username: str) -> User:
    """An account for a commission member who has none in the demo (the same role as `commission`)."""
    template = db.session.execute(select(User).where(User.username == "commission")).scalar_one()
    user = User(username=username, first_name=person.first_name, last_name=person.last_name,
                email=f"{username}@demo.ustaz.kz", password=template.password, active=True,
                tenant_id=template.tenant_id, person_id=person.id, roles=list(template.roles))
    db.session.add(user)
    return user


def test_director_forms_a_commission_with_members_added_by_iin(app, browser, ctx):
    director = browser("director")
    page = director.get("/commissions/form")
    assert page.status_code == 200
    period = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "open")).scalar_one()
    response = director.post("/commissions/form", {"name": "Мектеп комиссиясы 2", "period_id": period.id,
                                                   "language": "kk"})
    assert response.status_code == 302, _flashes(response)
    commission_id = int(re.search(r"/commissions/show/(\d+)", response.headers["Location"]).group(1))
    school = db.session.get(Commission, commission_id).tenant
    assert school.level == "organization"
    staff = db.session.execute(select(Person).where(Person.tenant_id == school.id).order_by(Person.id)).scalars().all()
    for person, role in zip(staff[1:6], ["chair", "secretary", "member", "member", "member"], strict=True):
        assert director.post(f"/commissions/{commission_id}/members", {"iin": person.iin, "role": role}).status_code == 302
    # not in the registry: added by ИИН with the name entered
    import datetime as dt

    outsider = make_iin(dt.date(1980, 5, 17), "F", 987)
    director.post(f"/commissions/{commission_id}/members", {"iin": outsider, "role": "member",
                                                            "last_name": "Сәрсенова", "first_name": "Гүлжан"})
    db.session.expire_all()
    members = db.session.execute(select(CommissionMember).where(CommissionMember.commission_id == commission_id)).scalars().all()
    assert len(members) == 6
    assert any(m.person.last_name == "Сәрсенова" for m in members)
    page = director.get(f"/commissions/show/{commission_id}").get_data(as_text=True)
    assert "Сәрсенова" in page and "has no chair" not in page
    # a second chair is refused with a sentence, nothing is written
    again = director.post(f"/commissions/{commission_id}/members", {"iin": staff[6].iin, "role": "chair"}, follow_redirects=True)
    assert "already has a chair" in again.get_data(as_text=True) or again.status_code == 200
    assert db.session.execute(select(func.count(CommissionMember.id)).where(
        CommissionMember.commission_id == commission_id)).scalar_one() == 6
    # another district's director cannot open it
    other = browser("district2")
    assert other.get(f"/commissions/show/{commission_id}").status_code == 404


def test_teacher_applies_members_vote_chair_decides(app, browser, ctx):
    commission = _district_commission()
    teacher = browser("teacher")
    form = teacher.get("/portal/apply")  # the teacher's wizard (issue 12); the staff form posts the same operation
    assert form.status_code == 200 and commission.name in form.get_data(as_text=True)
    response = teacher.post("/applications/apply", {"requested_category": "expert", "mode": "assign",
                                                     "commission_id": commission.id, "test_language": "kk",
                                                     "essay": demo_essay(270)})
    assert response.status_code == 302, _flashes(response)
    application_id = int(re.search(r"/applications/show/(\d+)", response.headers["Location"]).group(1))
    submitted = teacher.post(f"/applications/act/{application_id}", {"action": "submit"}, follow_redirects=True)
    db.session.expire_all()
    application = db.session.get(Application, application_id)
    assert application.state == "submitted", submitted.get_data(as_text=True)[-3000:]
    assert application.snapshot and application.score and application.review_due_on
    secretary, chair = browser("secretary"), browser("chair")
    secretary.post(f"/applications/act/{application_id}", {"action": "accept"})
    secretary.post(f"/applications/act/{application_id}", {"action": "start_review"})
    db.session.expire_all()
    assert db.session.get(Application, application_id).state == "under_review"
    # the members without demo accounts get one, then everyone votes
    others = [m for m in commission.members if m.role == "member" and m.person_id not in
              {u.person_id for u in db.session.execute(select(User)).scalars()}]
    for index, member in enumerate(others):
        _user_for(member.person, f"member{index}")
    db.session.commit()
    voters = [chair, browser("commission")] + [browser(f"member{i}") for i in range(len(others))]
    for index, voter in enumerate(voters):
        assert voter.post(f"/applications/vote/{application_id}",
                          {"corresponds": "yes" if index < 3 else "no", "comment": "ok"}).status_code == 302
    db.session.expire_all()
    votes = db.session.execute(select(Review).where(Review.application_id == application_id)).scalars().all()
    assert sum(1 for v in votes if v.corresponds is not None) == 5
    secretary.post(f"/applications/act/{application_id}", {"action": "complete_review"})
    # a chair going against the majority without a reason is refused
    chair.post(f"/applications/decide/{application_id}", {"corresponds": "no"})
    db.session.expire_all()
    assert db.session.get(Application, application_id).state == "reviewed"
    chair.post(f"/applications/decide/{application_id}", {"corresponds": "yes", "comment": ""})
    db.session.expire_all()
    application = db.session.get(Application, application_id)
    assert application.state == "decided"
    assert application.outcome in ("assigned", "not_assigned")
    assert application.outcome == application.score["outcome"]  # the commission never raises the criteria
    codes = [r["code"] for r in application.decision["reasons"]]
    assert codes[:1] == ["engine"] and "votes" in codes and "chair" in codes
    assert application.decision["tally"]["corresponds"] == 3
    events = db.session.execute(select(ApplicationEvent.action).where(ApplicationEvent.application_id == application_id)
                                .order_by(ApplicationEvent.id)).scalars().all()
    assert events == ["create", "submit", "accept", "start_review", "complete_review", "decide"]
    teacher_user = db.session.execute(select(User).where(User.username == "teacher")).scalar_one()
    kinds = set(db.session.execute(select(Notification.kind).where(Notification.user_id == teacher_user.id)).scalars())
    assert {"application_accepted", "application_decided"} <= kinds
    page = teacher.get(f"/applications/show/{application_id}", follow_redirects=True).get_data(as_text=True)
    assert f"/portal/applications/{application_id}" in teacher.get(f"/applications/show/{application_id}").location
    assert "not_assigned" not in page and "under_review" not in page


def test_a_member_never_votes_on_their_own_application(app, browser, ctx):
    commission = _district_commission()
    application = db.session.execute(select(Application).where(
        Application.commission_id == commission.id, Application.state == "under_review")).scalars().first()
    chair_member = next(m for m in commission.members if m.role == "chair")
    application.person_id = chair_member.person_id  # as if the chair had applied
    db.session.commit()
    before = db.session.execute(select(Review.corresponds).where(Review.application_id == application.id,
                                                                 Review.member_id == chair_member.id)).scalar_one_or_none()
    chair = browser("chair")
    chair.post(f"/applications/vote/{application.id}", {"corresponds": "no"})
    db.session.expire_all()
    after = db.session.execute(select(Review.corresponds).where(Review.application_id == application.id,
                                                                Review.member_id == chair_member.id)).scalar_one_or_none()
    assert after == before
    page = chair.get(f"/applications/show/{application.id}").get_data(as_text=True)
    assert "Record my vote" not in page


def test_a_closed_period_refuses_writes(app, browser, ctx):
    commission = _district_commission()
    application = db.session.execute(select(Application).where(
        Application.commission_id == commission.id, Application.state == "submitted")).scalars().first()
    period = commission.period
    period.state = "closed"
    db.session.commit()
    secretary = browser("secretary")
    secretary.post(f"/applications/act/{application.id}", {"action": "accept"})
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "submitted"
    director = browser("national")
    director.post(f"/commissions/{commission.id}/members", {"iin": "900101300012", "role": "member"})
    assert db.session.execute(select(func.count(CommissionMember.id)).where(
        CommissionMember.commission_id == commission.id)).scalar_one() == len(commission.members)


def test_commission_member_reads_only_its_commissions_applications(app, browser, ctx):
    member = browser("commission")
    commission = _district_commission()
    ours = db.session.execute(select(Application.id).where(Application.commission_id == commission.id)).scalars().first()
    assert member.get(f"/applications/show/{ours}").status_code == 200
    # the district's teachers are no longer open to the member login
    person = db.session.execute(select(Person).where(Person.tenant_id.in_(
        select(Tenant.id).where(Tenant.path.like(f"{commission.tenant.path}%"))))).scalars().first()
    assert member.get(f"/persons/show/{person.id}").status_code in (403, 404)
    listing = member.api("GET", "/api/v1/application/")
    assert listing.status_code == 200
    assert {row["commission"]["id"] for row in listing.get_json()["result"]} <= {commission.id}


def test_external_observers_are_methodists_and_members_of_a_matching_commission(app, ctx):
    from app.portfolio.profile import observer_facts
    from app.scoring.snapshot import build_case
    from tenants.scope import Scope, use_scope

    users = {u.username: u for u in db.session.execute(select(User)).scalars()}
    facts = observer_facts({users[n].id for n in ("observer", "commission", "director")})
    assert facts[users["observer"].id].is_methodist
    assert facts[users["commission"].id].commission_levels == frozenset({"district"})
    assert not facts[users["director"].id].is_methodist and not facts[users["director"].id].commission_levels
    # the demo teacher's lessons: the methodist's sheet is external for any category
    from app.portfolio.profile import load_profile

    with use_scope(Scope.everything()):
        profile = load_profile(users["teacher"].person_id)
    import datetime as dt

    case = build_case(profile, dt.date.today(), "expert", "assign")
    by_observer = {o["observer"]: o["external"] for o in case["profile"]["observations"]}
    assert by_observer[users["observer"].id] is True and by_observer[users["director"].id] is False


def test_adding_a_member_from_outside_the_scope_needs_their_name(app, browser, ctx):
    """An IIN never reveals a name: outside the adder's scope the name must be known and match."""
    from tenants.models import Tenant as _Tenant

    director = browser("director")
    director.get("/lang/en")
    commission = db.session.execute(select(Commission).where(Commission.level == "organization")).scalars().first()
    region_c = db.session.execute(select(_Tenant).where(_Tenant.code == "610000000")).scalar_one()
    stranger = db.session.execute(select(Person).where(Person.region_id == region_c.id)).scalars().first()
    count = len(commission.members)
    page = director.post(f"/commissions/{commission.id}/members", {"iin": stranger.iin, "role": "member"},
                         follow_redirects=True).get_data(as_text=True)
    assert "as in their identity document" in page and stranger.last_name not in page
    page = director.post(f"/commissions/{commission.id}/members", {"iin": stranger.iin, "role": "member",
                                                                   "last_name": "Басқа", "first_name": "Адам"},
                         follow_redirects=True).get_data(as_text=True)
    assert "does not match" in page and stranger.first_name not in page
    director.post(f"/commissions/{commission.id}/members", {"iin": stranger.iin, "role": "member",
                                                            "last_name": stranger.last_name.upper(),
                                                            "first_name": stranger.first_name})
    db.session.expire_all()
    assert len(db.session.get(Commission, commission.id).members) == count + 1


def test_the_steps_over_the_rest_api(app, browser, ctx):
    commission = _district_commission()
    application = db.session.execute(select(Application).where(
        Application.commission_id == commission.id, Application.state == "submitted")).scalars().first()
    secretary = browser("secretary")
    secretary.get("/lang/en")
    refused = secretary.api("POST", f"/api/v1/application/{application.id}/step", {"action": "decide"})
    assert refused.status_code == 400
    wrong = browser("teacher").api("POST", f"/api/v1/application/{application.id}/step", {"action": "accept"})
    assert wrong.status_code == 404  # not the teacher's application: not even visible
    done = secretary.api("POST", f"/api/v1/application/{application.id}/step", {"action": "accept"})
    assert done.status_code == 200 and done.get_json()["state"] == "accepted"
    again = secretary.api("POST", f"/api/v1/application/{application.id}/step", {"action": "accept"})
    assert again.status_code == 422 and "Accepted" in again.get_json()["message"]
    bad = secretary.api("POST", f"/api/v1/application/{application.id}/vote", {"corresponds": "yes"})
    assert bad.status_code == 422
    assert secretary.api("POST", f"/api/v1/application/{application.id}/step", [1, 2]).status_code == 400
    assert secretary.api("POST", f"/api/v1/application/{application.id}/step", {"action": ["accept"]}).status_code == 400


def test_the_decision_is_emailed_to_the_teacher_in_their_language(app, browser, ctx):
    """Notifications reach the right people by e-mail too, after the commit (a real SMTP server)."""
    from aiosmtpd.controller import Controller

    from app.i18n import force_locale
    from app.notifications.messages import render
    from tests.integration.test_notifications import Collector, free_port, mail_config

    commission = _district_commission()
    application = db.session.execute(select(Application).where(
        Application.commission_id == commission.id, Application.state == "reviewed")).scalars().first()
    teacher_user = db.session.execute(select(User).where(User.person_id == application.person_id)).scalar_one_or_none()
    if teacher_user is None:
        teacher_user = _user_for(application.person, "applicant1")
    teacher_user.email, teacher_user.locale = "applicant@example.kz", "ru"
    director = db.session.execute(select(User).where(User.username == "director")).scalar_one()
    db.session.commit()
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with mail_config(app, controller.port):
            chair = browser("chair")
            votes = application.decision
            response = chair.post(f"/applications/decide/{application.id}", {"corresponds": "yes", "comment": "ок"})
            assert response.status_code == 302 and votes is None
    finally:
        controller.stop()
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.state == "decided"
    sent_to = {address for batch in handler.recipients for address in batch}
    assert "applicant@example.kz" in sent_to
    assert director.email not in sent_to or director.tenant_id == application.tenant_id
    with force_locale("ru"):
        subject, _body = render("application_decided", {"application_id": application.id,
                                                        "outcome": application.outcome,
                                                        "awarded_category": application.awarded_category})
    mine = [m for m, rcpt in zip(handler.messages, handler.recipients, strict=True) if "applicant@example.kz" in rcpt]
    assert mine and str(mine[0]["Subject"]).strip() == subject


def test_the_demo_teacher_may_apply_in_the_open_period(app, ctx):
    from app.attestation import operations as ops

    teacher = db.session.execute(select(User).where(User.username == "teacher")).scalar_one()
    period = ops.open_period()
    assert period is not None and period.applications_open_on <= ops.today() <= period.applications_close_on
    assert not db.session.execute(select(Application).where(Application.person_id == teacher.person_id,
                                                            Application.period_id == period.id)).first()
    draft = Application(person=teacher.person, tenant_id=teacher.person.tenant_id, period=period,
                        requested_category="expert", mode="assign", current_category="moderator",
                        position_kind="teacher", state="draft")
    assert ops.check_eligibility(draft, ops.today()).reasons == []
    db.session.rollback()
