"""Lesson observation: versioned templates per education level, and the sheets observers fill."""

from __future__ import annotations

import datetime as dt
import decimal

from flask_appbuilder import Model
from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LocalizedNameMixin, TenantOwnedMixin, TimestampMixin, utcnow

EVENT_TYPES = ("lesson", "session", "activity", "event")


class ObservationTemplate(LocalizedNameMixin, Model):
    """One version of the observation sheet of an education level. Published versions are immutable."""

    __tablename__ = "observation_template"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    education_level_id: Mapped[int] = mapped_column(ForeignKey("education_level.id"), nullable=False)
    #: comma-separated event types the sheet applies to (lesson, session, activity, event)
    event_types: Mapped[str] = mapped_column(String(100), nullable=False, default="lesson")
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="draft")
    published_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("observation_template.id"))

    education_level = relationship("EducationLevel")
    previous = relationship("ObservationTemplate", remote_side=[id])
    sections = relationship("TemplateSection", back_populates="template", order_by="TemplateSection.order",
                            cascade="all, delete-orphan")
    criteria = relationship("TemplateCriterion", back_populates="template", order_by="TemplateCriterion.order",
                            cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("code", "version"),)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def max_points(self) -> int:
        return sum(max((lvl.points for lvl in c.levels), default=0) for c in self.criteria)

    def __str__(self) -> str:
        return f"{self.localized_name()} (v{self.version})"


class TemplateSection(LocalizedNameMixin, Model):
    __tablename__ = "template_section"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("observation_template.id"), nullable=False, index=True)
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    template = relationship("ObservationTemplate", back_populates="sections")


class TemplateCriterion(LocalizedNameMixin, Model):
    """A criterion; its name_* fields hold the criterion's text."""

    __tablename__ = "template_criterion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("observation_template.id"), nullable=False, index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("template_section.id"))
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    template = relationship("ObservationTemplate", back_populates="criteria")
    section = relationship("TemplateSection")
    levels = relationship("RubricLevel", back_populates="criterion", order_by="RubricLevel.level",
                          cascade="all, delete-orphan")


class RubricLevel(LocalizedNameMixin, Model):
    """One of the four levels of a criterion: its description (name_*) and points."""

    __tablename__ = "rubric_level"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("template_criterion.id"), nullable=False, index=True)
    level: Mapped[int] = mapped_column(Integer, nullable=False)
    points: Mapped[int] = mapped_column(Integer, nullable=False)
    criterion = relationship("TemplateCriterion", back_populates="levels")


class ObservationSheet(TenantOwnedMixin, TimestampMixin, Model):
    """One observer's sheet of one lesson. Owned by the teacher's organization."""

    __tablename__ = "observation_sheet"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), nullable=False, index=True)
    #: internal (same organization) or external (methodist, commission member, another school)
    observer_kind: Mapped[str] = mapped_column(String(10), nullable=False, default="internal")
    template_id: Mapped[int] = mapped_column(ForeignKey("observation_template.id"), nullable=False)
    academic_year_id: Mapped[int | None] = mapped_column(ForeignKey("academic_year.id"), index=True)
    observed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    starts_at: Mapped[dt.time] = mapped_column(Time, nullable=False)
    ends_at: Mapped[dt.time] = mapped_column(Time, nullable=False)
    event_type: Mapped[str] = mapped_column(String(12), nullable=False, default="lesson")
    class_group: Mapped[str | None] = mapped_column(String(60))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id"))
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="draft")
    submitted_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("observation_sheet.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    total_points: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_points: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    percent: Mapped[decimal.Decimal] = mapped_column(Numeric(5, 2), nullable=False, default=0)
    recommendations: Mapped[str | None] = mapped_column(Text)
    feedback: Mapped[str | None] = mapped_column(Text)
    feedback_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    feedback_read_on: Mapped[dt.datetime | None] = mapped_column(DateTime)

    person = relationship("Person")
    observer = relationship("UstazUser", foreign_keys=[observer_id])
    template = relationship("ObservationTemplate")
    subject = relationship("Subject")
    academic_year = relationship("AcademicYear")
    supersedes = relationship("ObservationSheet", remote_side=[id])
    answers = relationship("SheetAnswer", back_populates="sheet", cascade="all, delete-orphan",
                           order_by="SheetAnswer.criterion_id")

    @property
    def lesson_key(self) -> tuple:
        """Sheets naming the same lesson: same teacher, date and start time."""
        return (self.person_id, self.observed_on, self.starts_at)

    def __str__(self) -> str:
        return f"{self.person} {self.observed_on:%d.%m.%Y} {self.starts_at:%H:%M}" if self.observed_on else "sheet"


class SheetAnswer(Model):
    __tablename__ = "sheet_answer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("observation_sheet.id"), nullable=False, index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("template_criterion.id"), nullable=False)
    level: Mapped[int] = mapped_column(Integer, nullable=False)
    points: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)

    sheet = relationship("ObservationSheet", back_populates="answers")
    criterion = relationship("TemplateCriterion")
    __table_args__ = (UniqueConstraint("sheet_id", "criterion_id"),)


__all__ = ["EVENT_TYPES", "ObservationSheet", "ObservationTemplate", "RubricLevel", "SheetAnswer",
           "TemplateCriterion", "TemplateSection", "utcnow"]
