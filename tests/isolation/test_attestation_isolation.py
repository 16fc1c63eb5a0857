"""Tenant isolation of the attestation: commissions visible for applying (own organization and its
ancestors only), applications and votes of other districts unreachable, a commission member reading
only their commissions' applications, hostile ids and steps answered with 4xx and nothing written."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models.attestation import Application, ApplicationEvent, Review
from models.commission import Commission
from models.directories import AttestationPeriod
from tenants.models import Tenant
from tenants.scope import commissions_for_applying


def _user(name: str):
    from tests.helpers import user

    return user(name)


def _other_district_commission(browser) -> int:
    """district2 forms a commission at its own node (district_a2)."""
    staff = browser("district2")
    period = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "open")).scalar_one()
    response = staff.post("/commissions/form", {"name": "Басқа аудан комиссиясы", "period_id": period.id, "language": "ru"})
    assert response.status_code == 302
    return int(re.search(r"/commissions/show/(\d+)", response.headers["Location"]).group(1))


def test_commissions_for_applying_are_the_organization_and_its_ancestors(app, browser, ctx):
    other = _other_district_commission(browser)
    school = _user("director").tenant
    period = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "open")).scalar_one()
    found = db.session.execute(commissions_for_applying(school, period.id)).scalars().all()
    levels = sorted(c.level for c in found)
    assert levels == ["district", "organization", "region", "republic"]
    assert other not in {c.id for c in found}
    ancestors = {int(p) for p in school.path.strip("/").split("/")}
    assert all(c.tenant_id in ancestors for c in found)


def test_a_director_cannot_see_or_join_another_districts_commission(app, browser, ctx):
    other = _other_district_commission(browser)
    director = browser("director")
    assert director.get(f"/commissions/show/{other}").status_code == 404
    assert director.api("GET", f"/api/v1/commission/{other}").status_code == 404
    before = db.session.execute(select(func.count()).select_from(Commission)).scalar_one()
    refused = director.post(f"/commissions/{other}/members", {"iin": "900101300012", "role": "member"})
    assert refused.status_code == 404
    form = director.get("/applications/apply").get_data(as_text=True)
    assert "Басқа аудан комиссиясы" not in form
    # applying to it directly is refused: nothing is written
    teacher = browser("teacher")
    count = db.session.execute(select(func.count(Application.id))).scalar_one()
    teacher.post("/applications/apply", {"requested_category": "expert", "mode": "assign", "commission_id": other,
                                         "test_language": "kk", "essay": "сөз " * 260})
    assert db.session.execute(select(func.count(Application.id))).scalar_one() == count
    assert db.session.execute(select(func.count()).select_from(Commission)).scalar_one() == before


def test_applications_of_one_district_are_invisible_to_another(app, browser, ctx):
    ours = db.session.execute(select(Application)).scalars().first()
    other = browser("district2")
    assert other.get(f"/applications/show/{ours.id}").status_code == 404
    assert other.api("GET", f"/api/v1/application/{ours.id}").status_code == 404
    listing = other.api("GET", "/api/v1/application/").get_json()
    assert listing["count"] == 0
    reviews = other.api("GET", "/api/v1/review/").get_json()
    assert reviews["count"] == 0
    own = browser("district").api("GET", "/api/v1/application/").get_json()
    assert own["count"] >= 12


def test_a_teacher_sees_only_their_own_applications(app, browser, ctx):
    teacher = browser("teacher")
    listing = teacher.api("GET", "/api/v1/application/").get_json()
    person_id = _user("teacher").person_id
    assert all(row["person"]["id"] == person_id for row in listing["result"])
    someone = db.session.execute(select(Application).where(Application.person_id != person_id)).scalars().first()
    # the staff page sends the teacher to the portal's page, which knows no one else's application
    assert teacher.get(f"/applications/show/{someone.id}", follow_redirects=True).status_code == 404
    assert teacher.get(f"/portal/applications/{someone.id}").status_code == 404


def test_membership_opens_its_commission_only(app, browser, ctx):
    member = browser("commission")
    listing = member.api("GET", "/api/v1/application/").get_json()
    commission_ids = {row["commission"]["id"] for row in listing["result"]}
    assert len(commission_ids) == 1 and listing["count"] >= 12
    reviews = member.api("GET", "/api/v1/review/").get_json()
    assert reviews["count"] > 0
    # no subtree: the district's teachers, organizations and observation lists are closed
    assert member.api("GET", "/api/v1/person/").status_code in (200, 403)
    if member.api("GET", "/api/v1/person/").status_code == 200:
        assert member.api("GET", "/api/v1/person/").get_json()["count"] == 0


@pytest.mark.parametrize("url", [
    "/applications/show/0", "/applications/show/99999999", "/applications/show/abc",
    "/applications/show/99999999999999999999", "/commissions/show/99999999",
])
def test_hostile_ids_are_not_found(app, browser, ctx, url):
    assert browser("district").get(url).status_code == 404


def test_hostile_steps_are_refused_and_write_nothing(app, browser, ctx):
    secretary = browser("secretary")
    application = db.session.execute(select(Application).where(Application.state == "submitted")).scalars().first()
    events = db.session.execute(select(func.count(ApplicationEvent.id))).scalar_one()
    assert secretary.post(f"/applications/act/{application.id}", {"action": "drop_table"}).status_code == 400
    assert secretary.post(f"/applications/act/{application.id}", {"action": "decide"}).status_code == 400
    assert secretary.post(f"/applications/act/{application.id}", {"action": "accept", "reason": "x" * 5000}).status_code == 422
    assert secretary.post(f"/applications/vote/{application.id}", {"corresponds": "maybe"}).status_code == 302
    assert secretary.post("/applications/act/99999999", {"action": "accept"}).status_code == 404
    # the teacher cannot accept their own application; the secretary cannot submit for a teacher
    teacher = browser("teacher")
    teacher.post(f"/applications/act/{application.id}", {"action": "accept"})
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "submitted"
    assert db.session.execute(select(func.count(ApplicationEvent.id))).scalar_one() == events
    votes = db.session.execute(select(func.count(Review.id)).where(Review.corresponds.is_not(None))).scalar_one()
    browser("auditor").post(f"/applications/vote/{application.id}", {"corresponds": "yes"})
    assert db.session.execute(select(func.count(Review.id)).where(Review.corresponds.is_not(None))).scalar_one() == votes


def test_period_tenants_are_the_whole_tree(app, ctx):
    # a sanity check of the demo: commissions at all four levels in the open period
    levels = set(db.session.execute(select(Commission.level)).scalars())
    assert levels == {"organization", "district", "region", "republic"}
    assert db.session.execute(select(func.count(Tenant.id))).scalar_one() > 0


def test_a_teacher_sees_a_commission_but_not_its_composition(app, browser, ctx):
    school = _user("teacher").tenant
    commission = db.session.execute(select(Commission).where(Commission.tenant_id == school.id)).scalars().first()
    teacher = browser("teacher")
    page = teacher.get("/portal/apply").get_data(as_text=True)  # commissions are chosen in the wizard
    assert commission.name in page
    assert not any(str(m.person) in page for m in commission.members)
    listing = teacher.api("GET", "/api/v1/commission-member/").get_json()
    assert listing["count"] == 0
