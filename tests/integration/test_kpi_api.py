"""GET /api/v1/dashboard/kpi: the KPI panel as JSON equals what the same user's REST lists count.

For every demo login the counts are compared with the scoped REST lists the user gets (a list the
role may not read answers 401/403, and its count in the KPI is 0); the figures follow writes, are
refused to anonymous callers and read through a JWT as through a browser session.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.demo import DEMO_LOGINS
from app.extensions import db

KPI = "/api/v1/dashboard/kpi"
NOT_ATTESTEES = {"draft", "withdrawn"}


def _count(b, url: str) -> int | None:
    """The list's total (FAB's ``count``), or None when the role may not read the list."""
    response = b.get(url)
    if response.status_code in (401, 403):
        return None
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
    return response.get_json()["count"]


def _rows(b, url: str) -> list[dict] | None:
    """Every row of a REST list (pages of 100), or None when the role may not read it."""
    rows: list[dict] = []
    page = 0
    while True:
        response = b.get(f"{url}?q=(page:{page},page_size:100)")
        if response.status_code in (401, 403):
            return None
        assert response.status_code == 200, (url, response.status_code)
        body = response.get_json()
        rows.extend(body["result"])
        if len(rows) >= body["count"] or not body["result"]:
            return rows
        page += 1


def _open_period_id() -> int:
    from app.attestation import operations as ops

    period = ops.open_period()
    assert period is not None, "the demo has an open period"
    return period.id


def _expected(b, username: str, period_id: int) -> dict:
    """The KPI as the user's REST lists count it."""
    expected = {
        "teachers": _count(b, "/api/v1/person/?q=(page_size:1)") or 0,
        "organizations": _count(
            b, "/api/v1/tenant/?q=(filters:!((col:level,opr:eq,value:organization)),page_size:1)") or 0,
        "commissions": _count(b, "/api/v1/commission/?q=(page_size:1)") or 0,
    }
    applications = _rows(b, "/api/v1/application/")
    in_period = [a for a in applications or [] if (a.get("period") or {}).get("id") == period_id]
    expected["attestees"] = sum(1 for a in in_period if a["state"] not in NOT_ATTESTEES)
    expected["applications_by_state"] = dict(Counter(a["state"] for a in in_period))
    expected["outcomes"] = dict(Counter(a["outcome"] for a in in_period if a.get("outcome")))
    return expected


def _users_in_scope(username: str) -> int:
    """Accounts the user may list (the user admin is scoped like every list), 0 without User read."""
    from app.security.models import UstazUser
    from app.security.roles import ROLE_DEFINITIONS
    from tenants.scope import scope_for_user, scoped, use_scope
    from tests.helpers import user

    account = user(username)
    if not any("read" in ROLE_DEFINITIONS[r.name].resources.get("User", ()) for r in account.roles):
        return 0
    with use_scope(scope_for_user(account)):
        statement = scoped(select(func.count()).select_from(UstazUser), UstazUser)
        return db.session.execute(statement).scalar_one()


@pytest.mark.parametrize("username", [login for login, *_ in DEMO_LOGINS])
def test_kpi_equals_the_scoped_rest_lists(browser, ctx, username):
    b = browser(username)
    response = b.get(KPI)
    assert response.status_code == 200, response.get_data(as_text=True)
    kpi = response.get_json()
    period_id = _open_period_id()
    assert kpi["period"] == period_id
    expected = _expected(b, username, period_id)
    for key, value in expected.items():
        assert kpi[key] == value, (username, key, kpi[key], value)
    assert kpi["users"] == _users_in_scope(username)
    # stable keys, integer counts, a timestamp without microseconds
    assert set(kpi) >= {"organizations", "teachers", "users", "commissions", "attestees", "applications_by_state",
                        "outcomes", "as_of", "materials", "period"}
    for key in ("organizations", "teachers", "users", "commissions", "attestees", "materials"):
        assert isinstance(kpi[key], int) and kpi[key] >= 0
    assert all(isinstance(v, int) for v in [*kpi["applications_by_state"].values(), *kpi["outcomes"].values()])
    assert kpi["as_of"].endswith("Z") and "." not in kpi["as_of"]


def test_the_demo_roles_see_what_the_comparison_is_about(browser, ctx):
    """The comparison above is not vacuous: staff see applications, teachers no organizations."""
    district = browser("district").get(KPI).get_json()
    assert district["teachers"] > 0 and district["organizations"] > 0 and district["attestees"] > 0
    assert district["applications_by_state"] and district["outcomes"]
    teacher = browser("teacher").get(KPI).get_json()
    assert teacher["organizations"] == 0 and teacher["teachers"] == 1 and teacher["users"] == 0
    observer = browser("observer").get(KPI).get_json()
    assert observer["attestees"] == 0 and observer["applications_by_state"] == {}


def test_another_district_gets_its_own_numbers(browser, ctx):
    from tests.helpers import home, persons_under

    first = browser("district").get(KPI).get_json()
    second = browser("district2").get(KPI).get_json()
    assert first["teachers"] == len(persons_under(home("district")))
    assert second["teachers"] == len(persons_under(home("district2")))
    assert first["teachers"] != second["teachers"] or first["organizations"] != second["organizations"]
    national = browser("national").get(KPI).get_json()
    assert national["teachers"] >= first["teachers"] + second["teachers"]


def test_the_figures_follow_writes(browser, ctx):
    from models.attestation import Application
    from models.person import Person
    from tests.helpers import home, organizations_under

    b = browser("district")
    before = b.get(KPI).get_json()
    organization = organizations_under(home("district"))[0]
    person = Person(iin="850314401236", last_name="Жаңасы", first_name="Педагог", tenant_id=organization.id)
    db.session.add(person)
    db.session.commit()
    template = db.session.execute(select(Application).where(Application.period_id == before["period"],
                                                            Application.district_id == home("district").id)
                                  ).scalars().first()
    db.session.add(Application(person=person, tenant_id=person.tenant_id, period_id=before["period"],
                               commission_id=template.commission_id, requested_category="expert", mode="assign",
                               state="submitted"))
    db.session.commit()
    after = b.get(KPI).get_json()
    assert after["teachers"] == before["teachers"] + 1
    assert after["attestees"] == before["attestees"] + 1
    submitted = before["applications_by_state"].get("submitted", 0)
    assert after["applications_by_state"]["submitted"] == submitted + 1
    # another district's figures did not move
    assert browser("district2").get(KPI).get_json()["teachers"] == len(
        db.session.execute(select(Person.id).where(Person.district_id == home("district2").id)).all())


def test_anonymous_callers_get_401(app):
    client = app.test_client()
    with app.app_context():
        response = client.get(KPI)
    assert response.status_code == 401


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "99999999999999999999", "1;drop", "%00", "9999999"])
def test_a_hostile_period_is_a_4xx_with_a_message(browser, ctx, value):
    response = browser("district").get(f"{KPI}?period={value}")
    assert 400 <= response.status_code < 500, (value, response.status_code)
    body = response.get_json()
    assert isinstance(body.get("message"), str) and body["message"]
    assert "Traceback" not in body["message"] and "ScopeError" not in body["message"]


def test_another_period_can_be_asked_for(browser, ctx):
    from models.directories import AttestationPeriod

    periods = db.session.execute(select(AttestationPeriod.id).order_by(AttestationPeriod.id)).scalars().all()
    b = browser("district")
    for period_id in periods:
        kpi = b.get(f"{KPI}?period={period_id}").get_json()
        assert kpi["period"] == period_id
        assert kpi["attestees"] <= sum(kpi["applications_by_state"].values())


def test_a_jwt_bearer_gets_the_same_figures_as_the_browser(app, browser, ctx):
    client = app.test_client()
    with app.app_context():
        login = client.post("/api/v1/security/login",
                            json={"username": "district", "password": "ustaz-demo", "provider": "db"})
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    with app.app_context():
        by_token = client.get(KPI, headers=headers).get_json()
    by_session = browser("district").get(KPI).get_json()
    by_token.pop("as_of"), by_session.pop("as_of")
    assert by_token == by_session


def test_the_openapi_description_documents_it(browser, ctx):
    spec = browser("teacher").get("/api/v1/_openapi").get_json()
    operation = spec["paths"]["/api/v1/dashboard/kpi"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/DashboardKpi")
    properties = spec["components"]["schemas"]["DashboardKpi"]["properties"]
    assert {"organizations", "teachers", "users", "commissions", "attestees", "applications_by_state", "outcomes",
            "as_of"} <= set(properties)
