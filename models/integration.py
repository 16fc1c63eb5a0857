"""The registries' side of the database: each registry's sync state (cursor, lock), the run log of
every sync, and the disputes of values that came from a registry (app/integrations)."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, TimestampMixin, utcnow


class RegistryState(Model):
    """One row per registry: where its feed stands and who is syncing it now (the lock).

    ``cursors`` maps a collection to the highest revision applied; ``holder`` is the running sync's
    host and process, ``heartbeat_on`` its last sign of life (a page, a retry)."""

    __tablename__ = "registry_state"

    source: Mapped[str] = mapped_column(String(10), primary_key=True)
    cursors: Mapped[dict | None] = mapped_column(JSON)
    last_success_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_full_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    running_run_id: Mapped[int | None] = mapped_column(Integer)
    holder: Mapped[str | None] = mapped_column(String(120))
    heartbeat_on: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SyncRun(TenantOwnedMixin, Model):
    """The log of one sync: owned by the republic's node, so only national staff read it."""

    __tablename__ = "sync_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(10), nullable=False)
    #: full | incremental
    mode: Mapped[str] = mapped_column(String(12), nullable=False)
    #: running | finished | failed | interrupted (a dead worker's run, resumed by the next sync)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="running")
    started_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    finished_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    heartbeat_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: collection -> revision the run started from / has applied up to (resume from here)
    since: Mapped[dict | None] = mapped_column(JSON)
    cursors: Mapped[dict | None] = mapped_column(JSON)
    #: the collection being synced now, and how many records the feed announced for the run
    collection: Mapped[str | None] = mapped_column(String(20))
    total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    fetched: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: error code -> count (codes, translated by the page: app/integrations/labels.py)
    errors: Mapped[dict | None] = mapped_column(JSON)
    #: the last error that stopped the run (a code)
    stop_reason: Mapped[str | None] = mapped_column(String(40))
    requests: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    retries: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    resumed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(128))
    job_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_sync_run_source", "source", "id"),)

    def __str__(self) -> str:
        return f"{self.source} #{self.id}"


class RegistryDispute(TenantOwnedMixin, TimestampMixin, Model):
    """Somebody says a value from a registry is wrong. Owned by the node whose staff keep that
    registry's data for the record (app/integrations/disputes.py routes it); the teacher it is
    about is notified as it moves: filed -> in_review -> accepted | rejected."""

    __tablename__ = "registry_dispute"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(10), nullable=False)
    #: the disputed record: its table and id, and the teacher it is about
    record_type: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    field: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="filed")
    answer: Mapped[str | None] = mapped_column(Text)
    filed_by_id: Mapped[int | None] = mapped_column(Integer)
    filed_by_name: Mapped[str | None] = mapped_column(String(200))
    answered_by_id: Mapped[int | None] = mapped_column(Integer)
    answered_by_name: Mapped[str | None] = mapped_column(String(200))
    answered_on: Mapped[dt.datetime | None] = mapped_column(DateTime)

    #: the teacher, for lists that show their name (no foreign key in the table: read only)
    person = relationship("Person", primaryjoin="foreign(RegistryDispute.person_id) == Person.id", viewonly=True)

    __table_args__ = (
        Index("ix_registry_dispute_record", "record_type", "record_id"),
        Index("ix_registry_dispute_state", "state", "id"),
    )

    def __str__(self) -> str:
        return f"#{self.id}"
