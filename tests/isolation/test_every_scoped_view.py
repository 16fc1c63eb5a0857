"""Every scoped admin view, one by one: nothing owned in district2 is listed or shown to `district`.

The views are enumerated from the running app, so a new view is covered the day it is added.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from models.audit import AuditRecord
from models.job import JobRecord
from tenants.interface import ScopedSQLAInterface
from tenants.scope import is_tenant_owned
from tests.helpers import home, organizations_under, persons_under


@pytest.fixture
def district2_rows(app, ctx):
    """One row of every tenant-owned model, owned inside district2."""
    org = organizations_under(home("district2"))[0]
    db.session.add(JobRecord(func="x.y", description="district2 job", tenant_id=org.id, state="finished"))
    db.session.add(AuditRecord(action="update", object_type="person", object_id="1", tenant_id=org.id))
    from models.integration import RegistryDispute, SyncRun

    db.session.add(SyncRun(source="nobd", mode="full", state="finished", tenant_id=org.id))
    import datetime as dt

    from models.appeal import Appeal

    someone = persons_under(home("district2"))[0]
    db.session.add(Appeal(appeal_type="other", person_id=someone.id, tenant_id=someone.tenant_id, body_id=org.id,
                          text="x", state="filed", due_on=dt.date.today()))
    db.session.add(RegistryDispute(source="uto", record_type="ozp_result", record_id=1, text="x", state="filed",
                                   tenant_id=org.id))
    from models.announcement import Announcement

    db.session.add(Announcement(title="district2 announcement", body="x", state="sent", tenant_id=org.id))
    from models.criteria import ScoreResult

    person = persons_under(home("district2"))[0]
    db.session.add(ScoreResult(person_id=person.id, tenant_id=person.tenant_id, rule_set_name="x",
                               requested_category="moderator", mode="assign", outcome="not_assigned",
                               snapshot={}, result={}))
    _district2_attestation(person)
    db.session.commit()
    rows = {}
    for view in app.appbuilder.baseviews:
        datamodel = getattr(view, "datamodel", None)
        if not isinstance(datamodel, ScopedSQLAInterface) or not is_tenant_owned(datamodel.obj):
            continue
        model = datamodel.obj
        row = db.session.execute(
            select(model).where(model.district_id == home("district2").id).order_by(model.id.desc())
        ).scalars().first()
        assert row is not None, f"no district2 row for {model.__name__}"
        rows[type(view).__name__] = (view, row.id)
    return rows


def _district2_attestation(person) -> None:
    """A commission of district2 with a member, an application to it and a vote."""
    from models.attestation import Application, Review
    from models.commission import Commission, CommissionMember
    from models.directories import AttestationPeriod

    period = db.session.execute(select(AttestationPeriod).where(AttestationPeriod.state == "open")).scalar_one()
    district = home("district2")
    commission = Commission(name="district2 commission", tenant_id=district.id, period=period, level="district")
    member = CommissionMember(commission=commission, tenant_id=district.id, person=person, role="member")
    application = Application(person=person, tenant_id=person.tenant_id, period=period, commission=commission,
                              requested_category="expert", mode="assign", state="under_review")
    db.session.add_all([commission, member, application])
    db.session.flush()
    db.session.add(Review(application=application, commission_id=commission.id, member=member,
                          tenant_id=person.tenant_id))
    _district2_documents(commission, member, application)


def _district2_documents(commission, member, application) -> None:
    """A protocol of the district2 commission, a signature, its order and a certificate."""
    import datetime as dt

    from models.documents import Certificate, Order, Protocol, ProtocolSignature

    protocol = Protocol(commission_id=commission.id, tenant_id=commission.tenant_id, number="1",
                        session_date=dt.date.today(), language="kk", state="signed", present_member_ids=[member.id])
    db.session.add(protocol)
    db.session.flush()
    db.session.add(ProtocolSignature(protocol_id=protocol.id, commission_id=commission.id,
                                     tenant_id=commission.tenant_id, member_id=member.id,
                                     person_id=member.person_id, method="test_key", signer_iin="000000000000",
                                     signer_name="x", certificate_serial="1", signed_at=dt.datetime.now(),
                                     field_name="Signature1", embedded=True, result_sha256="0" * 64, revocation="good",
                                     cms=b"x"))
    order = Order(protocol_id=protocol.id, commission_id=commission.id, tenant_id=commission.tenant_id,
                  number="district2-1", issued_on=dt.date.today(), head_name="x")
    db.session.add(order)
    db.session.flush()
    db.session.add(Certificate(number="2026-D2D2-D2D2", person_id=application.person_id,
                               application_id=application.id, order_id=order.id, commission_id=commission.id,
                               tenant_id=application.tenant_id, holder_name="x", category="expert",
                               outcome="assigned", issued_on=dt.date.today(), valid_until=dt.date.today(),
                               language="kk"))


def test_every_scoped_view_hides_district2(browser, district2_rows):
    b = browser("district")
    b.get("/lang/en")
    assert len(district2_rows) >= 5
    for name, (view, pk) in district2_rows.items():
        base = view.route_base
        if hasattr(view, "show"):
            status = b.get(f"{base}/show/{pk}").status_code
            assert status in (403, 404), f"{name} shows a district2 row ({status})"
        if hasattr(view, "get"):
            status = b.get(f"{base}/{pk}").status_code
            assert status in (403, 404), f"{name} API returns a district2 row ({status})"
        listing = b.get(f"{base}/list/" if hasattr(view, "list") else f"{base}/")
        if listing.status_code == 200:
            text = listing.get_data(as_text=True)
            assert f"/show/{pk}\"" not in text and f'"id":{pk},' not in text.replace(" ", ""), name


def test_grant_opens_one_object_for_reading_only(browser, ctx):
    # a teacher of another region: neither the observer's district nor its granted school
    from sqlalchemy import select as _select

    from models.grant import AccessGrant
    from models.person import Person
    from tenants.models import Tenant
    from tests.helpers import persons_under, user

    region_b = db.session.execute(_select(Tenant).where(Tenant.code == "350000000")).scalar_one()
    target = persons_under(region_b)[0]
    observer = user("observer")
    pk = target.id
    assert browser("observer").get(f"/personview/show/{pk}").status_code == 404
    db.session.add(AccessGrant(user_id=observer.id, object_type="person", object_id=pk, reason="lesson observation"))
    db.session.commit()
    b = browser("observer")
    assert b.get(f"/personview/show/{pk}").status_code == 200
    assert b.get(f"/api/v1/person/{pk}").status_code == 200
    # reading only: even a writer holding the grant cannot change it
    director = user("director")
    db.session.add(AccessGrant(user_id=director.id, object_type="person", object_id=pk))
    db.session.commit()
    w = browser("director")
    assert w.get(f"/personview/show/{pk}").status_code == 200
    assert w.api("PUT", f"/api/v1/person/{pk}", json={"last_name": "Changed"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Person, pk).last_name != "Changed"


def test_jwt_api_client_is_scoped_and_needs_no_csrf(app, ctx):
    from tests.helpers import persons_under

    client = app.test_client()
    with app.app_context():
        login = client.post("/api/v1/security/login", json={"username": "district", "password": "ustaz-demo", "provider": "db"})
    assert login.status_code == 200, login.get_data(as_text=True)
    token = login.get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with app.app_context():
        listing = client.get("/api/v1/person/?q=(page_size:100)", headers=headers).get_json()
    assert set(listing["ids"]) == {p.id for p in persons_under(home("district"))}
    other = persons_under(home("district2"))[0].id
    with app.app_context():
        assert client.get(f"/api/v1/person/{other}", headers=headers).status_code == 404
