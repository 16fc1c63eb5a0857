"""The audit trail: every create, update and delete of a domain row, with who and before/after.

Recorded at the session level (after each flush), so the admin, the REST API, jobs and CLI
operations are all covered without each view remembering to call it.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from models.audit import AuditRecord
from models.base import TenantOwnedMixin, utcnow

#: Tables never audited: the trail itself, job progress and FAB's permission bookkeeping.
SKIPPED_TABLES = {
    "audit_record",
    "job_record",
    "ab_permission",
    "ab_view_menu",
    "ab_permission_view",
    "ab_permission_view_role",
    "ab_register_user",
    "user_session",  # sign-in bookkeeping; failed logins are recorded by record_failed_login()
    "portfolio_access",  # itself an access log (who viewed a portfolio); auditing it would double every view
    "teacher_readiness",  # derived from the profile by a job; the profile's changes are audited
}
#: Columns whose changes are noise (login counters, timestamps) or secret.
IGNORED_COLUMNS = {"last_login", "login_count", "fail_login_count", "changed_on", "search_name"}
MASKED_COLUMNS = {"password"}
#: ИИН columns: the trail is a log, so it keeps only the last four digits (app.identifiers.mask_iin).
IIN_COLUMNS = {"iin", "participant_iin"}

_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("ustaz_audit", default=True)
_actor: contextvars.ContextVar[tuple[int | None, str | None] | None] = contextvars.ContextVar(
    "ustaz_audit_actor", default=None
)


@contextlib.contextmanager
def audit_disabled() -> Iterator[None]:
    """For bulk loads (demo data, national-scale benchmarks) that are not user changes."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


@contextlib.contextmanager
def acting_as(user_id: int | None, username: str | None) -> Iterator[None]:
    """Attribute changes made outside a request (jobs, CLI) to a user."""
    token = _actor.set((user_id, username))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[int | None, str | None]:
    explicit = _actor.get()
    if explicit is not None:
        return explicit
    from flask import g, has_request_context

    if has_request_context():
        user = g.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            return user.id, user.username
    return None, None


def user_display_name(user: Any) -> str | None:
    """A user's name as people read it ("Айгүл Сейітова"), else their login (at most 200 characters)."""
    if user is None:
        return None
    full = " ".join(p for p in (getattr(user, "first_name", None), getattr(user, "last_name", None)) if p)
    name = full or getattr(user, "username", None)
    return name[:200] if name else None


def current_actor_name() -> str | None:
    """The acting person's name as people read it, else their login."""
    from flask import g, has_request_context

    if has_request_context():
        user = g.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            return user_display_name(user)
    return current_actor()[1]


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):  # a JSON column: kept as data (its page labels it), not as a Python repr
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _column_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    values = {}
    for column in mapper.column_attrs:
        key = column.key
        if key in IGNORED_COLUMNS:
            continue
        values[key] = _shown(key, getattr(obj, key, None))
    return values


def _shown(key: str, value: Any) -> Any:
    """A column's value as the trail keeps it: secrets hidden, ИИНs masked."""
    if key in MASKED_COLUMNS:
        return "***"
    if key in IIN_COLUMNS and value:
        from app.identifiers import mask_iin

        return mask_iin(str(value))
    return _plain(value)


def masked_changes(changes: Any) -> Any:
    """Before/after values as shown: ИИNs masked even in rows written before masking existed."""
    if not isinstance(changes, dict):
        return changes
    shown = {}
    for key, value in changes.items():
        if key in IIN_COLUMNS and isinstance(value, dict):
            shown[key] = {k: _shown(key, v) for k, v in value.items()}
        elif key in IIN_COLUMNS:
            shown[key] = _shown(key, value)
        else:
            shown[key] = value
    return shown


def _changed_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for column in state.mapper.column_attrs:
        key = column.key
        if key in IGNORED_COLUMNS:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before == after:
            continue
        changes[key] = {"before": _shown(key, before), "after": _shown(key, after)}
    return changes


def _owner_tenant(obj: Any) -> int | None:
    from tenants.models import Tenant

    if isinstance(obj, Tenant):
        return obj.id
    if isinstance(obj, TenantOwnedMixin):
        return obj.tenant_id
    return None


def _object_repr(obj: Any) -> str | None:
    """The object's name for the trail; None when its class has none (Python would write
    "<models… object at 0x…>": the trail's page shows the object's kind and number instead)."""
    cls = type(obj)
    if cls.__str__ is object.__str__ and cls.__repr__ is object.__repr__:
        return None
    return str(obj)[:400]


def _row(action: str, obj: Any, changes: dict[str, Any], actor: tuple[int | None, str | None]) -> dict:
    state = inspect(obj)
    identity = state.mapper.primary_key_from_instance(obj)
    tenant_id = _owner_tenant(obj)
    return {
        "created_on": utcnow(),
        "user_id": actor[0],
        "username": actor[1],
        "action": action,
        "object_type": obj.__tablename__,
        "object_id": ",".join(str(i) for i in identity) if any(i is not None for i in identity) else None,
        "object_repr": _object_repr(obj),
        "changes": changes,
        "tenant_id": tenant_id,
    }


@event.listens_for(Session, "after_flush")
def _record(session: Session, flush_context) -> None:
    if not _enabled.get():
        return
    actor = current_actor()
    rows = []
    for obj in session.new:
        if getattr(obj, "__tablename__", None) not in SKIPPED_TABLES and hasattr(obj, "__tablename__"):
            rows.append(_row("create", obj, _column_values(obj), actor))
    for obj in session.dirty:
        if getattr(obj, "__tablename__", None) in SKIPPED_TABLES or not hasattr(obj, "__tablename__"):
            continue
        if not session.is_modified(obj, include_collections=False):
            continue
        changes = _changed_values(obj)
        if changes:
            rows.append(_row("update", obj, changes, actor))
    for obj in session.deleted:
        if getattr(obj, "__tablename__", None) not in SKIPPED_TABLES and hasattr(obj, "__tablename__"):
            rows.append(_row("delete", obj, _column_values(obj), actor))
    if not rows:
        return
    _fill_tenant_copies(session, rows)
    session.connection().execute(insert(AuditRecord.__table__), rows)


def _fill_tenant_copies(session: Session, rows: list[dict]) -> None:
    """Audit rows are scoped like the objects they describe; rows of directories go to the root."""
    from sqlalchemy import select

    from tenants.models import Tenant

    connection = session.connection()
    ids = {row["tenant_id"] for row in rows if row["tenant_id"] is not None}
    placement = {}
    if ids:
        placement = {
            r.id: (r.region_id, r.district_id)
            for r in connection.execute(
                select(Tenant.id, Tenant.region_id, Tenant.district_id).where(Tenant.id.in_(ids))
            )
        }
    root_id = None
    for row in rows:
        if row["tenant_id"] is None:
            if root_id is None:
                root_id = connection.execute(
                    select(Tenant.id).where(Tenant.parent_id.is_(None)).order_by(Tenant.id).limit(1)
                ).scalar()
            row["tenant_id"] = root_id
        row["region_id"], row["district_id"] = placement.get(row["tenant_id"], (None, None))


def record_failed_login(
    session: Session,
    username: str,
    *,
    address: str | None,
    channel: str,
    user_id: int | None = None,
    tenant_id: int | None = None,
) -> None:
    """One row of the trail for a refused password (never the password itself).

    Who is the name that was typed (nobody is signed in); the object is the account when one
    of that name exists, so the trail is scoped to the account's home node like its other changes.
    """
    name = (username or "").strip()[:128]
    row = {
        "created_on": utcnow(),
        "user_id": None,
        "username": name,
        "action": "login_failed",
        "object_type": "ab_user",
        "object_id": str(user_id) if user_id is not None else None,
        "object_repr": name,
        "changes": {"address": address, "channel": channel},
        "tenant_id": tenant_id,
    }
    _fill_tenant_copies(session, [row])
    session.connection().execute(insert(AuditRecord.__table__), [row])


def record_entry(session: Session, action: str, object_type: str, changes: dict[str, Any], *,
                 tenant_id: int | None, object_id: str | None = None, object_repr: str | None = None) -> None:
    """One row of the trail for work written in bulk, which bypasses the flush (a scoring batch
    inserts a chunk's scores with one statement: one entry per batch and per chunk, not per score).
    Who is the acting user, as for every other row; ``tenant_id`` places it in the tree."""
    if not _enabled.get():
        return
    actor = current_actor()
    row = {
        "created_on": utcnow(),
        "user_id": actor[0],
        "username": actor[1],
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": (object_repr or "")[:400] or None,
        "changes": _plain(changes),
        "tenant_id": tenant_id,
    }
    _fill_tenant_copies(session, [row])
    session.connection().execute(insert(AuditRecord.__table__), [row])
