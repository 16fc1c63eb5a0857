"""Portfolio materials, one typed record per indicator of DOMAIN.md §6."""

from __future__ import annotations

import datetime as dt
import decimal

from flask_appbuilder import Model
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin, utcnow
from models.records import ProfileRecordMixin, RegistryKeyMixin


class KnowledgeQuality(ProfileRecordMixin, Model):
    """1.1: quality of knowledge of one class or group in one year, with the monitoring analysis."""

    __tablename__ = "knowledge_quality"
    class_group: Mapped[str] = mapped_column(String(60), nullable=False)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id"))
    quality_percent: Mapped[decimal.Decimal | None] = mapped_column(Numeric(5, 2))
    success_percent: Mapped[decimal.Decimal | None] = mapped_column(Numeric(5, 2))
    #: special education: the dynamics of skills of children with disabilities
    skills_dynamics: Mapped[str | None] = mapped_column(Text)
    monitoring_analysis: Mapped[str | None] = mapped_column(Text)

    subject = relationship("Subject")
    __table_args__ = (
        CheckConstraint("quality_percent IS NULL OR (quality_percent >= 0 AND quality_percent <= 100)", name="ck_kq_quality"),
    )


class Contest(TenantOwnedMixin, TimestampMixin, Model):
    """2.1 / 2.2: one contest event; its participants are the portfolio records."""

    __tablename__ = "contest"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: "students" (2.1) or "teachers" (2.2)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="students")
    approved_contest_id: Mapped[int | None] = mapped_column(ForeignKey("approved_contest.id"))
    other_name: Mapped[str | None] = mapped_column(String(400))
    event_level_id: Mapped[int] = mapped_column(ForeignKey("event_level.id"), nullable=False)
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id"), nullable=False, index=True)

    approved_contest = relationship("ApprovedContest")
    event_level = relationship("EventLevel")
    academic_year = relationship("AcademicYear")
    participants = relationship("ContestParticipant", back_populates="contest", cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return str(self.approved_contest) if self.approved_contest else (self.other_name or "")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})" if self.held_on else self.title

    @classmethod
    def rows_about_person(cls, person_id: int):
        """For a teacher's own-rows scope: the contests they are credited in."""
        from sqlalchemy import select

        return cls.id.in_(select(ContestParticipant.contest_id).where(ContestParticipant.person_id == person_id))


class ContestParticipant(ProfileRecordMixin, Model):
    """A participant of a contest, credited to a teacher (the participant or their teacher)."""

    __tablename__ = "contest_participant"
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"), nullable=False, index=True)
    participant_iin: Mapped[str | None] = mapped_column(String(12))
    participant_name: Mapped[str] = mapped_column(String(300), nullable=False)
    #: participant | winner | teacher_of_winner | methodist
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="participant")

    contest = relationship("Contest", back_populates="participants")


#: how many participants a contest has, counted by the database with the contest's row (a list of
#: contests, or an export of 50,000, read every participant row to count them in Python)
Contest.participants_count = column_property(
    select(func.count(ContestParticipant.id)).where(ContestParticipant.contest_id == Contest.id)
    .correlate_except(ContestParticipant).scalar_subquery()
)


class MethodicalMaterial(ProfileRecordMixin, Model):
    """3.1: materials or author programs recommended by a methodical council."""

    __tablename__ = "methodical_material"
    title: Mapped[str] = mapped_column(String(400), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False, default="methodical_manual")
    council_level_id: Mapped[int] = mapped_column(ForeignKey("event_level.id"), nullable=False)
    protocol_number: Mapped[str | None] = mapped_column(String(60))
    protocol_date: Mapped[dt.date | None] = mapped_column(Date)
    link: Mapped[str | None] = mapped_column(String(500))

    council_level = relationship("EventLevel")


class Speech(ProfileRecordMixin, Model):
    """3.2: a speech at a seminar, conference, forum or master class."""

    __tablename__ = "speech"
    title: Mapped[str] = mapped_column(String(400), nullable=False)
    event_name: Mapped[str] = mapped_column(String(400), nullable=False)
    event_level_id: Mapped[int] = mapped_column(ForeignKey("event_level.id"), nullable=False)
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    link: Mapped[str | None] = mapped_column(String(500))

    event_level = relationship("EventLevel")


class Publication(ProfileRecordMixin, Model):
    """3.3: a publication in an edition recommended by the Ministry, at most three authors."""

    __tablename__ = "publication"
    title: Mapped[str] = mapped_column(String(400), nullable=False)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("publication_venue.id"))
    other_venue: Mapped[str | None] = mapped_column(String(400))
    #: all authors, the teacher included (the approved limit is checked on entry, not in the schema)
    author_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    published_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    link: Mapped[str | None] = mapped_column(String(500))

    venue = relationship("PublicationVenue")
    __table_args__ = (CheckConstraint("author_count >= 1", name="ck_publication_authors"),)


class WorkingGroup(ProfileRecordMixin, Model):
    """3.4: a creative, expert or working group, a jury or judging."""

    __tablename__ = "working_group"
    name: Mapped[str] = mapped_column(String(400), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="member")
    event_level_id: Mapped[int] = mapped_column(ForeignKey("event_level.id"), nullable=False)
    order_number: Mapped[str | None] = mapped_column(String(60))
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)

    event_level = relationship("EventLevel")


class PracticeTransmission(ProfileRecordMixin, Model):
    """3.5: transmission of practice, with its coverage (districts or regions reached)."""

    __tablename__ = "practice_transmission"
    title: Mapped[str] = mapped_column(String(400), nullable=False)
    event_level_id: Mapped[int] = mapped_column(ForeignKey("event_level.id"), nullable=False)
    coverage_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    link: Mapped[str | None] = mapped_column(String(500))

    event_level = relationship("EventLevel")
    __table_args__ = (CheckConstraint("coverage_count >= 1", name="ck_transmission_coverage"),)


class Course(RegistryKeyMixin, ProfileRecordMixin, Model):
    """4: a qualification course with its certificate; hours sum over distinct programs."""

    __tablename__ = "course"
    program_id: Mapped[int | None] = mapped_column(ForeignKey("course_program.id"))
    other_program: Mapped[str | None] = mapped_column(String(400))
    provider: Mapped[str | None] = mapped_column(String(400))
    hours: Mapped[int] = mapped_column(Integer, nullable=False)
    in_profile: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    certificate_number: Mapped[str | None] = mapped_column(String(60))
    completed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)

    program = relationship("CourseProgram")
    __table_args__ = (CheckConstraint("hours > 0", name="ck_course_hours"),)

    @property
    def title(self) -> str:
        return str(self.program) if self.program else (self.other_program or "")


class ClassManagement(ProfileRecordMixin, Model):
    """5: class management or curatorship of a group (informational)."""

    __tablename__ = "class_management"
    class_group: Mapped[str] = mapped_column(String(60), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="class_teacher")


class EvidenceFile(TenantOwnedMixin, Model):
    """A file proving a record, stored under UPLOAD_DIR with a random name, served only through
    the scoped download view."""

    __tablename__ = "evidence_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    original_name: Mapped[str] = mapped_column(String(255), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(Integer)
    uploaded_on: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    academic_year_id: Mapped[int | None] = mapped_column(ForeignKey("academic_year.id"))



class CompletenessConfirmation(TenantOwnedMixin, Model):
    """The teacher's "I have checked my data" for one academic year."""

    __tablename__ = "completeness_confirmation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id"), nullable=False)
    confirmed_on: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    academic_year = relationship("AcademicYear")


#: The portfolio record types in indicator order, with their indicator numbers.
PORTFOLIO_MODELS = (
    ("1.1", KnowledgeQuality),
    ("2.x", ContestParticipant),
    ("3.1", MethodicalMaterial),
    ("3.2", Speech),
    ("3.3", Publication),
    ("3.4", WorkingGroup),
    ("3.5", PracticeTransmission),
    ("4", Course),
    ("5", ClassManagement),
)
