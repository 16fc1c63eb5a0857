"""Documents with legal force over HTTP: the secretary forms a protocol, every signer signs it (test
keys through the same verification as NCALayer), the head issues the order, certificates are issued
and checked publicly by number."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from models.attestation import Application
from models.career import CategoryRecord
from models.commission import CHAIR, MEMBER, Commission, CommissionMember
from models.documents import SIGNED, SIGNING, Certificate, Order, Protocol, ProtocolSignature
from models.notification import Notification
from tests.helpers import user


def _district_commission() -> Commission:
    district = user("district").tenant
    return db.session.execute(select(Commission).where(Commission.tenant_id == district.id)).scalar_one()


def _members_with_logins(commission: Commission) -> list[CommissionMember]:
    """The chair, the secretary and the voting member who have demo logins."""
    persons = {user(name).person_id for name in ("chair", "secretary", "commission")}
    return [m for m in commission.members if m.person_id in persons]


def _form(browser, commission: Commission):
    secretary = browser("secretary")
    present = [m.id for m in _members_with_logins(commission)]
    response = secretary.post(f"/protocols/form/{commission.id}", {"session_date": "", "present": present})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    protocol_id = int(re.search(r"/protocols/show/(\d+)", response.headers["Location"]).group(1))
    db.session.expire_all()
    return db.session.get(Protocol, protocol_id), secretary


def _sign_all(browser, protocol: Protocol) -> None:
    for name in ("chair", "commission"):
        signer = browser(name)
        response = signer.post(f"/protocols/{protocol.id}/sign-test")
        assert response.status_code == 302
        page = signer.get(response.headers["Location"]).get_data(as_text=True)
        assert "alert-danger" not in page, re.findall(r'alert-danger[^>]*>(.*?)</div>', page, re.S)
    db.session.expire_all()


@pytest.fixture
def test_ca(app, ctx, tmp_path, monkeypatch):
    """A fresh test CA per test (a revocation in one test must not leak into the next)."""
    from app.attestation.signing import ensure_test_ca

    monkeypatch.setitem(app.config, "SIGNATURE_TEST_CA_DIR", str(tmp_path / "test-ca"))
    return ensure_test_ca()


def _protocols() -> int:
    from sqlalchemy import func

    return db.session.execute(select(func.count(Protocol.id))).scalar_one()


def _order_of(protocol: Protocol) -> Order:
    return db.session.execute(select(Order).where(Order.protocol_id == protocol.id)).scalar_one()


def _issued(browser, number: str = "11"):
    protocol, _secretary = _form(browser, _district_commission())
    _sign_all(browser, protocol)
    browser("district").post(f"/orders/issue/{protocol.id}", {"number": number, "issued_on": "", "head_name": "Бас"})
    db.session.expire_all()
    order = _order_of(protocol)
    return protocol, order, db.session.execute(select(Certificate).where(Certificate.order_id == order.id)
                                               .order_by(Certificate.id)).scalars().all()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_protocol_formed_rendered_signed_by_every_signer(app, browser, ctx, test_ca):
    commission = _district_commission()
    decided = db.session.execute(select(Application).where(Application.commission_id == commission.id,
                                                           Application.state == "decided")).scalars().all()
    assert decided
    protocol, secretary = _form(browser, commission)
    assert protocol.state == SIGNING  # the job ran in-process
    assert protocol.formed_sha256 and protocol.current_sha256 == protocol.formed_sha256
    assert {a.id for a in protocol.applications} == {a.id for a in decided}
    assert all(a.state == "in_protocol" for a in protocol.applications)
    # the secretary sees the state of signatures; the chair and the member are asked to sign
    page = secretary.get(f"/protocols/show/{protocol.id}").get_data(as_text=True)
    assert "0 / 2" in page or "0 of 2" in page or "2" in page
    asked = db.session.execute(select(Notification.user_id).where(Notification.kind == "protocol_to_sign",
                                                                   Notification.link.contains(f"/{protocol.id}"))
                               ).scalars().all()
    assert {user("chair").id, user("commission").id} <= set(asked)
    # the PDF: every Kazakh letter of the teacher's name, extracted exactly
    pdf = secretary.get(f"/protocol/{protocol.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    for application in decided:
        assert str(application.person) in text, text
    # the secretary does not sign (not a voting member); the others do
    assert secretary.post(f"/protocols/{protocol.id}/sign-test").status_code == 302
    assert db.session.execute(select(ProtocolSignature).where(ProtocolSignature.protocol_id == protocol.id)).first() is None
    _sign_all(browser, protocol)
    protocol = db.session.get(Protocol, protocol.id)
    assert protocol.state == SIGNED and len(protocol.signatures) == 2
    assert protocol.current_sha256 != protocol.formed_sha256
    # the final PDF carries both signatures, each verified against the test CA's root alone
    from app.signatures import TrustSettings, verify_pdf

    final = secretary.get(f"/protocol/{protocol.id}.pdf").data
    reports = verify_pdf(final, TrustSettings(trust_roots=[test_ca.root_der()], crls=[test_ca.crl_der()]))
    assert len(reports) == 2 and all(r.ok for r in reports), reports
    assert {r.signer.iin for r in reports} == {user("chair").person.iin, user("commission").person.iin}
    # each detached CMS is downloadable as it was received
    signature = protocol.signatures[0]
    p7s = secretary.get(f"/protocol/{protocol.id}/signature/{signature.id}.p7s")
    assert p7s.status_code == 200 and p7s.data == signature.cms
    assert browser("district2").get(f"/protocol/{protocol.id}/signature/{signature.id}.p7s").status_code in (403, 404)
    # tampering with one byte is detected
    position = final.index(b"/Producer") if b"/Producer" in final[:2000] else 200
    tampered = final[:position] + bytes([final[position] ^ 1]) + final[position + 1:]
    assert not all(r.ok for r in verify_pdf(tampered, TrustSettings(trust_roots=[test_ca.root_der()])))
    # the keepers and the heads are told it is signed
    told = db.session.execute(select(Notification.user_id).where(Notification.kind == "protocol_signed")
                              ).scalars().all()
    assert user("secretary").id in told and user("district").id in told


def test_decisions_in_a_protocol_are_frozen(app, browser, ctx, test_ca):
    protocol, _secretary = _form(browser, _district_commission())
    chair = browser("chair")
    application = protocol.applications[0]
    response = chair.post(f"/applications/decide/{application.id}", {"corresponds": "no", "comment": "x"})
    assert response.status_code in (302, 409, 422)
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "in_protocol"


def test_forming_refusals(app, browser, ctx, test_ca):
    commission = _district_commission()
    member = browser("commission")
    assert member.post(f"/protocols/form/{commission.id}", {"session_date": ""}).status_code == 403
    secretary = browser("secretary")
    before = _protocols()
    import datetime as dt

    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = secretary.post(f"/protocols/form/{commission.id}", {"session_date": tomorrow})
    assert response.status_code == 200 and _protocols() == before
    assert "future" in response.get_data(as_text=True) or "болашақ" in response.get_data(as_text=True)
    response = secretary.post(f"/protocols/form/{commission.id}", {"session_date": "not a date"})
    assert response.status_code == 422
    for hostile in ("²", "-1", "9" * 30, "1.5x"):  # str.isdigit() says yes to "²", int() then fails
        assert secretary.post(f"/protocols/form/{commission.id}", {"present": [hostile]}).status_code == 422
    assert secretary.post(f"/protocols/form/{commission.id}", {"present": ["1"] * 1001}).status_code == 422
    assert _protocols() == before
    without_chair = [m.id for m in commission.members if m.role == MEMBER]
    response = secretary.post(f"/protocols/form/{commission.id}", {"session_date": "", "present": without_chair})
    assert response.status_code == 200 and _protocols() == before
    # another district's staff do not even see the commission
    assert browser("district2").get(f"/protocols/form/{commission.id}").status_code in (403, 404)


def _teacher_login(person, username: str) -> None:
    """A teacher account for a demo applicant who has none (the same role as `teacher`)."""
    from app.security.models import User

    template = user("teacher")
    db.session.add(User(username=username, first_name=person.first_name, last_name=person.last_name,
                        email=f"{username}@demo.ustaz.kz", password=template.password, active=True,
                        tenant_id=person.tenant_id, person_id=person.id, roles=list(template.roles)))
    db.session.commit()


def test_order_makes_decisions_effective_and_certificates_are_issued(app, browser, ctx, test_ca):
    protocol, _secretary = _form(browser, _district_commission())
    _sign_all(browser, protocol)
    assigned = next(a for a in protocol.applications if a.outcome == "assigned")
    _teacher_login(assigned.person, "holder")
    district = browser("district")
    response = district.post(f"/orders/issue/{protocol.id}", {"number": "45-Ә", "issued_on": "",
                                                                 "head_name": "Сәрсенбаев Ғалым", "head_position": ""})
    assert response.status_code == 302
    db.session.expire_all()
    order = db.session.execute(select(Order).where(Order.protocol_id == protocol.id)).scalar_one()
    assert order.number == "45-Ә" and order.sha256
    order_text = _pdf_text(district.get(f"/order/{order.id}.pdf").data)
    assert "Сәрсенбаев Ғалым" in order_text
    assert all(str(a.person) in order_text for a in db.session.get(Protocol, protocol.id).applications)
    applications = db.session.get(Protocol, protocol.id).applications
    assert all(a.state == "certified" for a in applications)
    certified = [a for a in applications if a.outcome in ("assigned", "confirmed", "lowered")
                 and a.awarded_category != "teacher"]
    withdrawn = [a for a in applications if a.outcome == "lowered" and a.awarded_category == "teacher"]
    assert all(a.person.category_id is None for a in withdrawn)
    certificates = db.session.execute(select(Certificate).where(Certificate.order_id == order.id)).scalars().all()
    assert {c.application_id for c in certificates} == {a.id for a in certified}
    for application in certified:
        record = db.session.execute(select(CategoryRecord).where(CategoryRecord.person_id == application.person_id,
                                                                 CategoryRecord.order_number == "45-Ә")
                                    ).scalar_one()
        assert record.category.code == application.awarded_category and record.valid_until
        assert application.person.category_id == record.category_id
    # a second order on the same protocol is refused
    district.post(f"/orders/issue/{protocol.id}", {"number": "46", "issued_on": "", "head_name": "X"})
    assert db.session.execute(select(Order).where(Order.protocol_id == protocol.id)).scalars().all() == [order]
    # the certificate: PDF with the holder's Kazakh name exactly, a QR code of its public URL
    certificate = certificates[0]
    pdf = district.get(f"/certificate/{certificate.number}.pdf")
    assert pdf.status_code == 200
    assert certificate.holder_name in _pdf_text(pdf.data)
    import zxingcpp
    from pypdf import PdfReader

    image = PdfReader(io.BytesIO(pdf.data)).pages[0].images[0].image
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == [f"http://127.0.0.1:5000/verify/{certificate.number}"]
    # the holder is told, downloads their own certificate and nobody else's
    told = db.session.execute(select(Notification).where(Notification.kind == "certificate_issued")).scalars().all()
    assert [n.user_id for n in told] == [user("holder").id]
    holder = browser("holder")
    own = next(c for c in certificates if c.application_id == assigned.id)
    assert holder.get(f"/certificate/{own.number}.pdf").status_code == 200
    assert holder.get(f"/certificates/show/{own.id}", follow_redirects=True).status_code == 200
    assert own.number in holder.get("/portal/results").get_data(as_text=True)
    others = [c for c in certificates if c.id != own.id]
    assert others and all(holder.get(f"/certificate/{c.number}.pdf").status_code == 404 for c in others)
    assert holder.get("/api/v1/certificate/").get_json()["count"] == 1
    assert f"/certificate/{own.number}.pdf" in holder.get("/portal/results").get_data(as_text=True)


def test_public_verification_page(app, browser, ctx, test_ca):
    _protocol, _order, certificates = _issued(browser, "7")
    certificate = certificates[0]
    anonymous = app.test_client()
    page = anonymous.get(f"/verify/{certificate.number}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert certificate.holder_name in text
    person = db.session.get(Application, certificate.application_id).person
    assert person.iin not in text
    assert anonymous.get("/verify/2026-0000-0000").status_code == 404
    assert anonymous.get(f"/verify/{certificate.number.lower()}").status_code == 200  # typed from paper
    assert anonymous.get("/verify/" + "x" * 300).status_code == 404
    # revoked with a reason: the page says so with the date
    district = browser("district")
    district.post(f"/certificates/{certificate.id}/revoke", {"reason": "Апелляция қанағаттандырылды"})
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_on is not None
    assert "Апелляция" not in anonymous.get(f"/verify/{certificate.number}").get_data(as_text=True)


def test_verification_is_rate_limited(app, ctx, test_ca):
    client = app.test_client()
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [client.get("/verify/2026-AAAA-BBBB").status_code for _ in range(5)]
    finally:
        app.config["VERIFY_RATE_LIMIT"] = "30 per minute"
        from app.security.throttle import reset_login_throttle

        reset_login_throttle(app)
    assert codes[:3] == [404, 404, 404] and codes[3:] == [429, 429]


def test_documents_are_scoped(app, browser, ctx, test_ca):
    protocol, order, certificates = _issued(browser, "8")
    certificate = certificates[0]
    # the commission's members and the staff above it read the protocol; the holder's staff the certificate
    for name in ("commission", "chair", "district", "region", "national"):
        assert browser(name).get(f"/protocol/{protocol.id}.pdf").status_code == 200, name
    for name in ("district", "region", "national"):
        assert browser(name).get(f"/certificate/{certificate.number}.pdf").status_code == 200, name
    other = browser("district2")
    for url in (f"/protocol/{protocol.id}.pdf", f"/order/{order.id}.pdf", f"/certificate/{certificate.number}.pdf",
                f"/protocols/show/{protocol.id}", f"/certificates/show/{certificate.id}",
                f"/api/v1/protocol/{protocol.id}", f"/api/v1/order/{order.id}", f"/api/v1/certificate/{certificate.id}"):
        assert other.get(url).status_code in (403, 404), url
    for resource in ("protocol", "protocol-signature", "order", "certificate"):
        response = other.get(f"/api/v1/{resource}/")
        assert response.status_code in (200, 403), resource
        if response.status_code == 200:
            assert response.get_json()["count"] == 0, resource
        assert browser("district").get(f"/api/v1/{resource}/").get_json()["count"] >= 1, resource
    # the teacher reads their own certificate and nobody else's
    teacher = browser("teacher")
    own = db.session.execute(select(Certificate).where(Certificate.person_id == user("teacher").person_id)).first()
    assert own is None
    assert teacher.get(f"/certificate/{certificate.number}.pdf").status_code == 404
    anonymous = app.test_client()
    assert anonymous.get(f"/certificate/{certificate.number}.pdf").status_code in (302, 401, 403)


def test_test_keys_are_refused_in_production(app, browser, ctx, test_ca):
    protocol, _secretary = _form(browser, _district_commission())
    chair = browser("chair")
    app.config["USTAZ_ENV"] = "production"
    try:
        response = chair.post(f"/protocols/{protocol.id}/sign-test")
    finally:
        app.config["USTAZ_ENV"] = "test"
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.execute(select(ProtocolSignature).where(ProtocolSignature.protocol_id == protocol.id)).first() is None


def test_browser_signing_checks_the_signer(app, browser, ctx, test_ca):
    """The NCALayer path: the CMS the page sends is verified; another person's key is refused."""
    import base64

    from app.signatures import cms_with_key

    protocol, _secretary = _form(browser, _district_commission())
    chair = browser("chair")
    prepared = chair.post(f"/protocols/{protocol.id}/sign/prepare").get_json()
    data = base64.b64decode(prepared["data"])
    someone_else = test_ca.issue("880101300123", "Басқа Адам")
    cms = cms_with_key(data, someone_else)
    refused = chair.post(f"/protocols/{protocol.id}/sign/complete",
                         {"request_id": prepared["request_id"], "cms": base64.b64encode(cms).decode()})
    assert refused.status_code == 422 and "another person" in refused.get_json()["message"].lower() or \
        refused.status_code == 422
    garbage = chair.post(f"/protocols/{protocol.id}/sign/complete", {"request_id": prepared["request_id"],
                                                                      "cms": "bm90IGEgY21z"})
    assert garbage.status_code == 422
    own = test_ca.credential_for(user("chair").person.iin) or test_ca.issue(user("chair").person.iin, "Chair")
    accepted = chair.post(f"/protocols/{protocol.id}/sign/complete",
                          {"request_id": prepared["request_id"],
                           "cms": base64.b64encode(cms_with_key(data, own)).decode()})
    assert accepted.status_code == 200, accepted.get_json()
    db.session.expire_all()
    signature = db.session.execute(select(ProtocolSignature).where(ProtocolSignature.protocol_id == protocol.id)).scalar_one()
    assert signature.method == "ncalayer" and signature.signer_iin == user("chair").person.iin
    assert signature.revocation == "good"
    # the chair cannot sign twice
    again = chair.post(f"/protocols/{protocol.id}/sign/prepare")
    assert again.status_code == 422


def test_revoked_signing_certificate_is_refused(app, browser, ctx, test_ca):
    protocol, _secretary = _form(browser, _district_commission())
    iin = user("chair").person.iin
    test_ca.issue(iin, "Chair")
    test_ca.revoke(iin)
    browser("chair").post(f"/protocols/{protocol.id}/sign-test")
    db.session.expire_all()
    assert db.session.execute(select(ProtocolSignature).where(ProtocolSignature.protocol_id == protocol.id)).first() is None


def test_reissue_keeps_the_history(app, browser, ctx, test_ca):
    _protocol, _order, certificates = _issued(browser, "9")
    certificate = certificates[0]
    district = browser("district")
    assert district.post(f"/certificates/{certificate.id}/reissue", {"reason": "Қате"}).status_code == 302
    db.session.expire_all()
    fresh = db.session.execute(select(Certificate).where(Certificate.replaces_id == certificate.id)).scalar_one()
    assert fresh.number != certificate.number and fresh.sha256
    old = db.session.get(Certificate, certificate.id)
    assert old.revoked_on is not None and old.revocation_reason == "Қате"
    page = district.get(f"/certificates/show/{fresh.id}").get_data(as_text=True)
    assert certificate.number in page
    assert app.test_client().get(f"/verify/{fresh.number}").status_code == 200
    assert CHAIR  # the roles module stays imported for readers of this test


def test_unsigned_protocols_remind_the_missing_signers_once_a_day(app, browser, ctx, test_ca):
    import datetime as dt

    from app.notifications.reminders import remind_deadlines

    protocol, _secretary = _form(browser, _district_commission())
    browser("chair").post(f"/protocols/{protocol.id}/sign-test")
    db.session.expire_all()
    protocol = db.session.get(Protocol, protocol.id)
    protocol.formed_on = protocol.formed_on - dt.timedelta(days=3)
    db.session.commit()

    def reminded() -> list[int]:
        return db.session.execute(select(Notification.user_id).where(
            Notification.kind == "protocol_reminder", Notification.link.contains(f"/{protocol.id}"))).scalars().all()

    result = remind_deadlines(None, dt.date.today().isoformat())
    assert result["protocol_unsigned"] == 1
    assert reminded() == [user("commission").id]  # the chair has signed; the secretary does not sign
    remind_deadlines(None, dt.date.today().isoformat())
    assert len(reminded()) == 1  # once a day


def test_document_pages_cost_a_bounded_number_of_statements(app, browser, ctx, test_ca):
    from tests.helpers import statements_for

    protocol, _order, certificates = _issued(browser, "10")
    certificate = certificates[0]
    district = browser("district")
    # the staff pages' budget (tests/integration/test_sql_budgets.py); measured 2026-12: 69, 63, 66 before
    # permissions were cached and the protocol's two jobs read at once; 11, 6, 6 after
    assert statements_for(district, f"/protocols/show/{protocol.id}") <= 12
    assert statements_for(district, f"/certificates/show/{certificate.id}") <= 12
    assert statements_for(district, "/certificates/list/") <= 12
    assert statements_for(app.test_client(), f"/verify/{certificate.number}") <= 3  # the public page: one lookup


def test_certificate_pdf_names_the_order_and_the_commission(app, browser, ctx, test_ca):
    _protocol, order, certificates = _issued(browser, "12-Қ")
    text = " ".join(_pdf_text(browser("district").get(f"/certificate/{certificates[0].number}.pdf").data).split())
    assert "12-Қ" in text and order.protocol.commission.name in text
    assert "12-Қ" in _pdf_text(browser("district").get(f"/order/{order.id}.pdf").data)


def test_only_the_issuing_authority_revokes_and_a_revoked_certificate_is_not_reissued(app, browser, ctx, test_ca):
    _protocol, _order, certificates = _issued(browser)
    certificate = certificates[0]
    # a director whose school is the holder's: the certificate is in their scope, the order is not theirs
    director = user("director")
    director.tenant_id = certificate.tenant_id
    db.session.commit()
    assert browser("director").post(f"/certificates/{certificate.id}/revoke", {"reason": "x"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_on is None
    district = browser("district")
    district.post(f"/certificates/{certificate.id}/revoke", {"reason": "Апелляция"})
    district.post(f"/certificates/{certificate.id}/reissue", {"reason": "again"})
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_on is not None
    assert db.session.execute(select(Certificate).where(Certificate.replaces_id == certificate.id)).first() is None


def test_the_order_is_issued_at_the_commissions_own_node(app, browser, ctx, test_ca):
    protocol, _secretary = _form(browser, _district_commission())
    _sign_all(browser, protocol)
    assert browser("region").post(f"/orders/issue/{protocol.id}", {"number": "R1", "issued_on": "",
                                                                   "head_name": "Облыс"}).status_code == 302
    db.session.expire_all()
    assert db.session.execute(select(Order).where(Order.protocol_id == protocol.id)).first() is None


def test_hostile_signatures_are_refused_with_a_message(app, browser, ctx, test_ca):
    import base64

    protocol, _secretary = _form(browser, _district_commission())
    chair = browser("chair")
    prepared = chair.post(f"/protocols/{protocol.id}/sign/prepare").get_json()
    for cms in (base64.b64encode(b"\x30" * 40000).decode(), "%%%", "", base64.b64encode(b"\x30\x82" + b"\x00" * 10)
                .decode()):
        response = chair.post(f"/protocols/{protocol.id}/sign/complete", {"request_id": prepared["request_id"],
                                                                          "cms": cms})
        assert response.status_code == 422 and response.get_json()["message"], cms[:20]
    assert chair.post(f"/protocols/{protocol.id}/sign/complete", {"request_id": "999999999", "cms": "MA=="}
                      ).status_code == 422


def test_nobody_present_is_refused_and_a_removed_signer_no_longer_holds_the_protocol(app, browser, ctx, test_ca):
    commission = _district_commission()
    secretary = browser("secretary")
    before = _protocols()
    assert secretary.post(f"/protocols/form/{commission.id}", {"session_date": ""}).status_code == 200
    assert _protocols() == before  # no box ticked: not "everybody"
    protocol, _secretary = _form(browser, commission)
    browser("chair").post(f"/protocols/{protocol.id}/sign-test")
    member = next(m for m in commission.members if m.person_id == user("commission").person_id)
    from app.attestation.commissions import remove_member

    remove_member(db.session.get(CommissionMember, member.id), "Ауысты")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Protocol, protocol.id).state == SIGNED


def test_configured_crl_addresses_are_fetched_once_and_cached(app, ctx, test_ca, monkeypatch, tmp_path):
    import requests

    from app.attestation.signing import fetched_crls

    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    calls = []

    class Answer:
        def __init__(self, content):
            self.content = content

        def raise_for_status(self):
            return None

    def fake_get(url, timeout):
        calls.append(url)
        if "down" in url:
            raise requests.ConnectionError("unreachable")
        return Answer(b"not a CRL" if "junk" in url else test_ca.crl_der())

    monkeypatch.setattr(requests, "get", fake_get)
    assert fetched_crls(["http://crl.example/nuc.crl"]) == [test_ca.crl_der()]
    assert fetched_crls(["http://crl.example/nuc.crl"]) == [test_ca.crl_der()]
    assert calls == ["http://crl.example/nuc.crl"]  # the second time from the cache, still fresh
    assert fetched_crls(["http://down.example/nuc.crl", "http://junk.example/nuc.crl"]) == []


def test_a_failed_render_is_shown_and_tried_again(app, browser, ctx, test_ca, monkeypatch):
    import reports.documents

    real = reports.documents.protocol_pdf

    def broken(protocol, progress=None):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(reports.documents, "protocol_pdf", broken)
    protocol, secretary = _form(browser, _district_commission())
    assert protocol.state == "failed"
    page = secretary.get(f"/protocols/show/{protocol.id}")
    assert page.status_code == 200 and f"/protocols/{protocol.id}/retry" in page.get_data(as_text=True)
    assert "renderer down" not in page.get_data(as_text=True)  # no internals
    monkeypatch.setattr(reports.documents, "protocol_pdf", real)
    assert secretary.post(f"/protocols/{protocol.id}/retry").status_code == 302
    db.session.expire_all()
    assert db.session.get(Protocol, protocol.id).state == SIGNING
