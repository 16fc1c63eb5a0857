"""The generic audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import TenantOwnedMixin, utcnow


class AuditRecord(TenantOwnedMixin, Model):
    __tablename__ = "audit_record"
    __tenant_nullable__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    username: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    object_type: Mapped[str] = mapped_column(String(64), nullable=False)
    object_id: Mapped[str | None] = mapped_column(String(64))
    object_repr: Mapped[str | None] = mapped_column(String(400))
    changes: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_audit_object", "object_type", "object_id"),)
