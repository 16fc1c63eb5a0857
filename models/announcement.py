"""Announcements: staff's own words to every user of a node's subtree (of one role, or all).

Owned by the node whose users receive it (``tenant_id``), so the scope shows it to that node's staff
and those above. Delivered by a job (app/announcements/delivery.py) into the inbox in batches; the
job's cursor (``last_user_id``) and counts are committed with each batch, so a rerun resumes.
"""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TenantOwnedMixin, utcnow

DRAFT, SENDING, SENT, FAILED = "draft", "sending", "sent", "failed"
STATES = (DRAFT, SENDING, SENT, FAILED)
TITLE_MAX = 200
BODY_MAX = 4000


class Announcement(TenantOwnedMixin, Model):
    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    #: plain text, shown as written (line breaks kept, no markup)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    #: a role of app/security/roles.ROLE_DEFINITIONS, or None for every role
    role: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12), nullable=False, default=DRAFT)
    #: matching users when sending began (more may be delivered if accounts appear meanwhile)
    recipients_total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    delivered: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    emailed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: the delivery job's keyset cursor: every matching user with a smaller id has the inbox row
    last_user_id: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    author_id: Mapped[int | None] = mapped_column(Integer)
    author_name: Mapped[str | None] = mapped_column(String(200))
    #: the author's home node: the recipients read who it comes from in their own language
    sender_node_id: Mapped[int | None] = mapped_column(ForeignKey("tenant.id"))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    sent_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    delivered_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    job_id: Mapped[int | None] = mapped_column(Integer)

    sender_node = relationship("Tenant", foreign_keys=[sender_node_id])

    def __str__(self) -> str:
        return self.title or f"#{self.id}"
