"""Notifications: the inbox rows of the workflow's transitions and reminders, and their e-mails.

``notify()`` adds rows to the caller's transaction (it never commits): the operation that changes
the state commits both together, and the e-mails are queued only once that commit happened
(``app.jobs.after_commit``). A rolled-back operation leaves neither rows nor e-mails.
A notification is its recipient's only: every reader filters on ``user_id``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from app.extensions import db
from models.base import utcnow
from models.notification import Notification

#: ids per IN (...) list: well under every database's bind limit
CHUNK = 500


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def notify(
    user_ids: Iterable[int | None],
    kind: str,
    params: dict | None = None,
    link: str | None = None,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Add one notification per user (None ids and repeats skipped) to the session, uncommitted.

    With ``dedupe_key``, a user who already has (or is about to get) a notification with that key
    gets none. Once the caller commits, one e-mail job is queued for the new rows (if mail is on).
    """
    return add_notifications([(user_id, kind, params, link, dedupe_key) for user_id in user_ids])


def add_notifications(
    rows: Iterable[tuple[int | None, str, dict | None, str | None, str | None]],
) -> list[Notification]:
    """``notify()`` for many kinds at once: (user_id, kind, params, link, dedupe_key) tuples.

    Duplicates are found with one query per chunk of users, not one per row (reminder jobs)."""
    wanted: list[tuple[int, str, dict | None, str | None, str | None]] = []
    seen: set[tuple[int, Any]] = set()
    for user_id, kind, params, link, key in rows:
        if user_id is None:
            continue
        marker = (int(user_id), key if key is not None else (kind, id(params)))
        if marker in seen:
            continue
        seen.add(marker)
        wanted.append((int(user_id), kind, params, link, key))
    taken = _taken_keys([(u, k) for u, _kind, _p, _l, k in wanted if k is not None])
    added = [
        Notification(user_id=user_id, kind=kind, params=dict(params or {}), link=link, dedupe_key=key,
                     created_on=utcnow())
        for user_id, kind, params, link, key in wanted
        if key is None or (user_id, key) not in taken
    ]
    if not added:
        return []
    db.session.add_all(added)
    db.session.flush()  # the ids, for the e-mail job queued after the commit
    from app.jobs import after_commit
    from app.notifications.mail import queue_emails

    if current_app.config.get("MAIL_SERVER"):
        after_commit(queue_emails, [n.id for n in added])
    return added


def _taken_keys(pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """The (user, key) pairs already stored, or pending in this session."""
    if not pairs:
        return set()
    taken = {
        (n.user_id, n.dedupe_key) for n in db.session.new if isinstance(n, Notification) and n.dedupe_key is not None
    }
    users = sorted({u for u, _k in pairs})
    keys = sorted({k for _u, k in pairs})
    for user_chunk in _chunks(users):
        for key_chunk in _chunks(keys):
            # (user_id, dedupe_key) is the unique index: user_id leads, so this is an index lookup
            taken.update(
                tuple(row)
                for row in db.session.execute(
                    select(Notification.user_id, Notification.dedupe_key).where(
                        Notification.user_id.in_(user_chunk), Notification.dedupe_key.in_(key_chunk)
                    )
                )
            )
    return taken


def users_of_persons(person_ids: Iterable[int | None]) -> dict[int, int]:
    """person_id -> the user id of that person's active account (one query per 500 persons)."""
    from app.security.models import User

    ids = sorted({int(p) for p in person_ids if p is not None})
    found: dict[int, int] = {}
    for chunk in _chunks(ids):
        rows = db.session.execute(
            select(User.person_id, User.id)
            .where(User.person_id.in_(chunk), User.active.is_(True))
            .order_by(User.id)
        )
        for person_id, user_id in rows:
            found.setdefault(person_id, user_id)  # several accounts: the oldest
    return found


def unread_count(user_id: int | None, limit: int | None = None) -> int:
    """How many unread notifications the user has; with ``limit``, counting stops there (the badge)."""
    if user_id is None:
        return 0
    unread = select(Notification.id).where(Notification.user_id == user_id, Notification.read_on.is_(None))
    if limit is not None:
        unread = unread.limit(limit)
    # counts on the (user_id, read_on, id) index alone
    return int(db.session.execute(select(func.count()).select_from(unread.subquery())).scalar_one())


def mark_read(user_id: int, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all when ``ids`` is None); others' ids are ignored.

    Returns how many changed; the caller commits."""
    statement = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_on.is_(None))
        .values(read_on=utcnow())
        .execution_options(synchronize_session=False)
    )
    if ids is None:
        return int(db.session.execute(statement).rowcount or 0)
    wanted = sorted({int(i) for i in ids})
    changed = 0
    for chunk in _chunks(wanted):
        changed += int(db.session.execute(statement.where(Notification.id.in_(chunk))).rowcount or 0)
    return changed


def link_for(endpoint: str, **values: Any) -> str | None:
    """The path of a page by its endpoint (no request needed), or None when no such page exists."""
    from werkzeug.routing import BuildError

    try:
        return current_app.url_map.bind("").build(endpoint, values)
    except BuildError:
        return None


__all__ = ["add_notifications", "link_for", "mark_read", "notify", "unread_count", "users_of_persons"]
