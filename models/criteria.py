"""Criteria configuration as versioned data: a rule set and its rules. Published sets are immutable;
an attestation period pins one."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, utcnow


class RuleSet(Model):
    __tablename__ = "rule_set"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the set's stable key: a case's and the CLI's "rule_set", a stored score's rule_set_name
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    #: the names people read, in their language (the key when a translation is missing)
    name_kk: Mapped[str | None] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    order_reference: Mapped[str | None] = mapped_column(String(300))
    effective_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="draft")
    published_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    parameters: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("rule_set.id"))

    rules = relationship("RuleSetRule", back_populates="rule_set", cascade="all, delete-orphan",
                         order_by="[RuleSetRule.indicator, RuleSetRule.id]")
    previous = relationship("RuleSet", remote_side=[id])

    def localized_name(self, locale: str | None = None) -> str:
        """The name in ``locale`` (default: the UI language), else Kazakh, Russian, English, the key."""
        if locale is None:
            from app.i18n import current_locale

            try:
                locale = current_locale()
            except RuntimeError:  # outside an app context
                locale = "kk"
        own = getattr(self, f"name_{locale}", None) if locale in ("kk", "ru", "en") else None
        return own or self.name_kk or self.name_ru or self.name_en or self.name

    @property
    def display_name(self) -> str:
        return self.localized_name()

    def __str__(self) -> str:
        return self.localized_name()


class RuleSetRule(Model):
    """How one indicator is scored, for an education level × position × category ("*" = any)."""

    __tablename__ = "rule_set_rule"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_set.id"), nullable=False, index=True)
    indicator: Mapped[str] = mapped_column(String(8), nullable=False)
    education_level: Mapped[str] = mapped_column(String(20), nullable=False, default="*")
    position: Mapped[str] = mapped_column(String(20), nullable=False, default="*")
    category: Mapped[str] = mapped_column(String(20), nullable=False, default="*")
    applicable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    rule_set = relationship("RuleSet", back_populates="rules")

    def __str__(self) -> str:
        return f"{self.indicator} {self.kind} [{self.education_level}/{self.position}/{self.category}]"


class ScoreResult(TenantOwnedMixin, Model):
    """A stored score with the snapshot it was computed from: later changes of data or rules never
    alter it."""

    __tablename__ = "score_result"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    batch_key: Mapped[str | None] = mapped_column(String(64), index=True)
    rule_set_name: Mapped[str] = mapped_column(String(120), nullable=False)
    requested_category: Mapped[str] = mapped_column(String(20), nullable=False)
    mode: Mapped[str] = mapped_column(String(10), nullable=False)
    computed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    portfolio_met: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    awarded_category: Mapped[str | None] = mapped_column(String(20))
    total_points: Mapped[float] = mapped_column(Float, nullable=False, default=0)
    #: indicators not met, comma-separated ("1.2,4"), for filtering lists
    failing: Mapped[str | None] = mapped_column(String(80))
    snapshot: Mapped[dict] = mapped_column(JSON, nullable=False)
    result: Mapped[dict] = mapped_column(JSON, nullable=False)

    person = relationship("Person")
    __table_args__ = (UniqueConstraint("batch_key", "person_id"),)
