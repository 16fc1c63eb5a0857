"""A signed-in browser session, kept on the server so that logging out can kill it.

Flask's session is a signed cookie: without a server-side record a copied cookie would stay
valid after logout. The cookie carries a random token; only its SHA-256 is stored here, so a
read of this table gives nobody a usable session.
"""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import utcnow


class UserSession(Model):
    __tablename__ = "user_session"

    #: SHA-256 (hex) of the token in the session cookie; the lookup on every request is by this key
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    #: refreshed at most once a minute (SESSION_TOUCH_INTERVAL): the idle clock
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __str__(self) -> str:
        return f"session of user #{self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"
