"""Who receives an announcement: the active users of the node's subtree (of one role, or all), inside
the acting scope. Read by id ranges (keyset), never loaded whole: a republic holds 575k teachers.
"""

from __future__ import annotations

from flask_appbuilder.security.sqla.models import Role, assoc_user_role
from sqlalchemy import Select, exists, func, select

from app.extensions import db
from app.security.models import User
from models.notification import Notification
from tenants.models import Tenant
from tenants.scope import Scope, node_subtree_clause, scope_clause

#: recipients per batch: one SELECT of ids and one INSERT of inbox rows per batch
BATCH = 2000


def dedupe_key(announcement_id: int) -> str:
    """The inbox rows' key: (user_id, dedupe_key) is unique, so nobody gets an announcement twice."""
    return f"announcement:{announcement_id}"


def _role_id(role: str | None) -> int | None:
    if not role:
        return None
    found = db.session.execute(select(Role.id).where(Role.name == role)).scalar_one_or_none()
    return -1 if found is None else found  # a role not in the database matches nobody


def recipients(node: Tenant, role: str | None, scope: Scope) -> Select:
    """``SELECT ab_user.id`` of the recipients (unordered, unbounded: callers add order and limit)."""
    query = select(User.id).where(User.active.is_(True), node_subtree_clause(User, node))
    within = scope_clause(User, scope, write=True)  # the author's own subtree, whatever the node says
    if within is not None:
        query = query.where(within)
    role_id = _role_id(role)
    if role_id is not None:
        # (user_id, role_id) is unique in ab_user_role: the join never repeats a user
        query = query.join(assoc_user_role, assoc_user_role.c.user_id == User.id).where(
            assoc_user_role.c.role_id == role_id)
    return query


def count(node: Tenant, role: str | None, scope: Scope) -> int:
    """How many users an announcement to ``node`` and ``role`` would reach now."""
    query = recipients(node, role, scope)
    return int(db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def batch(node: Tenant, role: str | None, scope: Scope, *, after: int, key: str, size: int) -> Select:
    """``SELECT id`` of the next ``size`` recipients by id after ``after`` who do not hold the inbox row
    ``key`` yet (keyset: the primary key's order, so each batch starts where the last one ended)."""
    already = exists().where(Notification.user_id == User.id, Notification.dedupe_key == key)
    return recipients(node, role, scope).where(User.id > after, ~already).order_by(User.id).limit(size)


__all__ = ["BATCH", "batch", "count", "dedupe_key", "recipients"]
