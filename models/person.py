"""A person keyed by ИИН: the teacher of the digital profile (employment comes with the profile)."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin


class Person(TenantOwnedMixin, TimestampMixin, Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    iin: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)
    last_name: Mapped[str] = mapped_column(String(100), nullable=False)
    first_name: Mapped[str] = mapped_column(String(100), nullable=False)
    middle_name: Mapped[str | None] = mapped_column(String(100))
    #: Lower-cased "last first middle" for case-insensitive search on SQLite too.
    search_name: Mapped[str] = mapped_column(String(310), nullable=False, default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(32))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("qualification_category.id"))
    #: where the name and birth data came from (models.records.Source: manual, nobd, gbdfl) and when:
    #: a registry's values are not edited by hand, they are disputed (app/integrations/disputes.py)
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="manual", server_default="manual")
    collected_on: Mapped[dt.datetime | None] = mapped_column(DateTime)

    position = relationship("Position")
    subject = relationship("Subject")
    category = relationship("QualificationCategory")

    __table_args__ = (
        Index("ix_person_district_name", "district_id", "last_name", "id"),
        Index("ix_person_region_name", "region_id", "last_name", "id"),
        # the republic-wide list ordered by name: 100 ms -> 0.4 ms at 550k teachers (bench/scope_bench.py)
        Index("ix_person_name", "last_name", "id"),
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def __str__(self) -> str:
        return self.full_name
