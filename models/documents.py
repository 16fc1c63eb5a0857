"""Documents with legal force (DOMAIN.md §5 steps 8–9): the protocol, its signatures, the order, certificates.

PDF bytes live in the content-addressed document store (reports/store.py) under their SHA-256;
the rows keep the hash, so a changed byte on disk is detected when the file is read.
"""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin, utcnow

# protocol states: the PDF is being rendered; members sign; every required signer signed; rendering failed
FORMING, SIGNING, SIGNED, FAILED = "forming", "signing", "signed", "failed"
PROTOCOL_STATES = (FORMING, SIGNING, SIGNED, FAILED)


class Protocol(TenantOwnedMixin, TimestampMixin, Model):
    """A commission session's protocol: the decided applications it gathers, frozen at forming."""

    __tablename__ = "protocol"
    #: the commission's members read it through their membership
    __membership_column__ = "commission_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), nullable=False, index=True)
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    session_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="kk")
    state: Mapped[str] = mapped_column(String(10), nullable=False, default=FORMING, index=True)
    #: commission member ids present at the session
    present_member_ids: Mapped[list | None] = mapped_column(JSON)
    #: the PDF as formed: its SHA-256 identifies the content every signature is about
    formed_sha256: Mapped[str | None] = mapped_column(String(64))
    formed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: the current PDF: the formed one plus one incremental PAdES signature per signer so far
    current_sha256: Mapped[str | None] = mapped_column(String(64))
    signed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    job_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(Integer)

    commission = relationship("Commission", lazy="joined")
    signatures = relationship("ProtocolSignature", back_populates="protocol", order_by="ProtocolSignature.id")
    applications = relationship("Application", foreign_keys="Application.protocol_id", order_by="Application.id",
                                viewonly=True)

    __table_args__ = (UniqueConstraint("commission_id", "number", name="uq_protocol_number"),)

    def __str__(self) -> str:
        return f"№{self.number}"


class ProtocolSignature(TenantOwnedMixin, Model):
    """One member's verified signature of a protocol (CMS kept detached too, for later checks)."""

    __tablename__ = "protocol_signature"
    __membership_column__ = "commission_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), nullable=False, index=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("commission_member.id"), nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False)
    #: how it was made: "ncalayer" (the member's own key) or "test_key" (development only)
    method: Mapped[str] = mapped_column(String(10), nullable=False)
    signer_iin: Mapped[str] = mapped_column(String(12), nullable=False)
    signer_name: Mapped[str] = mapped_column(String(300), nullable=False)
    certificate_serial: Mapped[str] = mapped_column(String(80), nullable=False)
    certificate_issuer: Mapped[str | None] = mapped_column(String(300))
    certificate_valid_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    algorithm: Mapped[str | None] = mapped_column(String(20))
    #: "good", "unknown" or "not_checked" (a revoked certificate never gets here)
    revocation: Mapped[str] = mapped_column(String(12), nullable=False)
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    claimed_signing_time: Mapped[dt.datetime | None] = mapped_column(DateTime)
    field_name: Mapped[str] = mapped_column(String(40), nullable=False)
    #: embedded as an incremental PAdES signature (False: the detached CMS is the signature)
    embedded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    #: the SHA-256 of the PDF after this signature was added
    result_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    cms: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)

    protocol = relationship("Protocol", back_populates="signatures")
    member = relationship("CommissionMember", lazy="joined")

    __table_args__ = (UniqueConstraint("protocol_id", "member_id", name="uq_protocol_signature_member"),)

    def __str__(self) -> str:
        return self.signer_name


class SignatureRequest(Model):
    """The revision prepared for a member's browser to sign (NCALayer), until the CMS comes back."""

    __tablename__ = "signature_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("commission_member.id"), nullable=False)
    #: the protocol's current PDF it was prepared on: stale once another member signs first
    base_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    prepared_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    field_name: Mapped[str] = mapped_column(String(40), nullable=False)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Order(TenantOwnedMixin, TimestampMixin, Model):
    """The order (приказ) that makes a signed protocol's decisions effective."""

    __tablename__ = "attestation_order"
    __membership_column__ = "commission_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id"), nullable=False, unique=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), nullable=False, index=True)
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    issued_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: who signs it: the head of the organization or of the authority
    head_name: Mapped[str] = mapped_column(String(300), nullable=False)
    head_position: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str | None] = mapped_column(String(64))
    issued_by_id: Mapped[int | None] = mapped_column(Integer)
    #: the certificates' issuing job
    job_id: Mapped[int | None] = mapped_column(Integer)

    protocol = relationship("Protocol", lazy="joined")

    __table_args__ = (UniqueConstraint("tenant_id", "number", name="uq_order_number"),)

    def __str__(self) -> str:
        return f"№{self.number}"


class Certificate(TenantOwnedMixin, TimestampMixin, Model):
    """A certificate (куәлік / удостоверение) of a category assigned, confirmed or lowered.

    Owned by the holder's organization (the application's tenant). Revoked certificates stay;
    a re-issue gets a new number and points back to the one it replaces.
    """

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: public, URL-safe, with a random part: /verify/<number>
    number: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), nullable=False, index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("attestation_order.id"), nullable=False, index=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), nullable=False)
    holder_name: Mapped[str] = mapped_column(String(300), nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    issued_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="kk")
    sha256: Mapped[str | None] = mapped_column(String(64))
    revoked_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    # unique: a certificate is re-issued once (two concurrent re-issues cannot both land)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"), unique=True)

    person = relationship("Person", lazy="joined")
    order = relationship("Order", lazy="joined")
    commission = relationship("Commission", lazy="joined")

    __table_args__ = (Index("ix_certificate_order", "order_id", "application_id"),)

    def status(self, today: dt.date) -> str:
        if self.revoked_on is not None:
            return "revoked"
        if self.valid_until is not None and self.valid_until < today:
            return "expired"
        return "valid"

    def __str__(self) -> str:
        return self.number


__all__ = [
    "Certificate", "FAILED", "FORMING", "Order", "PROTOCOL_STATES", "Protocol", "ProtocolSignature",
    "SIGNED", "SIGNING", "SignatureRequest",
]
