"""The inbox: a notification belongs to one user and is seen by that user only."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import utcnow


class Notification(Model):
    """``kind`` and ``params`` are codes and plain values: the text is written in the recipient's
    language when shown or e-mailed (app/notifications), never stored translated."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    #: a path inside the site the notification leads to ("/applications/show/12")
    link: Mapped[str | None] = mapped_column(String(400))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    read_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    emailed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: deduplicates reminders: one per (user, key)
    dedupe_key: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        Index("ix_notification_inbox", "user_id", "read_on", "id"),
        Index("uq_notification_dedupe", "user_id", "dedupe_key", unique=True),
    )
