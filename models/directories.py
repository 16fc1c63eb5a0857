"""Reference directories: national admins edit them, everyone reads them."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LocalizedNameMixin


class DirectoryMixin(LocalizedNameMixin):
    """A coded entry with kk/ru/en names, an order and an active flag."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class EducationLevel(DirectoryMixin, Model):
    __tablename__ = "education_level"


class OrganizationType(DirectoryMixin, Model):
    __tablename__ = "organization_type"
    education_level_id: Mapped[int | None] = mapped_column(ForeignKey("education_level.id"))
    education_level = relationship("EducationLevel")


class QualificationCategory(DirectoryMixin, Model):
    """Categories in ascending order (rank); legacy ones point at their successor."""

    __tablename__ = "qualification_category"
    rank: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_legacy: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("qualification_category.id"))
    successor = relationship("QualificationCategory", remote_side="QualificationCategory.id")
    #: the event level (rank) the category's indicators require: moderator 1 … master 4
    required_event_rank: Mapped[int | None] = mapped_column(Integer)
    #: qualification course hours the category requires (DOMAIN.md §6, indicator 4)
    min_course_hours: Mapped[int | None] = mapped_column(Integer)


class Position(DirectoryMixin, Model):
    __tablename__ = "position"
    is_head: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_methodist: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class Subject(DirectoryMixin, Model):
    __tablename__ = "subject"


class EventLevel(DirectoryMixin, Model):
    """Organization < district < region < republic < international; rank orders them."""

    __tablename__ = "event_level"
    rank: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class AcademicYear(DirectoryMixin, Model):
    __tablename__ = "academic_year"
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class AttestationPeriod(DirectoryMixin, Model):
    __tablename__ = "attestation_period"
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id"), nullable=False)
    academic_year = relationship("AcademicYear")
    applications_open_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    applications_close_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    commissions_formed_by: Mapped[dt.date | None] = mapped_column(Date)
    decisions_by: Mapped[dt.date | None] = mapped_column(Date)
    #: the criteria rule set this period is scored by (a published one); none: the newest published
    rule_set_id: Mapped[int | None] = mapped_column(ForeignKey("rule_set.id"))
    rule_set = relationship("RuleSet")
    #: planned → open → closed (app/attestation/periods.py); a closed period is immutable
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="planned")
    #: the order of the stages, as data: "application,ozp,portfolio" (2025) or "ozp,application,portfolio" (2024)
    stage_order: Mapped[str] = mapped_column(String(120), nullable=False, default="application,ozp,portfolio")
    #: calendar days from submission to the review deadline
    review_days: Mapped[int] = mapped_column(Integer, nullable=False, default=30)

    @property
    def state_label(self) -> str:
        from app.attestation.labels import period_state_label

        return period_state_label(self.state)

    @property
    def is_frozen(self) -> bool:
        """Closed, or its academic year closed: nothing in it changes (except by an upheld appeal)."""
        return self.state == "closed" or bool(self.academic_year is not None and self.academic_year.is_closed)


class ApprovedContest(DirectoryMixin, Model):
    """A contest on the approved list, approved by the Ministry or by a region."""

    __tablename__ = "approved_contest"
    approved_by: Mapped[str] = mapped_column(String(16), nullable=False, default="ministry")
    approving_region_id: Mapped[int | None] = mapped_column(ForeignKey("tenant.id"))
    approving_region = relationship("Tenant")
    event_level_id: Mapped[int | None] = mapped_column(ForeignKey("event_level.id"))
    event_level = relationship("EventLevel")
    for_students: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    for_teachers: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class PublicationVenue(DirectoryMixin, Model):
    __tablename__ = "publication_venue"
    url: Mapped[str | None] = mapped_column(String(400))
    issn: Mapped[str | None] = mapped_column(String(20))


class CourseProgram(DirectoryMixin, Model):
    __tablename__ = "course_program"
    provider: Mapped[str | None] = mapped_column(String(400))
    hours: Mapped[int | None] = mapped_column(Integer)


class AppealType(DirectoryMixin, Model):
    __tablename__ = "appeal_type"


#: Every directory model, in menu order.
DIRECTORY_MODELS: tuple[type[Model], ...] = (
    EducationLevel,
    OrganizationType,
    QualificationCategory,
    Position,
    Subject,
    EventLevel,
    AcademicYear,
    AttestationPeriod,
    ApprovedContest,
    PublicationVenue,
    CourseProgram,
    AppealType,
)
