"""What a background job is doing: state, progress, result or error, and who started it."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import TenantOwnedMixin, utcnow


class JobRecord(TenantOwnedMixin, Model):
    __tablename__ = "job_record"
    __tenant_nullable__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    func: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(String(400))
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message: Mapped[str | None] = mapped_column(String(400))
    result: Mapped[dict | list | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    rq_id: Mapped[str | None] = mapped_column(String(64))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    started_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: fan-out (app.jobs.fan_out): a part job names the job it works for; that job counts its parts
    #: (``parts``), those that reported (``parts_done``, failed ones included) and failed
    #: (``parts_failed``), and the units of work (teachers) in all and done, which give its progress.
    #: The last part to report finishes it. On a part, ``parts_done`` = 1 once it has reported.
    parent_id: Mapped[int | None] = mapped_column(Integer, index=True)
    parts: Mapped[int | None] = mapped_column(Integer)
    parts_done: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    parts_failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    units: Mapped[int | None] = mapped_column(Integer)
    units_done: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")

    def __str__(self) -> str:
        return f"#{self.id} {self.description or self.func}"
