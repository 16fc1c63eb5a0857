"""Signing a protocol: the app's side of app/signatures (configuration, the two paths, storage).

Both paths end in ``_accept``: the CMS is verified (covers the bytes, chains to the configured
roots, valid now, not revoked, the signer's ИИН is the member's), then embedded as the next
incremental PAdES revision; the detached CMS is kept too.

- NCALayer (production): ``prepare_for_browser`` appends the empty signature field and hands the
  page the bytes to sign; the member's NCALayer returns a CMS; ``complete_from_browser`` accepts it
  if nobody signed in between (else the member signs again, on the new revision).
- Test key (development, tests, the demo): the server plays the member's NCALayer with the key the
  local test CA issued for the member's ИИН. Refused when USTAZ_ENV=production.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select

from app.attestation.operations import Actor, Refused
from app.attestation.protocols import record_signature, signer_membership
from app.extensions import db
from app.i18n import _
from models.base import utcnow
from models.commission import CommissionMember
from models.documents import Protocol, ProtocolSignature, SignatureRequest

#: the empty signature field reserves this many bytes for the CMS (a GOST chain fits)
RESERVED_BYTES = 32768


def is_production() -> bool:
    return current_app.config.get("USTAZ_ENV") == "production"


def test_keys_allowed() -> bool:
    """The "sign with test key" path: never in production, whatever else the configuration says."""
    return not is_production() and bool(current_app.config.get("SIGNATURE_TEST_KEYS", True))


def test_ca_dir() -> Path:
    return Path(current_app.config["SIGNATURE_TEST_CA_DIR"])


def test_ca():
    """The local test CA, or None when it has not been created (``flask ustaz ca init``)."""
    from app.signatures.testca import TestCA, TestCANotInitialised

    try:
        return TestCA.load(test_ca_dir())
    except TestCANotInitialised:
        return None


def ensure_test_ca():
    """Create the local test CA (idempotent); its certificates point to the CRL this server publishes."""
    from app.signatures.testca import TestCA

    if is_production():
        raise RuntimeError("the test CA is never used in production")
    crl_url = current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/") + "/ca/test.crl"
    return TestCA.init(test_ca_dir(), crl_url=crl_url)


def issue_test_certificates(people, *, replace: bool = False) -> int:
    """Test certificates for people with an ИИН (``Person`` rows); returns how many were issued."""
    ca = ensure_test_ca()
    issued = 0
    for person in people:
        if not person.iin or (not replace and ca.credential_for(person.iin) is not None):
            continue
        ca.issue(person.iin, str(person))
        issued += 1
    return issued


def _read_certificates(paths) -> list[bytes]:
    found = []
    for path in paths or []:
        data = Path(path).read_bytes()
        if b"-----BEGIN" in data:
            from asn1crypto import pem

            found.extend(der for _type, _headers, der in pem.unarmor(data, multiple=True))
        else:
            found.append(data)
    return found


def trust_settings():
    """The configured roots (НУЦ РК in production) and CRLs; outside production the test CA too."""
    from app.signatures.trust import TrustSettings

    config = current_app.config
    roots = _read_certificates(config.get("SIGNATURE_TRUST_ROOTS"))
    crls = [Path(p).read_bytes() for p in config.get("SIGNATURE_CRL_FILES") or []]
    if not is_production():
        ca = test_ca()
        if ca is not None:
            roots.append(ca.root_der())
            crls.append(ca.crl_der())
    return TrustSettings(trust_roots=roots, crls=crls, allow_fetching=bool(config.get("SIGNATURE_ALLOW_FETCHING")),
                         ncanode_url=config.get("SIGNATURE_NCANODE_URL") or None)


def refusal_sentence(code: str | None) -> str:
    """A verification's refusal code in words."""
    sentences = {
        "malformed": _("The signature could not be read: sign again."),
        "digest_mismatch": _("The signature does not cover this protocol: sign the protocol shown on this page."),
        "untrusted": _("The signing certificate was not issued by a trusted certification authority."),
        "expired": _("The signing certificate has expired."),
        "not_yet_valid": _("The signing certificate is not valid yet."),
        "revoked": _("The signing certificate has been revoked."),
        "revocation_unknown": _("The revocation status of the signing certificate could not be checked: try again later."),
        "iin_mismatch": _("The signing certificate belongs to another person: sign with your own key."),
        "no_iin": _("The signing certificate does not name an IIN: sign with your personal key."),
        "gost_verifier_unavailable": _("GOST signatures cannot be checked: the verification service (NCANode) is not "
                                       "configured. Tell the administrator."),
        "unsupported_algorithm": _("The signature algorithm is not supported."),
    }
    return sentences.get(code or "", _("The signature was not accepted."))


def _field_name(protocol: Protocol, member: CommissionMember) -> str:
    return f"Signature{len(protocol.signatures) + 1}_M{member.id}"


def _locked(protocol: Protocol) -> Protocol:
    """The protocol row locked for this transaction: signatures are added one after another."""
    return db.session.execute(select(Protocol).where(Protocol.id == protocol.id).with_for_update()
                              ).scalar_one()


def _accept(protocol: Protocol, member: CommissionMember, prepared_pdf: bytes, to_be_signed: bytes, cms: bytes,
            method: str, field_name: str) -> ProtocolSignature:
    from app.signatures.pades import embed
    from app.signatures.verify import verify_detached_cms
    from reports import store

    result = verify_detached_cms(to_be_signed, cms, trust_settings(), expected_iin=member.person.iin)
    if not result.ok:
        raise Refused([refusal_sentence(result.code)])
    signer = result.signer
    signed_pdf = embed(prepared_pdf, result.cms_der)
    digest = store.save(signed_pdf)
    signature = ProtocolSignature(
        protocol_id=protocol.id, commission_id=protocol.commission_id, tenant_id=protocol.tenant_id,
        member_id=member.id, person_id=member.person_id, method=method, signer_iin=signer.iin,
        signer_name=(signer.common_name or str(member.person))[:300], certificate_serial=signer.serial[:80],
        certificate_issuer=(signer.issuer_cn or "")[:300] or None,
        certificate_valid_until=_naive(signer.not_after), algorithm=(signer.algorithm or "")[:20] or None,
        revocation=result.revocation, signed_at=utcnow(), claimed_signing_time=_naive(result.signing_time),
        field_name=field_name, embedded=True, result_sha256=digest, cms=result.cms_der)
    record_signature(protocol, member, signature)
    return signature


def _naive(moment):
    if moment is None:
        return None
    from datetime import UTC

    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def sign_with_test_key(actor: Actor, protocol: Protocol) -> ProtocolSignature:
    """Development and tests: sign as the member with the test CA's key for their ИИН."""
    if not test_keys_allowed():
        raise Refused([_("Signing with a test key is not allowed on this server: sign with NCALayer.")])
    protocol = _locked(protocol)
    member = signer_membership(actor, protocol)
    ca = test_ca()
    if ca is None:
        raise Refused([_("The test certification authority is not set up on this server: run “flask ustaz ca "
                         "init”.")])
    credential = ca.credential_for(member.person.iin) if member.person.iin else None
    if credential is None:
        # development: a member added after "ca init" gets a test certificate on first use
        credential = ca.issue(member.person.iin, str(member.person)) if member.person.iin else None
    if credential is None:
        raise Refused([_("A test certificate needs your IIN in your profile.")])
    from app.signatures.pades import cms_with_key, prepare
    from reports import store

    field_name = _field_name(protocol, member)
    prepared = prepare(store.load(protocol.current_sha256), field_name=field_name,
                       signer_certificate=credential.certificate, bytes_reserved=RESERVED_BYTES)
    cms = cms_with_key(prepared.to_be_signed, credential)
    return _accept(protocol, member, prepared.prepared_pdf, prepared.to_be_signed, cms, "test_key", field_name)


def prepare_for_browser(actor: Actor, protocol: Protocol) -> tuple[SignatureRequest, bytes]:
    """The revision with the member's empty signature field, and the bytes NCALayer must sign."""
    member = signer_membership(actor, protocol)
    from app.signatures.pades import prepare
    from reports import store

    field_name = _field_name(protocol, member)
    prepared = prepare(store.load(protocol.current_sha256), field_name=field_name, bytes_reserved=RESERVED_BYTES)
    db.session.execute(delete(SignatureRequest).where(SignatureRequest.protocol_id == protocol.id,
                                                      SignatureRequest.member_id == member.id))
    request = SignatureRequest(protocol_id=protocol.id, member_id=member.id, base_sha256=protocol.current_sha256,
                               prepared_sha256=store.save(prepared.prepared_pdf), field_name=field_name)
    db.session.add(request)
    db.session.flush()
    return request, prepared.to_be_signed


def decode_cms(text: str | bytes | None) -> bytes:
    if not text:
        raise Refused([_("No signature was received: sign again.")])
    try:
        raw = text.encode("ascii") if isinstance(text, str) else text
        return base64.b64decode(b"".join(raw.split()), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise Refused([refusal_sentence("malformed")]) from None


def complete_from_browser(actor: Actor, protocol: Protocol, request_id: int, cms_base64: str) -> ProtocolSignature:
    """Accept the CMS NCALayer returned for a prepared revision."""
    from app.signatures.pades import prepare_from_bytes
    from reports import store

    cms = decode_cms(cms_base64)
    protocol = _locked(protocol)
    member = signer_membership(actor, protocol)
    request = db.session.get(SignatureRequest, request_id)
    if request is None or request.protocol_id != protocol.id or request.member_id != member.id:
        raise Refused([_("This signing request is unknown or expired: sign again.")])
    if request.base_sha256 != protocol.current_sha256:
        db.session.delete(request)
        raise Refused([_("Another member signed the protocol meanwhile: sign again, on the current version.")])
    prepared = prepare_from_bytes(store.load(request.prepared_sha256))
    signature = _accept(protocol, member, prepared.prepared_pdf, prepared.to_be_signed, cms, "ncalayer",
                        request.field_name)
    db.session.delete(request)
    return signature


def verify_protocol_pdf(protocol: Protocol):
    """The embedded signatures of the protocol's current PDF, checked now (for the page and auditors)."""
    from app.signatures.pades import verify_pdf
    from reports import store

    return verify_pdf(store.load(protocol.current_sha256), trust_settings())
