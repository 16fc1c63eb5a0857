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

#: the empty signature field reserves this many hex digits for the CMS (16 KiB: a GOST chain fits)
RESERVED_BYTES = 32768
#: a CMS larger than the field holds is refused before anything else is done with it
MAX_CMS_BYTES = RESERVED_BYTES // 2


#: environments where the test CA and the "sign with test key" path exist (a staging server is not one)
TEST_KEY_ENVIRONMENTS = ("development", "test", "bench")


def test_keys_allowed() -> bool:
    """The "sign with test key" path: only in development and tests, never in production or staging."""
    return (current_app.config.get("USTAZ_ENV") in TEST_KEY_ENVIRONMENTS
            and bool(current_app.config.get("SIGNATURE_TEST_KEYS", True)))


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

    if current_app.config.get("USTAZ_ENV") not in TEST_KEY_ENVIRONMENTS:
        raise RuntimeError("the test CA is used in development and tests only")
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


def _crl_der(data: bytes) -> bytes:
    """DER of a CRL given as DER or PEM; ValueError when it is not a CRL."""
    from asn1crypto import crl, pem

    if pem.detect(data):
        data = pem.unarmor(data)[2]
    crl.CertificateList.load(data).native  # noqa: B018 - parse fully now: junk is refused here
    return data


def _crl_is_fresh(der: bytes) -> bool:
    from datetime import UTC, datetime

    from asn1crypto import crl

    next_update = crl.CertificateList.load(der)["tbs_cert_list"]["next_update"].native
    return next_update is not None and next_update > datetime.now(UTC)


def fetched_crls(urls) -> list[bytes]:
    """The configured CRL addresses (the national CA's), each cached on disk until its next update.

    A failed download falls back to the cached copy; with neither, the CRL is missing and a signature
    whose revocation cannot be checked is refused ("revocation_unknown"), never accepted unchecked.
    """
    import hashlib

    import requests

    cache = Path(current_app.config.get("UPLOAD_DIR", "instance")) / "crl-cache"
    found = []
    for url in urls or []:
        path = cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".crl")
        cached = path.read_bytes() if path.exists() else None
        if cached is not None and _crl_is_fresh(cached):
            found.append(cached)
            continue
        try:
            response = requests.get(url, timeout=10)
            response.raise_for_status()
            der = _crl_der(response.content)
        except (requests.RequestException, ValueError, TypeError, KeyError):
            current_app.logger.warning("CRL %s could not be fetched; %s", url,
                                       "using the cached copy" if cached else "no cached copy")
            if cached is not None:
                found.append(cached)
            continue
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(der)
        found.append(der)
    return found


def trust_settings():
    """The configured roots (НУЦ РК in production) and CRLs; outside production the test CA too."""
    from app.signatures.trust import TrustSettings

    config = current_app.config
    roots = _read_certificates(config.get("SIGNATURE_TRUST_ROOTS"))
    crls = [Path(p).read_bytes() for p in config.get("SIGNATURE_CRL_FILES") or []]
    crls.extend(fetched_crls(config.get("SIGNATURE_CRL_URLS")))
    if test_keys_allowed():
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


def _stored(sha256: str | None) -> bytes:
    """A stored revision, or a refusal the member can report (never a 500)."""
    from reports import store

    try:
        return store.load(sha256 or "")
    except (store.DocumentMissing, ValueError):
        raise Refused([_("The protocol's file cannot be read: tell the administrator.")]) from None


def _prepare(pdf: bytes, **kwargs):
    from app.signatures.pades import PadesError, prepare

    try:
        return prepare(pdf, bytes_reserved=RESERVED_BYTES, **kwargs)
    except PadesError:
        raise Refused([_("The protocol's file cannot be read: tell the administrator.")]) from None


def _field_name(protocol: Protocol, member: CommissionMember) -> str:
    return f"Signature{len(protocol.signatures) + 1}_M{member.id}"


def _locked(protocol: Protocol) -> Protocol:
    """The protocol row locked for this transaction: signatures are added one after another."""
    # FOR UPDATE of the protocol row only (PostgreSQL refuses to lock the eagerly outer-joined rows), then
    # reload it: another member's signature committed while we waited must be the base of ours
    db.session.execute(select(Protocol.id).where(Protocol.id == protocol.id).with_for_update())
    db.session.refresh(protocol)
    db.session.expire(protocol, ["signatures"])
    return protocol


def _accept(protocol: Protocol, member: CommissionMember, prepared_pdf: bytes, to_be_signed: bytes, cms: bytes,
            method: str, field_name: str) -> ProtocolSignature:
    from app.signatures.pades import PadesError, embed
    from app.signatures.verify import verify_detached_cms
    from reports import store

    if len(cms) > MAX_CMS_BYTES:
        raise Refused([_("The signature is too large.")])
    result = verify_detached_cms(to_be_signed, cms, trust_settings(), expected_iin=member.person.iin)
    if not result.ok:
        raise Refused([refusal_sentence(result.code)])
    signer = result.signer
    try:
        signed_pdf = embed(prepared_pdf, result.cms_der)
    except (PadesError, ValueError):
        raise Refused([refusal_sentence("malformed")]) from None
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
    from app.signatures.pades import cms_with_key

    field_name = _field_name(protocol, member)
    prepared = _prepare(_stored(protocol.current_sha256), field_name=field_name,
                        signer_certificate=credential.certificate)
    cms = cms_with_key(prepared.to_be_signed, credential)
    return _accept(protocol, member, prepared.prepared_pdf, prepared.to_be_signed, cms, "test_key", field_name)


def prepare_for_browser(actor: Actor, protocol: Protocol) -> tuple[SignatureRequest, bytes]:
    """The revision with the member's empty signature field, and the bytes NCALayer must sign."""
    member = signer_membership(actor, protocol)
    from reports import store

    field_name = _field_name(protocol, member)
    prepared = _prepare(_stored(protocol.current_sha256), field_name=field_name)
    db.session.execute(delete(SignatureRequest).where(SignatureRequest.protocol_id == protocol.id,
                                                      SignatureRequest.member_id == member.id))
    request = SignatureRequest(protocol_id=protocol.id, member_id=member.id, base_sha256=protocol.current_sha256,
                               prepared_sha256=store.save(prepared.prepared_pdf), field_name=field_name)
    db.session.add(request)
    db.session.flush()
    return request, prepared.to_be_signed


def decode_cms(text: str | bytes | None) -> bytes:
    """The CMS the page sent (base64, as NCALayer returns it), bounded before it is decoded."""
    from app.signatures.cms import MalformedCms
    from app.signatures.cms import decode_cms as decode

    if not text:
        raise Refused([_("No signature was received: sign again.")])
    if len(text) > MAX_CMS_BYTES * 2:  # base64 is 4/3 of the bytes: anything longer cannot fit the field
        raise Refused([_("The signature is too large.")])
    try:
        return decode(text)
    except MalformedCms:
        raise Refused([refusal_sentence("malformed")]) from None


def complete_from_browser(actor: Actor, protocol: Protocol, request_id: int, cms_base64: str) -> ProtocolSignature:
    """Accept the CMS NCALayer returned for a prepared revision."""
    from app.signatures.pades import PadesError, prepare_from_bytes

    cms = decode_cms(cms_base64)
    protocol = _locked(protocol)
    member = signer_membership(actor, protocol)
    request = db.session.get(SignatureRequest, request_id)
    if request is None or request.protocol_id != protocol.id or request.member_id != member.id:
        raise Refused([_("This signing request is unknown or expired: sign again.")])
    if request.base_sha256 != protocol.current_sha256:
        db.session.delete(request)
        raise Refused([_("Another member signed the protocol meanwhile: sign again, on the current version.")])
    try:
        prepared = prepare_from_bytes(_stored(request.prepared_sha256))
    except PadesError:
        raise Refused([_("This signing request is unknown or expired: sign again.")]) from None
    signature = _accept(protocol, member, prepared.prepared_pdf, prepared.to_be_signed, cms, "ncalayer",
                        request.field_name)
    db.session.delete(request)
    return signature
