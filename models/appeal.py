"""Appeals (обращения, DOMAIN.md §5): a teacher's request of one of seven types, routed to the body
that can act, with deadlines, states and, when upheld, an effect written as an audited amendment
(app/appeals)."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin, utcnow


class AppealRule(Model):
    """Deadlines of one appeal type from a date on (versioned: a new order adds a row, never edits
    one). The rule in force for an appeal is the latest whose ``effective_from`` is not after its filing."""

    __tablename__ = "appeal_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appeal_type: Mapped[str] = mapped_column(String(40), nullable=False)
    effective_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: calendar days the body has to answer
    answer_days: Mapped[int] = mapped_column(Integer, nullable=False, default=15)
    #: calendar days after the decision within which an appeal about it may be filed
    filing_days: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    #: upload access: days the reopened profile sections stay open
    reopen_days: Mapped[int] = mapped_column(Integer, nullable=False, default=10)
    basis: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (Index("uq_appeal_rule", "appeal_type", "effective_from", unique=True),)

    def __str__(self) -> str:
        return f"{self.appeal_type} {self.effective_from:%d.%m.%Y}"


class Appeal(TenantOwnedMixin, TimestampMixin, Model):
    """Owned, like the application, by the teacher's organization: the teacher, the director and the
    departments above read it through the one scope. ``body_id`` is the node that answers it (the
    commission's node; the republic for ОЗП issues): answering needs a scope holding that node."""

    __tablename__ = "appeal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appeal_type: Mapped[str] = mapped_column(String(40), nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), nullable=False, index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("commission.id"), index=True)
    #: what is asked beyond the text: profile sections to reopen, the member to add or remove, the
    #: commission or period the application belongs in (codes and ids, app/appeals/types.py)
    details: Mapped[dict | None] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    #: filed -> in_review -> answered -> closed (app/appeals/states.py)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="filed")
    #: upheld | rejected, with the answer
    resolution: Mapped[str | None] = mapped_column(String(10))
    answer: Mapped[str | None] = mapped_column(Text)
    filed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    due_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    rule_id: Mapped[int | None] = mapped_column(Integer)
    filed_by_id: Mapped[int | None] = mapped_column(Integer)
    filed_by_name: Mapped[str | None] = mapped_column(String(200))
    #: filed by the director (or another user) for the teacher
    on_behalf: Mapped[bool] = mapped_column(default=False, nullable=False)
    answered_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(Integer)
    answered_by_name: Mapped[str | None] = mapped_column(String(200))
    closed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: what upholding did (codes and ids, shown in words)
    effect: Mapped[dict | None] = mapped_column(JSON)

    person = relationship("Person", lazy="joined")
    application = relationship("Application")
    commission = relationship("Commission")
    # shown in every list row and export row: loaded with the row, not one query per row
    body = relationship("Tenant", foreign_keys=[body_id], lazy="joined")

    __table_args__ = (
        Index("ix_appeal_state_due", "state", "due_on"),
        Index("ix_appeal_district_state", "district_id", "state"),
        Index("ix_appeal_body_state", "body_id", "state"),
    )

    def __str__(self) -> str:
        return f"№{self.id}"


class Amendment(TenantOwnedMixin, Model):
    """A change of a decided or closed record made by an upheld appeal: what, before, after, why.
    The rows it changes are audited too (app/audit.py); this is the record the pages show."""

    __tablename__ = "amendment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), nullable=False, index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    #: the effect's code (app/appeals/effects.py)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    made_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    made_by_id: Mapped[int | None] = mapped_column(Integer)
    made_by_name: Mapped[str | None] = mapped_column(String(200))

    appeal = relationship("Appeal")


class ProfileAccess(TenantOwnedMixin, Model):
    """Profile sections reopened for a teacher until a date by an upheld appeal: records of those
    types may be written in closed academic years meanwhile (app/portfolio/rules.py)."""

    __tablename__ = "profile_access"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), nullable=False)
    #: record table names (the profile's sections, app/portfolio/sections.py)
    sections: Mapped[list] = mapped_column(JSON, nullable=False)
    until: Mapped[dt.date] = mapped_column(Date, nullable=False)
