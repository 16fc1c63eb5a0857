""""Who viewed my portfolio": staff and commission members opening a teacher's portfolio leave a row.

This is the one write a GET may make (issue 12): one row per viewer, teacher, kind of page and day,
its counter raised on a repeat view. A failure to log never breaks the page being shown.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

from flask import after_this_request, current_app, has_request_context
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

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
    """Log that ``viewer`` (a user) opened ``person``'s portfolio; the teacher's own views are not logged.

    In a request the row is written once the page is rendered: the log's commit expires every
    loaded object, and a page that logged first and rendered after reloaded each of them (the
    record, its teacher, the user: 5–8 statements a show page). Its values are read now."""
    if person is None or viewer is None or getattr(viewer, "person_id", None) == person.id or what not in WHATS:
        return
    name = " ".join(p for p in (getattr(viewer, "last_name", ""), getattr(viewer, "first_name", "")) if p)
    # the teacher's region and district are the row's: both rows are owned by the teacher's organization
    entry = {"person_id": person.id, "tenant_id": person.tenant_id, "region_id": person.region_id,
             "district_id": person.district_id, "viewer_id": viewer.id,
             "viewer_name": (name or viewer.username)[:300], "viewer_role": _role_of(viewer), "what": what}
    if not has_request_context():
        _write(entry, nested=True)
        return

    @after_this_request
    def log_after_render(response):
        _write(entry, nested=False)
        return response


def _write(entry: dict, nested: bool) -> None:
    """One row per viewer, teacher, page kind and day, a repeat raising its counter: one upsert (two
    first views at once cannot both insert). ``nested`` keeps the caller's unsaved work apart (a
    savepoint); after the page is rendered there is none."""
    today, now = dt.date.today(), utcnow()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(PortfolioAccess).values(**entry, viewed_on=today, last_viewed_at=now, times=1)
    statement = statement.on_conflict_do_update(
        index_elements=["person_id", "viewer_id", "what", "viewed_on"],
        set_={"times": PortfolioAccess.times + 1, "last_viewed_at": now})
    try:
        with db.session.begin_nested() if nested else nullcontext():
            db.session.execute(statement)
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
