"""The teacher's career, as separate typed records, each with its source and collection time."""

from __future__ import annotations

import datetime as dt
import decimal

from flask_appbuilder import Model
from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.records import ProfileRecordMixin, RegistryKeyMixin


class Employment(RegistryKeyMixin, ProfileRecordMixin, Model):
    """A job: one organization, one position, for a period; a teacher may hold several at once."""

    __tablename__ = "employment"
    organization_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), nullable=False, index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"), nullable=False)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id"))
    workload: Mapped[decimal.Decimal] = mapped_column(Numeric(4, 2), nullable=False, default=1)
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    is_main: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    is_pedagogical: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    organization = relationship("Tenant", foreign_keys=[organization_id])
    position = relationship("Position")
    subject = relationship("Subject")


class ExperienceCredit(ProfileRecordMixin, Model):
    """Pedagogical experience outside the employment records, with the reason it counts."""

    __tablename__ = "experience_credit"
    days: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(String(400), nullable=False)


class Diploma(RegistryKeyMixin, ProfileRecordMixin, Model):
    __tablename__ = "diploma"
    institution: Mapped[str] = mapped_column(String(400), nullable=False)
    specialty: Mapped[str] = mapped_column(String(400), nullable=False)
    qualification: Mapped[str | None] = mapped_column(String(400))
    number: Mapped[str | None] = mapped_column(String(60))
    graduated_on: Mapped[dt.date | None] = mapped_column(Date)


class CategoryRecord(ProfileRecordMixin, Model):
    """A category assigned or confirmed, by which order, valid until when."""

    __tablename__ = "category_record"
    category_id: Mapped[int] = mapped_column(ForeignKey("qualification_category.id"), nullable=False)
    assigned_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    order_number: Mapped[str | None] = mapped_column(String(60))
    issuing_level_id: Mapped[int | None] = mapped_column(ForeignKey("event_level.id"))

    category = relationship("QualificationCategory")
    issuing_level = relationship("EventLevel")


class OzpResult(RegistryKeyMixin, ProfileRecordMixin, Model):
    """A knowledge test (ОЗП / ПББ) result from the testing centre."""

    __tablename__ = "ozp_result"
    taken_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="kk")
    percent: Mapped[decimal.Decimal] = mapped_column(Numeric(5, 2), nullable=False)
    category_reached_id: Mapped[int | None] = mapped_column(ForeignKey("qualification_category.id"))
    violation_act: Mapped[str | None] = mapped_column(String(400))
    annulled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    annulment_reason: Mapped[str | None] = mapped_column(Text)

    category_reached = relationship("QualificationCategory")
