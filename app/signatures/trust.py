"""What a signature must chain to and how revocation is checked.

Production: the НУЦ РК roots, ``allow_fetching=True`` (OCSP/CRL from the certificate's AIA/CDP addresses).
Development and tests: the test CA's root and its CRL, no network.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from asn1crypto import crl
from pyhanko_certvalidator import ValidationContext

from app.signatures.identity import load_certificate

T = TypeVar("T")

HARD_FAIL = "hard-fail"
SOFT_FAIL = "soft-fail"


@dataclass(frozen=True)
class TrustSettings:
    trust_roots: list[bytes]  # DER (PEM accepted too)
    crls: list[bytes] = field(default_factory=list)  # DER
    allow_fetching: bool = False
    # None: "hard-fail" when there is revocation data to check against (CRLs or fetching), else "soft-fail"
    revocation_mode: str | None = None
    intermediates: list[bytes] = field(default_factory=list)  # DER, extra CA certificates for path building
    # GOST signatures go to this NCANode server (pyca cannot verify GOST); None: they are refused
    ncanode_url: str | None = None

    def __post_init__(self) -> None:
        if self.revocation_mode is None:
            mode = HARD_FAIL if (self.crls or self.allow_fetching) else SOFT_FAIL
            object.__setattr__(self, "revocation_mode", mode)
        if self.revocation_mode not in (HARD_FAIL, SOFT_FAIL, "require"):
            raise ValueError(f"unknown revocation_mode {self.revocation_mode!r}")

    @property
    def checks_revocation(self) -> bool:
        return bool(self.crls or self.allow_fetching)


def as_utc(moment: datetime | None) -> datetime | None:
    """Naive datetimes are taken as UTC (certvalidator refuses naive ones)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def validation_context(settings: TrustSettings, moment: datetime | None = None) -> ValidationContext:
    """A fresh certvalidator context (they cache paths and collect soft-fail errors: one per check)."""
    # certvalidator's docs say bytes are fine, but 0.33's trust manager needs parsed certificates
    return ValidationContext(
        trust_roots=[load_certificate(root) for root in settings.trust_roots],
        other_certs=[load_certificate(cert) for cert in settings.intermediates],
        # always a list: with None, certvalidator rejects hard-fail without fetching at construction time, while
        # an empty list lets that case surface as InsufficientRevinfoError ("revocation_unknown")
        crls=[crl.CertificateList.load(der) for der in settings.crls],
        allow_fetching=settings.allow_fetching,
        revocation_mode=settings.revocation_mode or SOFT_FAIL,
        moment=as_utc(moment),
    )


async def _run_and_close(coro: Coroutine[Any, Any, T], contexts: tuple[ValidationContext, ...]) -> T:
    try:
        return await coro
    finally:
        # fetching contexts own an HTTP session that must be closed on the loop that opened it
        for context in contexts:
            await context.aclose()


def run_sync(coro: Coroutine[Any, Any, T], *contexts: ValidationContext) -> T:
    """Run pyHanko's async API from synchronous (Flask) code, even when called inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_run_and_close(coro, contexts))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _run_and_close(coro, contexts)).result()
