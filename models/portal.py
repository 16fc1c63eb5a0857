"""What the teacher portal keeps: who opened a portfolio (an access log), the readiness summary
computed when the profile changes (not per page), and one-time account links (activation, reset)."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import TenantOwnedMixin, utcnow


class PortfolioAccess(TenantOwnedMixin, Model):
    """Someone other than the teacher opened the teacher's portfolio (profile, application or a
    record): one row per viewer, portfolio and day. Owned by the teacher's organization."""

    __tablename__ = "portfolio_access"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False)
    #: the viewer's name and role as they were at the time (the log outlives role changes)
    viewer_name: Mapped[str] = mapped_column(String(300), nullable=False)
    viewer_role: Mapped[str] = mapped_column(String(40), nullable=False)
    #: what was opened: "profile", "application", "record"
    what: Mapped[str] = mapped_column(String(20), nullable=False)
    viewed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    last_viewed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    times: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __table_args__ = (
        Index("uq_portfolio_access_day", "person_id", "viewer_id", "what", "viewed_on", unique=True),
        Index("ix_portfolio_access_person", "person_id", "last_viewed_at"),
    )


class TeacherReadiness(TenantOwnedMixin, Model):
    """The teacher's standing and the readiness advisor's result for the next category, stored by a
    job after the profile changes. ``advice`` holds the advisor's sentences in every UI language
    (the engine writes sentences; the page picks the reader's language at render time)."""

    __tablename__ = "teacher_readiness"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    current_category: Mapped[str] = mapped_column(String(20), nullable=False)
    category_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    next_attestation_on: Mapped[dt.date | None] = mapped_column(Date)
    target_category: Mapped[str | None] = mapped_column(String(20))
    target_mode: Mapped[str | None] = mapped_column(String(10))
    #: {"met": n, "applicable": n, "gaps": [indicator codes], "advice": {locale: [[code, text], ...]},
    #:  "problem": a code when the profile could not be scored}
    advice: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class AccountToken(Model):
    """A one-time link e-mailed to a user: activate the account or reset its password. Only the
    SHA-256 of the token is stored, so a read of this table opens nobody's account."""

    __tablename__ = "account_token"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False, index=True)
    purpose: Mapped[str] = mapped_column(String(10), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
