"""ЭЦП on commission protocols: incremental PAdES signatures, one per commission member.

Flow for each member, in turn (pure Python: no Flask, no database — the app stores the bytes):

1. ``prepare(pdf, field_name=…)`` → ``PreparedSignature``; keep ``to_bytes()`` between the two requests and
   send ``to_be_signed`` (base64) to NCALayer in the member's browser.
2. NCALayer returns a detached CMS (base64). In development, ``cms_with_key(to_be_signed, credential)`` plays
   the browser with a key from the local ``TestCA``.
3. ``verify_detached_cms(to_be_signed, cms, settings, expected_iin=member_iin)`` — the same check for both
   paths — must answer ``ok``; otherwise ``code`` says why (a stable code, not a sentence).
4. ``embed(prepared, cms)`` → the PDF with this member's signature; the next member starts from it.

``verify_pdf(pdf, settings)`` reports every embedded signature of a finished protocol.
GOST signatures (real Kazakh certificates) are checked by an NCANode server when ``settings.ncanode_url`` is
set, and refused with ``gost_verifier_unavailable`` otherwise.
"""

import logging

from app.signatures import _quiet  # noqa: F401 - first: pyHanko's import-time warning is silenced
from app.signatures.cms import MalformedCms, ParsedCms, parse_cms
from app.signatures.identity import SignerIdentity, iin_from_certificate
from app.signatures.pades import (
    CmsTooLarge,
    EmbeddedSignatureReport,
    PadesError,
    PdfUnreadable,
    PlaceholderNotFound,
    PreparedSignature,
    cms_with_key,
    embed,
    prepare,
    prepare_from_bytes,
    verify_pdf,
)
from app.signatures.testca import Credential, TestCA, TestCAError, TestCANotInitialised
from app.signatures.trust import TrustSettings, validation_context
from app.signatures.verify import (
    REFUSAL_CODES,
    GostUnavailableVerifier,
    NCANodeVerifier,
    PyHankoVerifier,
    Verification,
    Verifier,
    choose_verifier,
    verify_detached_cms,
)

# pyHanko logs every failed validation as a warning with a traceback; the verdicts are returned as codes
# (Verification.code, EmbeddedSignatureReport.problem) and the app reports them, so only errors get through.
logging.getLogger("pyhanko").setLevel(logging.ERROR)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)

__all__ = [
    "REFUSAL_CODES",
    "CmsTooLarge",
    "Credential",
    "EmbeddedSignatureReport",
    "GostUnavailableVerifier",
    "MalformedCms",
    "NCANodeVerifier",
    "PadesError",
    "ParsedCms",
    "PdfUnreadable",
    "PlaceholderNotFound",
    "PreparedSignature",
    "PyHankoVerifier",
    "SignerIdentity",
    "TestCA",
    "TestCAError",
    "TestCANotInitialised",
    "TrustSettings",
    "Verification",
    "Verifier",
    "choose_verifier",
    "cms_with_key",
    "embed",
    "iin_from_certificate",
    "parse_cms",
    "prepare",
    "prepare_from_bytes",
    "validation_context",
    "verify_detached_cms",
    "verify_pdf",
]
