"""The delivery job: an announcement's inbox rows written in batches, its e-mails queued per batch.

Each batch is one transaction: the announcement's row locked (two runs of one announcement take
turns), the inbox rows of the next recipients after the cursor written by one ``INSERT … SELECT``
(keyset: ``id > last ORDER BY id LIMIT n``; the ids written come back by RETURNING), the cursor and
the counts moved, commit. A run
that dies loses at most its open batch; the next run starts after the cursor. The inbox rows' unique
(user_id, dedupe_key) and the NOT EXISTS of the selection make a rerun deliver nothing twice.
Memory holds one batch of ids, whatever the size of the country.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import JSON, DateTime, Select, String, insert, literal, null, select, update

from app.extensions import db
from app.i18n import _
from app.notifications.mail import mail_enabled, send_emails
from models.announcement import FAILED, SENDING, SENT, Announcement
from models.base import utcnow
from models.notification import Notification
from tenants.models import Tenant
from tenants.scope import ScopeError, current_scope

from . import recipients

log = logging.getLogger("ustaz.announcements")

KIND = "announcement"


def deliver_announcement(ctx: Any, announcement_id: int) -> dict[str, Any]:
    """The job (app.jobs.enqueue): deliver what is left of an announcement being sent."""
    announcement = db.session.get(Announcement, int(announcement_id))
    if announcement is None or announcement.state != SENDING:
        # already delivered (a job run again) or never sent: nothing to do, nothing written
        return _result(announcement, 0)
    try:
        return _deliver(ctx, announcement.id)
    except Exception:
        db.session.rollback()
        db.session.execute(update(Announcement).where(Announcement.id == announcement_id,
                                                      Announcement.state == SENDING).values(state=FAILED))
        db.session.commit()
        raise


def _deliver(ctx: Any, announcement_id: int) -> dict[str, Any]:
    scope = current_scope()  # the starter's (app.jobs.execute): a deactivated author reaches nobody
    announcement = db.session.get(Announcement, announcement_id)
    node = db.session.get(Tenant, announcement.tenant_id)
    if node is None or not scope.contains_path(node.path):
        raise ScopeError("the announcement's node is outside the sender's scope")
    key = recipients.dedupe_key(announcement_id)
    if announcement.last_user_id == 0 and announcement.delivered == 0:
        announcement.recipients_total = recipients.count(node, announcement.role, scope)
        db.session.commit()
    role, total = announcement.role, announcement.recipients_total
    batches = 0
    emailing = mail_enabled()
    while True:
        locked = db.session.execute(
            select(Announcement.last_user_id, Announcement.delivered)
            .where(Announcement.id == announcement_id).with_for_update()
        ).one()
        written = _insert_batch(recipients.batch(node, role, scope, after=locked.last_user_id, key=key,
                                                 size=recipients.BATCH), announcement_id, key)
        if not written:
            db.session.commit()
            break
        delivered = locked.delivered + len(written)
        db.session.execute(update(Announcement).where(Announcement.id == announcement_id)
                           .values(last_user_id=max(user_id for user_id, _id in written), delivered=delivered))
        db.session.commit()
        batches += 1
        if emailing:
            _queue_emails(announcement_id, sorted(notification_id for _user, notification_id in written))
        if ctx is not None:
            ctx.progress(min(99, delivered * 100 // max(total, 1)), f"{delivered}/{max(total, delivered)}")
    db.session.execute(update(Announcement).where(Announcement.id == announcement_id, Announcement.state == SENDING)
                       .values(state=SENT, delivered_on=utcnow()))
    db.session.commit()
    db.session.expire_all()
    return _result(db.session.get(Announcement, announcement_id), batches)


def _insert_batch(batch: Select, announcement_id: int, key: str) -> list[tuple[int, int]]:
    """The batch's inbox rows in one ``INSERT … SELECT`` (Core, no ORM object per user): the ids never
    travel to Python and back as 12,000 bind parameters (a 2,000-row VALUES list took 0.5 s to compile,
    3 minutes for the republic). Returns (user id, notification id) of the rows written."""
    table = Notification.__table__
    chosen = batch.subquery()
    rows = select(chosen.c.id, literal(KIND, String), literal({KIND: announcement_id}, JSON), null(),
                  literal(utcnow(), DateTime), literal(key, String))
    statement = insert(table).from_select(["user_id", "kind", "params", "link", "created_on", "dedupe_key"], rows)
    return [tuple(row) for row in db.session.execute(statement.returning(table.c.user_id, table.c.id))]


def _queue_emails(announcement_id: int, notification_ids: list[int]) -> None:
    """One e-mail job per batch (the notifications' mail path: each recipient in their language)."""
    from app.jobs import enqueue

    enqueue(email_announcement, announcement_id, notification_ids,
            description=_("Announcement e-mails") + f" #{announcement_id}")


def email_announcement(ctx: Any, announcement_id: int, notification_ids: list[int]) -> dict[str, int]:
    """The e-mail job of one batch: app.notifications.mail.send_emails, then the announcement's count."""
    counts = send_emails(ctx, notification_ids)
    if counts.get("sent"):
        db.session.execute(update(Announcement).where(Announcement.id == int(announcement_id))
                           .values(emailed=Announcement.emailed + counts["sent"]))
        db.session.commit()
    return counts


def _result(announcement: Announcement | None, batches: int) -> dict[str, Any]:
    if announcement is None:
        return {"batches": batches}
    return {"announcement": announcement.id, "recipients": announcement.recipients_total,
            "delivered": announcement.delivered, "batches": batches}


__all__ = ["KIND", "deliver_announcement", "email_announcement"]
