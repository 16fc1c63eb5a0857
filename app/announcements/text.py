"""An announcement's inbox row written out: the author's title and words, and the node it comes from
in the reader's language (app/notifications/messages.render asks here for the kind "announcement").

The words are read once per session (the inbox page, an e-mail batch of thousands of rows of one
announcement): a sent announcement never changes, so its copy in ``session.info`` stays true.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.i18n import _, current_locale
from app.web.bounds import parse_id
from models.announcement import Announcement
from tenants.models import Tenant

_CACHE = "ustaz_announcement_text"
#: announcements kept per session: an inbox page shows 25 rows
_CACHE_SIZE = 64


def _read(announcement_id: int) -> tuple[str, str, dict[str, str]] | None:
    cache: dict[int, Any] = db.session.info.setdefault(_CACHE, {})
    if announcement_id in cache:
        return cache[announcement_id]
    row = db.session.execute(
        select(Announcement.title, Announcement.body, Tenant.name_kk, Tenant.name_ru, Tenant.name_en)
        .outerjoin(Tenant, Tenant.id == Announcement.sender_node_id)
        .where(Announcement.id == announcement_id)
    ).one_or_none()
    found = None if row is None else (row.title, row.body, {"kk": row.name_kk, "ru": row.name_ru, "en": row.name_en})
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[announcement_id] = found
    return found


def announcement_text(params: Mapping[str, Any]) -> tuple[str, str] | None:
    """(subject, body) in the current language, or None when the announcement is not there."""
    announcement_id = parse_id(params.get("announcement"))
    if announcement_id is None:
        return None
    found = _read(announcement_id)
    if found is None:
        return None
    title, body, names = found
    sender = names.get(current_locale()) or names.get("kk") or names.get("ru")
    if sender:
        signature = _("From: %(sender)s", sender=sender)
        body = f"{body}\n\n{signature}"
    return title, body


__all__ = ["announcement_text"]
