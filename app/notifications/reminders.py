"""The daily reminders (``flask ustaz remind``, run by cron): deadlines that come close.

(a) window closing: teachers who have not applied in a period whose application window closes
    within ``REMIND_WINDOW_DAYS``; one INSERT … SELECT per period, so its cost does not grow with
    one query per teacher (575k teachers nationally);
(b) review due: voting members who have not voted on an application due within
    ``REMIND_REVIEW_DAYS`` (or overdue), and the secretary once it is overdue;
(c) protocol unsigned: the signers who have not signed a protocol formed ``REMIND_PROTOCOL_DAYS``
    or more days ago, once a day.

Each reminder is deduplicated by its key, so running the job twice a day reminds nobody twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import JSON, DateTime, String, and_, exists, func, insert, literal, select

from app.extensions import db
from app.notifications import add_notifications, link_for
from app.notifications.mail import mail_enabled, queue_emails
from app.web.display import local_today
from models.attestation import Application, Review
from models.base import utcnow
from models.commission import SECRETARY, VOTING_ROLES, CommissionMember
from models.directories import AttestationPeriod
from models.notification import Notification
from models.person import Person

TEACHER_ROLE = "Teacher"


#: notification ids read (and e-mail jobs queued) at a time after a reminder's INSERT … SELECT
NEW_ROWS_CHUNK = 5_000


def remind_deadlines(ctx: Any, today: str | None = None) -> dict[str, int]:
    """The job: send today's reminders; returns how many of each were created."""
    day = dt.date.fromisoformat(today) if today else local_today()
    config = current_app.config
    window_days = int(config.get("REMIND_WINDOW_DAYS", 7))
    review_days = int(config.get("REMIND_REVIEW_DAYS", 3))
    result = {"periods": 0, "window_closing": 0, "review_due": 0, "review_overdue": 0, "protocol_unsigned": 0}
    periods = db.session.execute(
        select(AttestationPeriod.id, AttestationPeriod.applications_close_on).where(
            AttestationPeriod.state == "open",
            AttestationPeriod.applications_close_on >= day,
            AttestationPeriod.applications_close_on <= day + dt.timedelta(days=window_days),
        ).order_by(AttestationPeriod.id)
    ).all()
    for period_id, closes_on in periods:
        result["periods"] += 1
        result["window_closing"] += _remind_window(period_id, closes_on, day)
    due, overdue = _remind_reviews(day, review_days)
    result["review_due"], result["review_overdue"] = due, overdue
    result["protocol_unsigned"] = _remind_protocols(day, int(config.get("REMIND_PROTOCOL_DAYS", 2)))
    return result


def _remind_window(period_id: int, closes_on: dt.date, day: dt.date) -> int:
    """One INSERT … SELECT: every active teacher of the period without a live application."""
    from flask_appbuilder.security.sqla.models import Role, assoc_user_role

    from app.security.models import User

    key = f"window:{period_id}"
    params = {"period_id": period_id, "closes_on": closes_on.isoformat(), "days": (closes_on - day).days}
    teachers = (
        select(
            User.id,
            literal("window_closing", String),
            literal(params, JSON),
            literal(link_for("ApplicationView.apply"), String),
            literal(utcnow(), DateTime),
            literal(key, String),
        )
        .join(assoc_user_role, assoc_user_role.c.user_id == User.id)
        .join(Role, Role.id == assoc_user_role.c.role_id)
        .where(
            Role.name == TEACHER_ROLE,
            User.active.is_(True),
            User.person_id.is_not(None),
            ~exists().where(Application.person_id == User.person_id, Application.period_id == period_id,
                            Application.state != "withdrawn"),
            ~exists().where(Notification.user_id == User.id, Notification.dedupe_key == key),
        )
    )
    last_id = db.session.execute(select(func.max(Notification.id))).scalar() or 0
    db.session.execute(
        insert(Notification).from_select(["user_id", "kind", "params", "link", "created_on", "dedupe_key"], teachers)
    )
    db.session.commit()
    # the new rows (INSERT … SELECT's rowcount differs between drivers): a primary-key range scan in
    # chunks — the whole country's teachers are hundreds of thousands of ids, never held at once
    created, mail = 0, mail_enabled()
    while True:
        new_ids = db.session.execute(
            select(Notification.id).where(Notification.dedupe_key == key, Notification.id > last_id)
            .order_by(Notification.id).limit(NEW_ROWS_CHUNK)
        ).scalars().all()
        if not new_ids:
            return created
        created += len(new_ids)
        last_id = new_ids[-1]
        if mail:
            queue_emails(new_ids)


def _remind_reviews(day: dt.date, review_days: int) -> tuple[int, int]:
    """Reviews due within ``review_days`` or overdue: non-voters, and the secretary when overdue."""
    from app.security.models import User

    active_member = and_(
        CommissionMember.commission_id == Application.commission_id,
        CommissionMember.removed_on.is_(None),
    )
    base = (
        select(Application.id, Application.review_due_on, Person.last_name, Person.first_name,
               Person.middle_name, User.id)
        .join(Person, Person.id == Application.person_id)
        .join(CommissionMember, active_member)
        .join(User, and_(User.person_id == CommissionMember.person_id, User.active.is_(True)))
        .where(
            Application.state == "under_review",
            Application.review_due_on.is_not(None),
            Application.review_due_on <= day + dt.timedelta(days=review_days),
        )
    )
    voters = (
        base.outerjoin(Review, and_(Review.application_id == Application.id, Review.member_id == CommissionMember.id))
        .where(CommissionMember.role.in_(VOTING_ROLES), Review.corresponds.is_(None))
    )
    secretaries = base.where(CommissionMember.role == SECRETARY, Application.review_due_on < day)
    rows = []
    for statement in (voters, secretaries):
        for app_id, due_on, last, first, middle, user_id in db.session.execute(statement):
            overdue = due_on < day
            # one reminder before the deadline and one after it, per deadline (a moved deadline reminds again)
            key = f"review:{app_id}:{due_on.isoformat()}" + (":overdue" if overdue else "")
            params = {"teacher": " ".join(p for p in (last, first, middle) if p), "application_id": app_id,
                      "due_on": due_on.isoformat(), "overdue": overdue}
            rows.append((user_id, "review_due", params, link_for("ApplicationView.show", pk=app_id), key))
    added = add_notifications(rows)
    overdue_count = sum(1 for n in added if n.params.get("overdue"))  # before the commit expires them
    from app.jobs import commit_and_run

    commit_and_run()  # and the e-mails of the rows just committed
    return len(added) - overdue_count, overdue_count


__all__ = ["local_today", "remind_deadlines"]


def _remind_protocols(day: dt.date, after_days: int) -> int:
    """Signers who have not signed a protocol awaiting signatures for ``after_days`` days: one reminder a day.

    Three queries whatever the number of protocols: the protocols, their signatures, the signers' users.
    """
    from app.security.models import User
    from models.documents import SIGNING, Protocol, ProtocolSignature

    cutoff = dt.datetime.combine(day - dt.timedelta(days=after_days), dt.time.max)
    protocols = db.session.execute(
        select(Protocol.id, Protocol.number, Protocol.commission_id, Protocol.present_member_ids)
        .where(Protocol.state == SIGNING, Protocol.formed_on <= cutoff).order_by(Protocol.id)
    ).all()
    if not protocols:
        return 0
    ids = [p.id for p in protocols]
    signed = set(db.session.execute(
        select(ProtocolSignature.protocol_id, ProtocolSignature.member_id).where(ProtocolSignature.protocol_id.in_(ids))
    ).all())
    from models.commission import Commission

    signers = db.session.execute(
        select(CommissionMember.id, CommissionMember.commission_id, User.id, Commission.name)
        .join(User, and_(User.person_id == CommissionMember.person_id, User.active.is_(True)))
        .join(Commission, Commission.id == CommissionMember.commission_id)
        .where(CommissionMember.commission_id.in_({p.commission_id for p in protocols}),
               CommissionMember.role.in_(VOTING_ROLES), CommissionMember.removed_on.is_(None))
    ).all()
    by_commission: dict[int, list] = {}
    for row in signers:
        by_commission.setdefault(row[1], []).append(row)
    rows = []
    for protocol in protocols:
        present = set(protocol.present_member_ids or [])
        for member_id, _commission_id, user_id, commission_name in by_commission.get(protocol.commission_id, []):
            if member_id in present and (protocol.id, member_id) not in signed:
                rows.append((user_id, "protocol_reminder", {"protocol": protocol.number, "commission": commission_name},
                             link_for("ProtocolView.show", pk=protocol.id), f"protocol:{protocol.id}:{day.isoformat()}"))
    added = add_notifications(rows)
    from app.jobs import commit_and_run

    commit_and_run()
    return len(added)
