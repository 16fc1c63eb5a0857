""""Who viewed my portfolio": staff and commission members opening a teacher's portfolio leave a row.

This is the one write a GET may make (issue 12): one row per viewer, teacher, kind of page and day,
its counter raised on a repeat view. A failure to log never breaks the page being shown.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import update

from app.extensions import db
from models.base import utcnow
from models.portal import PortfolioAccess

#: what was opened
WHATS = ("profile", "application", "record")


def _role_of(user) -> str:
    from app.security.roles import ROLE_DEFINITIONS

    ranked = sorted((role.name for role in getattr(user, "roles", []) if role.name in ROLE_DEFINITIONS),
                    key=lambda name: -ROLE_DEFINITIONS[name].rank)
    return ranked[0] if ranked else "Admin"


def record_view(person, viewer, what: str) -> None:
    """Log that ``viewer`` (a user) opened ``person``'s portfolio; the teacher's own views are not logged."""
    if person is None or viewer is None or getattr(viewer, "person_id", None) == person.id or what not in WHATS:
        return
    today, now = dt.date.today(), utcnow()
    try:
        with db.session.begin_nested():
            bumped = db.session.execute(
                update(PortfolioAccess)
                .where(PortfolioAccess.person_id == person.id, PortfolioAccess.viewer_id == viewer.id,
                       PortfolioAccess.what == what, PortfolioAccess.viewed_on == today)
                .values(times=PortfolioAccess.times + 1, last_viewed_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            if not bumped:
                name = " ".join(p for p in (getattr(viewer, "last_name", ""), getattr(viewer, "first_name", "")) if p)
                db.session.add(PortfolioAccess(
                    person_id=person.id, tenant_id=person.tenant_id, viewer_id=viewer.id,
                    viewer_name=(name or viewer.username)[:300], viewer_role=_role_of(viewer), what=what,
                    viewed_on=today, last_viewed_at=now, times=1))
        db.session.commit()
    except Exception:  # noqa: BLE001 - a lost log line must not cost the reader the page
        db.session.rollback()
        current_app.logger.exception("portfolio access log failed")


def role_label(code: str) -> str:
    from app.i18n import _
    from app.security.roles import ROLE_DEFINITIONS

    definition = ROLE_DEFINITIONS.get(code)
    return str(definition.label) if definition else _("Administrator")


def what_label(code: str) -> str:
    from app.i18n import _

    return {"profile": _("digital profile"), "application": _("application for attestation"),
            "record": _("a record of the profile")}.get(code, code)
