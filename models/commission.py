"""Attestation commissions and their composition (DOMAIN.md §5 steps 1–2)."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin, utcnow

#: member roles: the chair and the members vote; the secretary keeps the record and does not
CHAIR, SECRETARY, MEMBER = "chair", "secretary", "member"
MEMBER_ROLES = (CHAIR, SECRETARY, MEMBER)
VOTING_ROLES = (CHAIR, MEMBER)


class Commission(TenantOwnedMixin, TimestampMixin, Model):
    """A commission of one tenant for one attestation period; its level is its tenant's level."""

    __tablename__ = "commission"
    #: commission members reach these rows through their membership (tenants/scope.py)
    __membership_column__ = "id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    period_id: Mapped[int] = mapped_column(ForeignKey("attestation_period.id"), nullable=False, index=True)
    #: the tenant level it attests at (organization, district, region, republic): its tenant's level
    level: Mapped[str] = mapped_column(String(16), nullable=False)
    #: the language of its protocol
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="kk")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_by_id: Mapped[int | None] = mapped_column(Integer)

    period = relationship("AttestationPeriod", lazy="joined")
    members = relationship("CommissionMember", back_populates="commission", order_by="CommissionMember.id")

    __table_args__ = (Index("ix_commission_period_tenant", "period_id", "tenant_id"),)

    def __str__(self) -> str:
        return self.name


class CommissionMember(TenantOwnedMixin, TimestampMixin, Model):
    """A person on a commission, added by ИИН; removal keeps the row (the composition's history)."""

    __tablename__ = "commission_member"
    __membership_column__ = "commission_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), nullable=False, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(10), nullable=False, default=MEMBER)
    #: the member's organization and position as they were on assignment (conflict checks)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("tenant.id"))
    position_note: Mapped[str | None] = mapped_column(String(300))
    added_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    removed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: why the composition changed after review started (required then)
    change_reason: Mapped[str | None] = mapped_column(Text)

    commission = relationship("Commission", back_populates="members")
    # shown on every row of the composition and the votes: loaded with the member
    person = relationship("Person", lazy="joined")
    organization = relationship("Tenant", foreign_keys=[organization_id], lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.removed_on is None

    @property
    def votes(self) -> bool:
        return self.role in VOTING_ROLES

    def __str__(self) -> str:
        return str(self.person) if self.person is not None else f"#{self.id}"


__all__ = ["CHAIR", "Commission", "CommissionMember", "MEMBER", "MEMBER_ROLES", "SECRETARY", "VOTING_ROLES"]
