"""What every record of a teacher's profile carries: whose, owned where, from which source,
collected when, entered by whom, for which academic year, and a dispute note if contested."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin, utcnow


class Source(str, enum.Enum):
    NOBD = "nobd"
    MNVO = "mnvo"
    UTO = "uto"
    GBDFL = "gbdfl"
    GBDUL = "gbdul"
    ORLEU = "orleu"
    MANUAL = "manual"
    #: written by an attestation order (app/attestation/orders.py)
    ORDER = "order"


class RegistryKeyMixin:
    """A record a registry's feed fills: its key in that registry, unique, so a sync upserts by it."""

    external_id: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)


class ProfileRecordMixin(TenantOwnedMixin, TimestampMixin):
    """A typed record of one person's profile, owned by the organization that holds it."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)

    @declared_attr
    def person_id(cls) -> Mapped[int]:
        return mapped_column(Integer, ForeignKey("person.id"), nullable=False, index=True)

    @declared_attr
    def person(cls):
        return relationship("Person", foreign_keys=[cls.person_id])

    @declared_attr
    def academic_year_id(cls) -> Mapped[int | None]:
        return mapped_column(Integer, ForeignKey("academic_year.id"), index=True)

    @declared_attr
    def academic_year(cls):
        return relationship("AcademicYear", foreign_keys=[cls.academic_year_id])

    source: Mapped[str] = mapped_column(String(10), nullable=False, default=Source.MANUAL.value)
    collected_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(Integer)
    entered_by_name: Mapped[str | None] = mapped_column(String(200))
    dispute_note: Mapped[str | None] = mapped_column(Text)
    disputed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @property
    def is_manual(self) -> bool:
        # a new record has no source until it is flushed: entered here, so manual
        return self.source in (None, Source.MANUAL.value)

    def __str__(self) -> str:
        title = getattr(self, "title", None) or getattr(self, "name", None)
        return f"{type(self).__name__} #{self.id}" + (f": {title}" if title else "")
