"""The permission stamp: a version that moves whenever any role's permissions change.

Every worker caches a role set's permissions under the version it read them at. The version is read
in the same statement as the signed-in user (UstazSecurityManager.get_user_by_id), so permission
checks cost no statement on a page, and a change made by any process (sync-roles from the CLI, the
role admin in another worker) is seen everywhere on the next request.

The version moves inside the flush that changes permissions, so it commits (or rolls back) with them.
Changes made outside the ORM (raw SQL on ab_permission_view_role) do not move it: run
`flask ustaz sync-roles` after such an edit (roles are data in app/security/roles.py).
"""

from __future__ import annotations

import threading

from flask import g, has_app_context
from flask_appbuilder.security.sqla.models import Permission, PermissionView, Role, ViewMenu
from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session

from app.security.models import PermissionStamp

_REQUEST_KEY = "_ustaz_permission_version"
#: (security manager, version, role ids) -> frozenset of (permission, view) names, shared by the process's threads
PERMISSION_CACHE: dict[tuple[str, int, tuple[int, ...]], frozenset[tuple[str, str]]] = {}
PERMISSION_LOCK = threading.Lock()


def permission_version():
    """A scalar subquery of the current version (0 before the first change)."""
    return select(func.coalesce(func.max(PermissionStamp.version), 0)).scalar_subquery()


def known_version() -> int | None:
    return g.get(_REQUEST_KEY) if has_app_context() else None


def remember_version(version: int) -> None:
    if has_app_context():
        g.setdefault(_REQUEST_KEY, version)


def forget_version() -> None:
    if has_app_context():
        g.pop(_REQUEST_KEY, None)


def _insert_once(dialect: str):
    table = PermissionStamp.__table__
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the two databases the app runs on
        return table.insert()
    return insert(table).on_conflict_do_nothing(index_elements=["id"])


def _changes_permissions(session: Session) -> bool:
    structural = (Role, PermissionView, Permission, ViewMenu)
    if any(isinstance(obj, structural) for obj in (*session.new, *session.deleted)):
        return True
    for obj in session.dirty:
        if isinstance(obj, Role) and inspect(obj).attrs.permissions.history.has_changes():
            return True
    return False


@event.listens_for(Session, "before_flush")
def _bump_on_permission_change(session: Session, _context, _instances) -> None:
    if not _changes_permissions(session):
        return
    connection = session.connection()
    bump = update(PermissionStamp).where(PermissionStamp.id == 1).values(version=PermissionStamp.version + 1)
    if not connection.execute(bump).rowcount:
        # no row yet (a database made without the migrations): create it, never twice, then move it
        connection.execute(_insert_once(connection.dialect.name).values(id=1, version=0))
        connection.execute(bump)
    with PERMISSION_LOCK:
        PERMISSION_CACHE.clear()
    forget_version()
