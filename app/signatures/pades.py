"""Incremental PAdES signatures whose CMS is made elsewhere (NCALayer in the member's browser).

The flow spans two HTTP requests, so it uses pyHanko's interrupted signing and keeps no state but bytes:

1. ``prepare`` appends a revision with an empty signature (a zero-filled ``/Contents`` placeholder) and tells
   which bytes the CMS must cover (``to_be_signed``: the file minus the placeholder, per ``/ByteRange``).
   ``PreparedSignature.to_bytes()`` is just the prepared PDF; ``from_bytes`` recomputes the rest.
2. The browser signs ``to_be_signed`` (detached CMS); the server checks it with ``verify_detached_cms``.
3. ``embed`` writes the CMS into the placeholder. Each member's signature covers the file as it stood then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

from asn1crypto import cms as asn1_cms
from asn1crypto import keys, pem
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import ExternalSigner, PdfCMSSignedAttributes, SimpleSigner
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.signatures.cms import MalformedCms, decode_cms
from app.signatures.identity import SignerIdentity, load_certificate
from app.signatures.testca import Credential
from app.signatures.trust import TrustSettings, run_sync, validation_context
from app.signatures.verify import classify_trust_failure

DIGEST_ALGORITHM = "sha256"
# hex digits reserved in /Contents, i.e. 8 KiB of DER: a CMS with a 2–3 certificate chain fits comfortably
DEFAULT_BYTES_RESERVED = 16384


class PadesError(ValueError):
    """Base class of this module's errors."""


class PdfUnreadable(PadesError):
    """The file does not parse as a PDF (any more)."""


class PlaceholderNotFound(PadesError):
    """The bytes are not a prepared PDF: no single empty signature placeholder at the end."""


class CmsTooLarge(PadesError):
    """The CMS does not fit the space reserved by ``prepare``."""


@dataclass(frozen=True)
class PreparedSignature:
    prepared_pdf: bytes  # the PDF with the empty placeholder; all the state there is
    field_name: str
    byte_range: tuple[int, int, int, int]
    to_be_signed: bytes  # exactly the /ByteRange content the CMS must cover
    digest: bytes  # SHA-256 of to_be_signed

    def to_bytes(self) -> bytes:
        return self.prepared_pdf

    @classmethod
    def from_bytes(cls, prepared_pdf: bytes) -> PreparedSignature:
        field_name, byte_range = _find_placeholder(prepared_pdf)
        start, first, second, rest = byte_range
        to_be_signed = prepared_pdf[start:first] + prepared_pdf[second:second + rest]
        return cls(prepared_pdf=prepared_pdf, field_name=field_name, byte_range=byte_range,
                   to_be_signed=to_be_signed, digest=hashlib.sha256(to_be_signed).digest())


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(BytesIO(pdf))
    except Exception as exc:  # pyHanko raises PdfReadError, but junk can surface as ValueError/KeyError/…
        raise PdfUnreadable(str(exc) or type(exc).__name__) from exc


def _find_placeholder(pdf: bytes) -> tuple[str, tuple[int, int, int, int]]:
    """The one signature whose /Contents is still all zeros and whose /ByteRange spans the whole file."""
    found = []
    try:
        for name, sig_obj, _ref in enumerate_sig_fields(_reader(pdf)):
            sig_obj = sig_obj.get_object() if sig_obj is not None else None
            if not isinstance(sig_obj, generic.DictionaryObject) or "/ByteRange" not in sig_obj:
                continue
            byte_range = tuple(int(x) for x in sig_obj["/ByteRange"])
            if len(byte_range) != 4:
                continue
            start, first, second, rest = byte_range
            hole = pdf[first:second]
            if start == 0 and second + rest == len(pdf) and len(hole) > 2 and \
                    hole[:1] == b"<" and hole[-1:] == b">" and not hole[1:-1].strip(b"0"):
                found.append((name, byte_range))
    except PdfUnreadable:
        raise
    except Exception as exc:
        raise PdfUnreadable(str(exc) or type(exc).__name__) from exc
    if len(found) != 1:
        raise PlaceholderNotFound(f"expected one empty signature placeholder, found {len(found)}")
    return found[0]  # type: ignore[return-value]


def prepare(pdf: bytes, *, field_name: str, signer_certificate: bytes | None = None, reason: str | None = None,
            bytes_reserved: int = DEFAULT_BYTES_RESERVED) -> PreparedSignature:
    """Append a revision with an empty signature field ``field_name`` and reserve room for the CMS."""
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
    except Exception as exc:
        raise PdfUnreadable(str(exc) or type(exc).__name__) from exc
    # the certificate is optional (the browser path learns it only from the CMS); it only fills /Name
    cert = load_certificate(signer_certificate) if signer_certificate else None
    signer = ExternalSigner(signing_cert=cert, cert_registry=None, signature_value=b"\x00")
    meta = PdfSignatureMetadata(field_name=field_name, reason=reason, md_algorithm=DIGEST_ALGORITHM,
                                subfilter=SigSeedSubFilter.PADES)
    try:
        prepared_digest, _tbs, output = run_sync(
            PdfSigner(meta, signer).async_digest_doc_for_signing(writer, bytes_reserved=bytes_reserved))
    except SigningError as exc:  # e.g. the field exists and is already signed
        raise PadesError(str(exc)) from exc
    prepared = PreparedSignature.from_bytes(output.getvalue())
    # our own reading of /ByteRange must agree with pyHanko's, or embed() would fill the wrong hole
    if prepared.digest != prepared_digest.document_digest:
        raise PadesError("the prepared PDF's /ByteRange does not match pyHanko's digest")
    return prepared


def prepare_from_bytes(prepared_pdf: bytes) -> PreparedSignature:
    """The ``PreparedSignature`` of a stored prepared PDF (second request of the browser path)."""
    return PreparedSignature.from_bytes(prepared_pdf)


def embed(prepared: PreparedSignature | bytes, cms: bytes | str) -> bytes:
    """Write the (already verified) CMS into the placeholder; returns the signed PDF."""
    if not isinstance(prepared, PreparedSignature):
        prepared = PreparedSignature.from_bytes(bytes(prepared))
    der = decode_cms(cms)
    try:
        asn1_cms.ContentInfo.load(der, strict=True)
    except ValueError as exc:
        raise MalformedCms(str(exc)) from exc
    _, first, second, _ = prepared.byte_range
    output = BytesIO(prepared.prepared_pdf)
    try:
        PreparedByteRangeDigest(document_digest=prepared.digest, reserved_region_start=first,
                                reserved_region_end=second).fill_with_cms(output, der)
    except SigningError as exc:
        raise CmsTooLarge(f"CMS needs {2 * len(der)} hex digits, {second - first - 2} reserved") from exc
    return output.getvalue()


def cms_with_key(to_be_signed: bytes, credential: Credential) -> bytes:
    """A detached CAdES-BES CMS (DER) over ``to_be_signed``, like NCALayer returns — the "sign with test key" path."""
    cert = load_certificate(credential.certificate)
    key_der = credential.private_key
    if pem.detect(key_der):
        key_der = pem.unarmor(key_der)[2]
    signer = SimpleSigner(signing_cert=cert, signing_key=keys.PrivateKeyInfo.load(key_der),
                          cert_registry=SimpleCertificateStore.from_certs([cert]))
    # use_cades: signingCertificateV2 + signingTime, as NCALayer's CMS carries signingTime
    content_info = run_sync(signer.async_sign_general_data(
        to_be_signed, DIGEST_ALGORITHM, detached=True, use_cades=True,
        signed_attr_settings=PdfCMSSignedAttributes(signing_time=datetime.now(UTC))))
    return content_info.dump()


# -- checking a signed protocol ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EmbeddedSignatureReport:
    field_name: str
    signer: SignerIdentity | None
    intact: bool  # the signed bytes are unmodified
    valid: bool  # the signature value is cryptographically correct
    trusted: bool  # chains to a configured root, valid now, not revoked (per settings)
    revoked: bool
    signing_time: datetime | None  # signer's claim: CMS signingTime or the signature dictionary's /M
    coverage: str  # "entire_file", "entire_revision", "contiguous_block_from_start" or "unclear"
    covers_whole_file: bool
    modification_level: str | None  # later revisions: "none", "lta_updates", "form_filling" or "other"
    later_changes_ok: bool  # later revisions only added signatures / form data (pyHanko's diff analysis)
    ok: bool
    problem: str | None  # a refusal code as in verify.REFUSAL_CODES, or "modified_after_signing"


def verify_pdf(pdf: bytes, settings: TrustSettings, *, moment: datetime | None = None
               ) -> list[EmbeddedSignatureReport]:
    """Every embedded signature, in file order. Raises ``PdfUnreadable`` when the file does not parse."""
    reader = _reader(pdf)
    try:
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        raise PdfUnreadable(str(exc) or type(exc).__name__) from exc
    return [_report(sig, settings, moment) for sig in embedded]


def _report(sig, settings: TrustSettings, moment: datetime | None) -> EmbeddedSignatureReport:
    try:
        signer: SignerIdentity | None = SignerIdentity.from_certificate(sig.signer_cert)
    except Exception:  # no readable signer certificate
        signer = None
    context = validation_context(settings, moment)
    try:
        status = run_sync(async_validate_pdf_signature(sig, context), context)
    except Exception:  # a damaged signature dictionary or CMS: report it, keep checking the others
        return EmbeddedSignatureReport(
            field_name=sig.field_name, signer=signer, intact=False, valid=False, trusted=False, revoked=False,
            signing_time=None, coverage="unclear", covers_whole_file=False, modification_level=None,
            later_changes_ok=False, ok=False, problem="malformed")
    level = status.modification_level
    later_changes_ok = bool(status.docmdp_ok)
    if not (status.intact and status.valid):
        problem: str | None = "digest_mismatch"
    elif status.revoked:
        problem = "revoked"
    elif not status.trusted:
        problem = classify_trust_failure(status.signing_cert, list(sig.other_embedded_certs), settings, moment)
    elif not later_changes_ok:
        problem = "modified_after_signing"
    else:
        problem = None
    coverage = status.coverage or SignatureCoverageLevel.UNCLEAR
    return EmbeddedSignatureReport(
        field_name=sig.field_name, signer=signer, intact=status.intact, valid=status.valid,
        trusted=status.trusted, revoked=status.revoked, signing_time=status.signer_reported_dt,
        coverage=coverage.name.lower(), covers_whole_file=coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modification_level=level.name.lower() if level is not None else None,
        later_changes_ok=later_changes_ok, ok=problem is None and status.bottom_line, problem=problem)
