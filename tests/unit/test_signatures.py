"""app.signatures: test CA, detached-CMS verification, incremental PAdES with an external CMS, GOST routing."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from io import BytesIO
from unittest import mock

import pytest
from asn1crypto import algos, cms, crl
from reportlab.pdfgen import canvas

from app.signatures import (
    CmsTooLarge,
    GostUnavailableVerifier,
    NCANodeVerifier,
    PdfUnreadable,
    PlaceholderNotFound,
    PreparedSignature,
    PyHankoVerifier,
    SignerIdentity,
    TestCA,
    TestCANotInitialised,
    TrustSettings,
    choose_verifier,
    cms_with_key,
    embed,
    iin_from_certificate,
    prepare,
    prepare_from_bytes,
    verify_detached_cms,
    verify_pdf,
)

ASEL = "850101300123"
BOLAT = "900202400456"
REVOKED = "770303300789"
LATE = "880404400111"
EXPIRED = "660505300222"
CRL_URL = "http://testca.invalid/crl.der"
PROTOCOL_TEXT = "ATTESTATION PROTOCOL 42"


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    ca = TestCA.init(tmp_path_factory.mktemp("testca"), crl_url=CRL_URL)
    now = datetime.now(UTC)
    ca.issue(ASEL, "Асель Ахметова")
    ca.issue(BOLAT, "Болат Бекенов")
    ca.issue(REVOKED, "Revoked Member")
    ca.issue(LATE, "Future Member", not_before=now + timedelta(days=2))
    ca.issue(EXPIRED, "Expired Member", not_before=now - timedelta(days=900), not_after=now - timedelta(days=1))
    ca.revoke(REVOKED)
    return ca


@pytest.fixture(scope="module")
def settings(ca):
    return TrustSettings(trust_roots=[ca.root_der()], crls=[ca.crl_der()])


@pytest.fixture(scope="module")
def pdf() -> bytes:
    buffer = BytesIO()
    # uncompressed content stream, so that a test can tamper with the visible text
    page = canvas.Canvas(buffer, pageCompression=0)
    page.drawString(72, 720, PROTOCOL_TEXT)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _sign(pdf_bytes: bytes, ca: TestCA, iin: str, settings: TrustSettings, field: str) -> bytes:
    credential = ca.credential_for(iin)
    prepared = prepare(pdf_bytes, field_name=field, reason="Protocol of the attestation commission")
    signature = cms_with_key(prepared.to_be_signed, credential)
    check = verify_detached_cms(prepared.to_be_signed, signature, settings, expected_iin=iin)
    assert check.ok, check.code
    # the browser path: only the prepared bytes survive between the two requests, the CMS arrives as base64
    return embed(prepared.to_bytes(), base64.b64encode(signature).decode())


@pytest.fixture(scope="module")
def signed_twice(pdf, ca, settings) -> bytes:
    once = _sign(pdf, ca, ASEL, settings, "member_1")
    return _sign(once, ca, BOLAT, settings, "member_2")


@pytest.fixture(scope="module")
def prepared(pdf, ca):
    return prepare(pdf, field_name="member_1", signer_certificate=ca.credential_for(ASEL).certificate)


def _verify(prepared, ca, iin, settings, *, expected_iin=ASEL, data=None):
    signature = cms_with_key(prepared.to_be_signed, ca.credential_for(iin))
    return verify_detached_cms(prepared.to_be_signed if data is None else data, signature, settings,
                               expected_iin=expected_iin)


# -- test CA ------------------------------------------------------------------------------------------------

def test_test_ca_is_idempotent_and_loadable(ca, tmp_path):
    again = TestCA.init(ca.directory)
    assert again.root_pem() == ca.root_pem() and again.crl_url == CRL_URL
    assert TestCA.load(ca.directory).root_der() == ca.root_der()
    assert "CN=Ustaz Test CA (not for production)" in ca.root_cert.subject.rfc4514_string()
    with pytest.raises(TestCANotInitialised):
        TestCA.load(tmp_path / "nothing")
    with pytest.raises(ValueError):
        ca.issue("12345", "Too Short")
    assert ca.credential_for("111111111111") is None


def test_issued_certificate_carries_iin_and_name(ca):
    credential = ca.credential_for(ASEL)
    assert (ca.directory / "keys" / f"{ASEL}.pem").exists()
    assert credential.certificate_pem.startswith(b"-----BEGIN CERTIFICATE-----")
    identity = SignerIdentity.from_certificate(credential.certificate)
    assert identity.iin == ASEL and identity.common_name == "Асель Ахметова"
    assert identity.issuer_cn == "Ustaz Test CA (not for production)" and identity.algorithm == "ecdsa"
    assert iin_from_certificate(credential.certificate_pem) == ASEL
    assert iin_from_certificate(credential.asn1_certificate) == ASEL


def test_revoke_puts_the_serial_on_the_crl(ca):
    serial = int(SignerIdentity.from_certificate(ca.credential_for(REVOKED).certificate).serial, 16)
    revoked = crl.CertificateList.load(ca.crl_der())["tbs_cert_list"]["revoked_certificates"]
    assert serial in {entry["user_certificate"].native for entry in revoked}
    next_update = crl.CertificateList.load(ca.crl_der())["tbs_cert_list"]["next_update"].native
    assert next_update > datetime.now(UTC) + timedelta(days=6)


# -- detached CMS -------------------------------------------------------------------------------------------

def test_own_signature_verifies(prepared, ca, settings):
    check = _verify(prepared, ca, ASEL, settings)
    assert check.ok and check.code is None
    assert check.signer.iin == ASEL and check.revocation == "good"
    assert abs(check.signing_time - datetime.now(UTC)) < timedelta(minutes=5)
    assert check.cms_der[:1] == b"\x30"


def test_without_crl_revocation_is_not_checked(prepared, ca):
    check = _verify(prepared, ca, ASEL, TrustSettings(trust_roots=[ca.root_der()]))
    assert check.ok and check.revocation == "not_checked"


@pytest.mark.parametrize(
    "iin,code",
    [(BOLAT, "iin_mismatch"), (EXPIRED, "expired"), (LATE, "not_yet_valid"), (REVOKED, "revoked")],
)
def test_refusals(prepared, ca, settings, iin, code):
    check = _verify(prepared, ca, iin, settings)
    assert not check.ok and check.code == code


def test_revoked_signer_reports_revocation(prepared, ca, settings):
    assert _verify(prepared, ca, REVOKED, settings, expected_iin=REVOKED).revocation == "revoked"


def test_certificate_from_unknown_ca_is_untrusted(prepared, tmp_path):
    stranger_ca = TestCA.init(tmp_path / "other")
    stranger_ca.issue(ASEL, "Impostor")
    ours = TrustSettings(trust_roots=[TestCA.init(tmp_path / "ours").root_der()])
    check = _verify(prepared, stranger_ca, ASEL, ours)
    assert not check.ok and check.code == "untrusted"


def test_missing_revocation_data_in_hard_fail_mode(prepared, ca):
    strict = TrustSettings(trust_roots=[ca.root_der()], revocation_mode="hard-fail")
    check = _verify(prepared, ca, ASEL, strict)
    assert not check.ok and check.code == "revocation_unknown" and check.revocation == "unknown"


def test_modified_data_is_a_digest_mismatch(prepared, ca, settings):
    check = _verify(prepared, ca, ASEL, settings, data=prepared.to_be_signed + b" ")
    assert not check.ok and check.code == "digest_mismatch"


@pytest.mark.parametrize("garbage", [b"", b"not a cms", "bm90IGEgY21z", b"\x30\x82\x01\x00junk", b"\x00" * 40])
def test_garbage_is_malformed(prepared, settings, garbage):
    check = verify_detached_cms(prepared.to_be_signed, garbage, settings, expected_iin=ASEL)
    assert not check.ok and check.code == "malformed" and check.signer is None


def test_an_empty_signing_time_is_refused_not_a_crash(prepared, ca, settings):
    """A hostile CMS whose signingTime attribute holds no value: a refusal code, never an exception."""
    from asn1crypto import cms as asn1_cms

    signature = cms_with_key(prepared.to_be_signed, ca.credential_for(ASEL))
    content = asn1_cms.ContentInfo.load(signature)
    for attribute in content["content"]["signer_infos"][0]["signed_attrs"]:
        if attribute["type"].native == "signing_time":
            attribute["values"] = []
    hostile = content.dump(force=True)
    check = verify_detached_cms(prepared.to_be_signed, hostile, settings, expected_iin=ASEL)
    assert not check.ok and check.code in ("malformed", "digest_mismatch")


def test_certificate_without_iin(prepared, ca, settings, tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from app.signatures.testca import Credential

    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "No IIN")]))
        .issuer_name(ca.root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(ca.root_key, hashes.SHA256())
    )
    credential = Credential(
        certificate=cert.public_bytes(serialization.Encoding.DER),
        private_key=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()),
    )
    assert iin_from_certificate(credential.certificate) is None
    signature = cms_with_key(prepared.to_be_signed, credential)
    check = verify_detached_cms(prepared.to_be_signed, signature, TrustSettings(trust_roots=[ca.root_der()]),
                                expected_iin=ASEL)
    assert not check.ok and check.code == "no_iin"


# -- GOST routing -------------------------------------------------------------------------------------------

def _as_gost(signature: bytes) -> bytes:
    """The same CMS claiming a Kazakh GOST 34.310 signature algorithm (enough for the routing decision)."""
    content_info = cms.ContentInfo.load(signature)
    signer_info = content_info["content"]["signer_infos"][0]
    signer_info["signature_algorithm"] = algos.SignedDigestAlgorithm({"algorithm": "1.2.398.3.10.1.1.1.2"})
    return content_info.dump(force=True)


@pytest.fixture(scope="module")
def gost_cms(prepared, ca) -> bytes:
    return _as_gost(cms_with_key(prepared.to_be_signed, ca.credential_for(ASEL)))


def test_gost_without_ncanode_is_refused_clearly(prepared, settings, gost_cms):
    assert isinstance(choose_verifier(gost_cms, ncanode_url=None), GostUnavailableVerifier)
    check = verify_detached_cms(prepared.to_be_signed, gost_cms, settings, expected_iin=ASEL)
    assert not check.ok and check.code == "gost_verifier_unavailable" and check.signer.iin == ASEL
    # called directly, pyHanko refuses GOST with the same code instead of crashing
    direct = PyHankoVerifier().verify(prepared.to_be_signed, gost_cms, settings, ASEL)
    assert direct.code == "gost_verifier_unavailable"


def test_non_gost_goes_to_pyhanko(prepared, ca):
    signature = cms_with_key(prepared.to_be_signed, ca.credential_for(ASEL))
    assert isinstance(choose_verifier(signature, ncanode_url="http://ncanode:14579"), PyHankoVerifier)


def _ncanode_session(body: dict, status: int = 200) -> mock.Mock:
    response = mock.Mock(status_code=status)
    response.json.return_value = body
    response.raise_for_status.return_value = None
    session = mock.Mock()
    session.post.return_value = response
    return session


def _ncanode_body(valid: bool, *, iin: str = ASEL, revoked: bool = False) -> dict:
    certificate = {
        "valid": valid,
        "revocations": [{"revoked": revoked, "by": "OCSP"}],
        "subject": {"commonName": "АХМЕТОВА АСЕЛЬ", "iin": iin, "country": "KZ"},
    }
    return {"status": 200, "message": "OK", "valid": valid, "signers": [{"certificates": [certificate]}]}


def test_gost_goes_to_ncanode(prepared, settings, gost_cms):
    session = _ncanode_session(_ncanode_body(True))
    verifier = choose_verifier(gost_cms, ncanode_url="http://ncanode:14579/")
    assert isinstance(verifier, NCANodeVerifier)
    verifier.session = session
    check = verifier.verify(prepared.to_be_signed, base64.b64encode(gost_cms), settings, ASEL)
    assert check.ok and check.signer.iin == ASEL and check.revocation == "good"
    (url,), kwargs = session.post.call_args
    assert url == "http://ncanode:14579/cms/verify" and kwargs["timeout"] == 10
    assert kwargs["json"]["revocationCheck"] == ["OCSP"]
    assert base64.b64decode(kwargs["json"]["data"]) == prepared.to_be_signed
    assert base64.b64decode(kwargs["json"]["cms"]) == gost_cms


def test_ncanode_refusals(prepared, settings, gost_cms):
    def run(body, expected_iin=ASEL, status=200):
        verifier = NCANodeVerifier("http://ncanode", session=_ncanode_session(body, status))
        return verifier.verify(prepared.to_be_signed, gost_cms, settings, expected_iin)

    assert run(_ncanode_body(False, revoked=True)).code == "revoked"
    assert run(_ncanode_body(False)).code == "untrusted"
    assert run(_ncanode_body(True), expected_iin=BOLAT).code == "iin_mismatch"
    assert run({}, status=400).code == "malformed"

    broken = mock.Mock()
    import requests

    broken.post.side_effect = requests.ConnectionError("down")
    check = NCANodeVerifier("http://ncanode", session=broken).verify(prepared.to_be_signed, gost_cms, settings, ASEL)
    assert check.code == "gost_verifier_unavailable"


# -- PAdES --------------------------------------------------------------------------------------------------

def test_prepared_signature_survives_as_bytes(prepared):
    again = PreparedSignature.from_bytes(prepared.to_bytes())
    assert prepare_from_bytes(prepared.to_bytes()) == again
    assert again == prepared and again.field_name == "member_1"
    start, first, second, rest = prepared.byte_range
    assert start == 0 and second + rest == len(prepared.prepared_pdf)
    assert len(prepared.digest) == 32


def test_two_members_sign_one_after_another(signed_twice, settings, ca):
    reports = verify_pdf(signed_twice, settings)
    assert [r.field_name for r in reports] == ["member_1", "member_2"]
    assert [r.signer.iin for r in reports] == [ASEL, BOLAT]
    for report in reports:
        assert report.ok and report.intact and report.valid and report.trusted and report.problem is None
        assert report.later_changes_ok and report.signing_time is not None
    first, second = reports
    assert not first.covers_whole_file and first.modification_level == "form_filling"
    assert second.covers_whole_file and second.coverage == "entire_file"
    # the test CA's root as the only trust root and no CRL at all: still fine
    assert all(r.ok for r in verify_pdf(signed_twice, TrustSettings(trust_roots=[ca.root_der()])))


def test_pdf_signed_under_another_root_is_not_trusted(signed_twice, tmp_path):
    reports = verify_pdf(signed_twice, TrustSettings(trust_roots=[TestCA.init(tmp_path).root_der()]))
    assert [r.problem for r in reports] == ["untrusted", "untrusted"] and not any(r.ok for r in reports)


def test_tampering_with_the_first_revision_is_detected(signed_twice, settings):
    position = signed_twice.index(PROTOCOL_TEXT.encode())
    tampered = bytearray(signed_twice)
    tampered[position] ^= 0x01  # "A" -> "@": the page text changes, the file still parses
    reports = verify_pdf(bytes(tampered), settings)
    assert len(reports) == 2
    assert not any(r.ok or r.intact for r in reports)
    assert {r.problem for r in reports} == {"digest_mismatch"}


def test_unreadable_pdf_raises(signed_twice, settings):
    with pytest.raises(PdfUnreadable):
        verify_pdf(b"this is no pdf", settings)
    with pytest.raises(PdfUnreadable):
        verify_pdf(signed_twice[: len(signed_twice) // 3], settings)
    with pytest.raises(PdfUnreadable):
        prepare(b"%PDF-1.7 junk", field_name="x")


def test_embed_refuses_oversized_cms_and_missing_placeholder(pdf, ca, signed_twice):
    tight = prepare(pdf, field_name="member_1", bytes_reserved=64)
    with pytest.raises(CmsTooLarge):
        embed(tight, cms_with_key(tight.to_be_signed, ca.credential_for(ASEL)))
    with pytest.raises(PlaceholderNotFound):
        embed(signed_twice, b"\x30\x80")
