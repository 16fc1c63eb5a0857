"""Applications for attestation, their transitions and the members' votes (DOMAIN.md §5 steps 3–7)."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin, utcnow


class Application(TenantOwnedMixin, TimestampMixin, Model):
    """A teacher's application in one period; owned by the teacher's organization.

    ``state`` takes the codes of app/attestation/states.py; ``outcome`` and ``awarded_category``
    hold the final decision. ``snapshot`` is the digital profile frozen at submission (the case the
    engine scores) and ``score`` the engine's explained result on it: the commission reviews these,
    never the live profile.
    """

    __tablename__ = "application"
    __membership_column__ = "commission_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("attestation_period.id"), nullable=False, index=True)
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("commission.id"), index=True)
    requested_category: Mapped[str] = mapped_column(String(20), nullable=False)
    mode: Mapped[str] = mapped_column(String(10), nullable=False, default="assign")
    #: the category held when applying (the contract's code)
    current_category: Mapped[str] = mapped_column(String(20), nullable=False, default="teacher")
    position_kind: Mapped[str] = mapped_column(String(20), nullable=False, default="teacher")
    test_language: Mapped[str] = mapped_column(String(2), nullable=False, default="kk")
    essay: Mapped[str | None] = mapped_column(Text)
    essay_words: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="draft", index=True)
    submitted_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    decided_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: the last reason given by whoever returned or withdrew it
    state_reason: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    score: Mapped[dict | None] = mapped_column(JSON)
    #: the eligibility check at submission: codes and parameters
    eligibility: Mapped[dict | None] = mapped_column(JSON)
    #: the chair's decision: True "corresponds", False "does not correspond"
    chair_corresponds: Mapped[bool | None] = mapped_column(Boolean)
    chair_comment: Mapped[str | None] = mapped_column(Text)
    #: the decision formula's reasons and tallies (codes and parameters)
    decision: Mapped[dict | None] = mapped_column(JSON)
    flagged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    outcome: Mapped[str | None] = mapped_column(String(20))
    awarded_category: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    #: the protocol that gathered it (its decision is frozen from then on)
    protocol_id: Mapped[int | None] = mapped_column(ForeignKey("protocol.id"), index=True)

    # many-to-one, shown in every list row: loaded with the row, not one query per row
    person = relationship("Person", lazy="joined")
    period = relationship("AttestationPeriod")
    commission = relationship("Commission", lazy="joined")
    events = relationship("ApplicationEvent", back_populates="application", order_by="ApplicationEvent.id")
    reviews = relationship("Review", back_populates="application", order_by="Review.id")

    __table_args__ = (
        # the commission decides once a year: one live application per teacher and period
        Index("uq_application_live", "person_id", "period_id", unique=True,
              sqlite_where=text("state != 'withdrawn'"), postgresql_where=text("state != 'withdrawn'")),
        Index("ix_application_district_state", "district_id", "state"),
        Index("ix_application_commission_state", "commission_id", "state"),
    )

    def __str__(self) -> str:
        return f"№{self.id} {self.person}" if self.person is not None else f"№{self.id}"


class ApplicationEvent(TenantOwnedMixin, Model):
    """One transition of an application: who, when, from, to, why (the application's timeline)."""

    __tablename__ = "application_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    application = relationship("Application", back_populates="events")


class Review(TenantOwnedMixin, TimestampMixin, Model):
    """One voting member's look at one application: when the portfolio was opened, and the vote."""

    __tablename__ = "review"
    __membership_column__ = "commission_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), nullable=False, index=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("commission_member.id"), nullable=False, index=True)
    opened_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: True "corresponds", False "does not correspond", None not voted yet
    corresponds: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    voted_on: Mapped[dt.datetime | None] = mapped_column(DateTime)

    application = relationship("Application", back_populates="reviews")
    member = relationship("CommissionMember", lazy="joined")

    __table_args__ = (UniqueConstraint("application_id", "member_id"),)
