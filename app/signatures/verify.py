"""Checking one member's detached CMS before it is embedded into the protocol PDF.

Every incoming signature — from NCALayer in a browser or from the development "sign with test key" path —
goes through ``verify_detached_cms``. The answer is a ``Verification`` with a stable refusal ``code`` (never a
sentence: the web layer translates codes into messages).

GOST signatures (all real Kazakh qualified certificates) cannot be verified by pyca/cryptography, so the check
is pluggable: ``choose_verifier`` sends them to an NCANode server when one is configured, and otherwise refuses
them with ``gost_verifier_unavailable``.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

import requests
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.validation.errors import DisallowedAlgorithmError, SignatureValidationError
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator import errors as cv_errors

from app.signatures.cms import MalformedCms, ParsedCms, parse_cms
from app.signatures.identity import SignerIdentity
from app.signatures.trust import TrustSettings, as_utc, run_sync, validation_context

log = logging.getLogger(__name__)

REFUSAL_CODES = frozenset({
    "malformed", "digest_mismatch", "untrusted", "expired", "not_yet_valid", "revoked", "revocation_unknown",
    "iin_mismatch", "no_iin", "gost_verifier_unavailable", "unsupported_algorithm",
})
# a signing (not authentication) certificate: Kazakh signing certificates carry nonRepudiation
SIGNING_KEY_USAGE = {"non_repudiation"}

_CRYPTO_CONSTRAINTS = (AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE,
                       AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE)


@dataclass(frozen=True)
class Verification:
    ok: bool
    code: str | None  # one of REFUSAL_CODES when not ok
    signer: SignerIdentity | None = None
    signing_time: datetime | None = None  # the signer's claim (CMS signingTime), if any
    revocation: str = "not_checked"  # "good", "revoked", "unknown" or "not_checked"
    cms_der: bytes = b""

    @classmethod
    def refused(cls, code: str, parsed: ParsedCms | None = None, *, signer: SignerIdentity | None = None,
                revocation: str = "not_checked") -> Verification:
        if code not in REFUSAL_CODES:
            raise ValueError(f"unknown refusal code {code!r}")
        return cls(ok=False, code=code, signer=signer or _identity(parsed), revocation=revocation,
                   signing_time=parsed.signing_time if parsed else None, cms_der=parsed.der if parsed else b"")


class Verifier(Protocol):
    def verify(self, data: bytes, cms: bytes | str, settings: TrustSettings, expected_iin: str | None,
               moment: datetime | None = None) -> Verification: ...


def _identity(parsed: ParsedCms | None) -> SignerIdentity | None:
    if parsed is None:
        return None
    try:
        return SignerIdentity.from_certificate(parsed.signer_cert)
    except Exception:  # a certificate asn1crypto cannot fully read: no identity, the checks decide the rest
        return None


def _check_iin(result: Verification, expected_iin: str | None) -> Verification:
    """Identity comes last: an IIN in an untrusted or broken signature proves nothing."""
    if not result.ok:
        return result
    if result.signer is None or result.signer.iin is None:
        return replace(result, ok=False, code="no_iin")
    if expected_iin is not None and result.signer.iin != expected_iin:
        return replace(result, ok=False, code="iin_mismatch")
    return result


def _declares_revinfo(cert: asn1_x509.Certificate) -> bool:
    return bool(cert.crl_distribution_points or cert.ocsp_urls)


# -- RSA / ECDSA / EdDSA through pyHanko ----------------------------------------------------------------------

class PyHankoVerifier:
    """pyHanko checks the signature; pyhanko-certvalidator the chain, validity period and revocation."""

    def verify(self, data: bytes, cms: bytes | str, settings: TrustSettings, expected_iin: str | None,
               moment: datetime | None = None) -> Verification:
        try:
            parsed = parse_cms(cms)
        except MalformedCms:
            return Verification.refused("malformed")
        if parsed.is_gost:
            return Verification.refused("gost_verifier_unavailable", parsed)
        context = validation_context(settings, moment)
        try:
            status = run_sync(async_validate_detached_cms(data, parsed.signed_data,
                                                          signer_validation_context=context), context)
        except DisallowedAlgorithmError:
            return Verification.refused("unsupported_algorithm", parsed)
        except SignatureValidationError as exc:
            # format problems are "malformed"; a signing-certificate attribute naming another cert is a bad signature
            code = "malformed" if exc.ades_subindication == AdESFailure.FORMAT_FAILURE else "digest_mismatch"
            return Verification.refused(code, parsed)
        except NotImplementedError:
            return Verification.refused("unsupported_algorithm", parsed)
        except Exception:  # junk inside an otherwise parseable CMS must not crash the request
            log.warning("CMS validation failed unexpectedly", exc_info=True)
            return Verification.refused("malformed", parsed)

        if status.trust_problem_indic in _CRYPTO_CONSTRAINTS:
            return Verification.refused("unsupported_algorithm", parsed)
        if not (status.intact and status.valid):
            return Verification.refused("digest_mismatch", parsed)
        if status.revoked:
            return Verification.refused("revoked", parsed, revocation="revoked")
        if not status.trusted:
            code = classify_trust_failure(parsed.signer_cert, parsed.other_certs, settings, moment)
            revocation = {"revoked": "revoked", "revocation_unknown": "unknown"}.get(code, "not_checked")
            return Verification.refused(code, parsed, revocation=revocation)

        result = Verification(ok=True, code=None, signer=_identity(parsed), signing_time=parsed.signing_time,
                              revocation=_revocation_state(parsed, settings, context), cms_der=parsed.der)
        return _check_iin(result, expected_iin)


def _revocation_state(parsed: ParsedCms, settings: TrustSettings, context: Any) -> str:
    if not settings.checks_revocation or not _declares_revinfo(parsed.signer_cert):
        # certvalidator's hard/soft-fail modes only check certificates that declare CRL/OCSP locations
        return "not_checked"
    if context.soft_fail_exceptions:
        return "unknown"
    return "good"


def classify_trust_failure(cert: asn1_x509.Certificate, other_certs: list[asn1_x509.Certificate],
                           settings: TrustSettings, moment: datetime | None) -> str:
    """pyHanko folds several certvalidator errors into one AdES indication; re-run the path check for the cause."""
    context = validation_context(settings, moment)
    validator = CertificateValidator(cert, intermediate_certs=other_certs, validation_context=context)
    try:
        run_sync(validator.async_validate_usage(SIGNING_KEY_USAGE), context)
    except cv_errors.RevokedError:
        return "revoked"
    except cv_errors.ExpiredError:
        return "expired"
    except cv_errors.NotYetValidError:
        return "not_yet_valid"
    except cv_errors.InsufficientRevinfoError:
        return "revocation_unknown"
    except cv_errors.DisallowedAlgorithmError:
        return "unsupported_algorithm"
    except (cv_errors.PathError, cv_errors.ValidationError):
        return "untrusted"
    except Exception:
        log.warning("certificate path check failed unexpectedly", exc_info=True)
        return "untrusted"
    return "untrusted"  # pyHanko refused trust although the path validates on its own: stay on the safe side


# -- GOST --------------------------------------------------------------------------------------------------

class GostUnavailableVerifier:
    """No NCANode configured: GOST signatures are refused with a clear code instead of a crash."""

    def verify(self, data: bytes, cms: bytes | str, settings: TrustSettings, expected_iin: str | None,
               moment: datetime | None = None) -> Verification:
        try:
            parsed = parse_cms(cms)
        except MalformedCms:
            return Verification.refused("malformed")
        return Verification.refused("gost_verifier_unavailable", parsed)


class NCANodeVerifier:
    """An NCANode v3 server checks the signature, the chain to the НУЦ РК roots and OCSP.

    NCANode uses its own trust store and checks at the current time: ``settings`` and ``moment`` are not sent.
    """

    def __init__(self, base_url: str, session: requests.Session | None = None, timeout: float = 10) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    def verify(self, data: bytes, cms: bytes | str, settings: TrustSettings, expected_iin: str | None,
               moment: datetime | None = None) -> Verification:
        try:
            parsed = parse_cms(cms)
        except MalformedCms:
            return Verification.refused("malformed")
        payload = {
            "cms": base64.b64encode(parsed.der).decode("ascii"),
            "data": base64.b64encode(data).decode("ascii"),
            "revocationCheck": ["OCSP"],
        }
        try:
            response = self.session.post(f"{self.base_url}/cms/verify", json=payload, timeout=self.timeout)
            if 400 <= response.status_code < 500:
                return Verification.refused("malformed", parsed)
            response.raise_for_status()
            body = response.json()
        except (requests.RequestException, ValueError):
            log.warning("NCANode at %s did not answer", self.base_url, exc_info=True)
            return Verification.refused("gost_verifier_unavailable", parsed)
        return _check_iin(_from_ncanode(body, parsed), expected_iin)


def _ncanode_certificate(body: dict[str, Any]) -> dict[str, Any]:
    """The signer's certificate info: v3 nests it as signers[0].certificates[0] (older builds: signers[0])."""
    signers = body.get("signers") or []
    if not signers or not isinstance(signers[0], dict):
        return {}
    first = signers[0]
    certificates = first.get("certificates")
    if isinstance(certificates, list) and certificates and isinstance(certificates[0], dict):
        return certificates[0]
    return first


def _from_ncanode(body: dict[str, Any], parsed: ParsedCms) -> Verification:
    info = _ncanode_certificate(body)
    signer = _identity(parsed)
    reported_iin = str((info.get("subject") or {}).get("iin") or "") or None
    if signer is not None and signer.iin is None and reported_iin:
        # our own reading of the certificate wins; NCANode's only fills a gap
        signer = replace(signer, iin=reported_iin)
    revocations = info.get("revocations") or []
    if any(isinstance(r, dict) and r.get("revoked") for r in revocations):
        revocation = "revoked"
    elif revocations:
        revocation = "good"
    else:
        revocation = "unknown"
    if body.get("valid") is True:
        return Verification(ok=True, code=None, signer=signer, signing_time=parsed.signing_time,
                            revocation=revocation, cms_der=parsed.der)
    now = datetime.now(UTC)
    if revocation == "revoked":
        code = "revoked"
    elif signer is not None and signer.not_after < now:
        code = "expired"
    elif signer is not None and signer.not_before > now:
        code = "not_yet_valid"
    elif info.get("valid") is False:
        code = "untrusted"
    else:
        code = "digest_mismatch"
    return Verification.refused(code, parsed, signer=signer, revocation=revocation)


# -- routing -------------------------------------------------------------------------------------------------

def choose_verifier(cms: bytes | str, *, ncanode_url: str | None) -> Verifier:
    """GOST → NCANode (or a refusing verifier when none is configured); everything else → pyHanko."""
    try:
        parsed = parse_cms(cms)
    except MalformedCms:
        return PyHankoVerifier()  # which reports "malformed"
    if parsed.is_gost:
        return NCANodeVerifier(ncanode_url) if ncanode_url else GostUnavailableVerifier()
    return PyHankoVerifier()


def verify_detached_cms(data: bytes, cms: bytes | str, settings: TrustSettings, *, expected_iin: str | None,
                        moment: datetime | None = None) -> Verification:
    """Does ``cms`` sign exactly ``data``, by a trusted, unrevoked certificate valid at ``moment``, of ``expected_iin``?"""
    verifier = choose_verifier(cms, ncanode_url=settings.ncanode_url)
    return verifier.verify(data, cms, settings, expected_iin, as_utc(moment))
