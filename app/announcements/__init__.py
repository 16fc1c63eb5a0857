"""Announcements (issue 16, part 4): national, region and district staff write to every user of a node
of their subtree, of one role or all ("applications close on 31 December"); a job delivers it to the
inboxes in batches, and by e-mail when mail is on (delivery.py).

Plain Python: the operations take the acting user, never the request, and change the caller's
session; the caller commits (app/web/commit.commit_or_flash), and the job is enqueued only once that
commit happened (app.jobs.after_commit). The text is the author's own words, stored once: each inbox
row holds the announcement's id and is written out when shown (text.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from app.audit import user_display_name
from app.extensions import db
from app.i18n import _
from models.announcement import DRAFT, FAILED, SENDING, Announcement
from models.base import utcnow
from tenants.models import Tenant
from tenants.scope import Scope, can_write, scope_for_user

from . import recipients
from .rules import Refused, clean_body, clean_title, may_announce, problems, role_label

#: states a send may start from: a draft, or a delivery that failed (it resumes after its cursor)
SENDABLE = (DRAFT, FAILED)


def _author_scope(author: Any) -> Scope:
    return scope_for_user(author)


def _refuse_author(author: Any) -> None:
    if author is None or not may_announce(getattr(author, "role_names", ())):
        raise Refused([_("You may not send announcements.")])


def _check_node(node: Tenant | None, scope: Scope) -> list[str]:
    """The node must be an active node of the author's own subtree (read grants never widen it)."""
    if node is None:
        return [_("Choose whom the announcement is for.")]
    if not node.is_active or not scope.contains_path(node.path):
        return [_("You can only write to the users of your own area of responsibility.")]
    return []


def prepare(item: Announcement, author: Any) -> Announcement:
    """Clean and check a new or edited draft, stamp its author; Refused with every reason otherwise.

    A draft without a node is for the author's whole area: their home node."""
    _refuse_author(author)
    if item.state not in (None, DRAFT):
        raise Refused([_("This announcement has already been sent and can no longer be changed.")])
    scope = _author_scope(author)
    item.title = clean_title(item.title)
    item.body = clean_body(item.body)
    item.role = (item.role or "").strip() or None
    node = item.tenant if item.tenant is not None else (
        db.session.get(Tenant, item.tenant_id) if item.tenant_id is not None else None)
    if node is None and scope.tenant_id is not None:
        node = db.session.get(Tenant, scope.tenant_id)
    found = problems(item.title, item.body, item.role) + _check_node(node, scope)
    if found:
        raise Refused(found)
    item.tenant = node
    item.state = DRAFT
    if item.author_id is None:
        item.author_id = author.id
        item.author_name = user_display_name(author)
        item.sender_node_id = getattr(author, "tenant_id", None)
        item.created_on = utcnow()
    return item


def create(author: Any, node: Tenant | None, role: str | None, title: str, body: str) -> Announcement:
    """A draft announcement to the users of ``node`` (the author's home node when None), added to the session."""
    item = Announcement(title=title, body=body, role=role or None, tenant=node, state=DRAFT, recipients_total=0,
                        delivered=0, emailed=0, last_user_id=0)
    prepare(item, author)
    db.session.add(item)
    db.session.flush()
    return item


def preview_count(item: Announcement, viewer: Any) -> int:
    """How many users the announcement would reach now, counted inside the viewer's own subtree."""
    node = item.tenant or db.session.get(Tenant, item.tenant_id)
    return recipients.count(node, item.role, _author_scope(viewer)) if node is not None else 0


def send(item: Announcement, actor: Any) -> Announcement:
    """Start (or resume, after a failure) the delivery: the state moves to sending now, the job is
    enqueued once the caller commits. Two sends at once start one delivery."""
    _refuse_author(actor)
    scope = _author_scope(actor)
    if not can_write(item, scope):
        raise Refused([_("You can only write to the users of your own area of responsibility.")])
    if item.state not in SENDABLE:
        raise Refused([_("This announcement has already been sent.")])
    node = item.tenant or db.session.get(Tenant, item.tenant_id)
    found = _check_node(node, scope)
    if found:
        raise Refused(found)
    moved = db.session.execute(
        update(Announcement).where(Announcement.id == item.id, Announcement.state.in_(SENDABLE))
        .values(state=SENDING, sent_on=item.sent_on or utcnow(), job_id=None)  # a resend gets its own job
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:  # another request sent it a moment ago
        raise Refused([_("This announcement has already been sent.")])
    db.session.refresh(item)
    from app.jobs import after_commit, enqueue_for

    from .delivery import deliver_announcement

    after_commit(enqueue_for, Announcement, item.id, deliver_announcement,
                 description=_("Announcement delivery") + f" #{item.id}", user_id=actor.id)
    return item


__all__ = ["Refused", "create", "preview_count", "prepare", "role_label", "send"]
