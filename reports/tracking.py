"""Writes mark their tenants for the summaries (reports/summary.py), and start the refresh after commit.

The mark is written in the writing transaction (it commits or rolls back with the change); with RQ
a refresh job is queued after the commit — at most one waits at a time (a Redis key), and the job
takes every mark made until it starts. Without RQ the dashboards count the marks when they are
opened (a few tenants) and ``flask ustaz refresh-reports`` does the rest.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_PENDING_KEY = "ustaz_report_tenants"
_QUEUED_FLAG = "ustaz:reports:refresh-queued"


def _tracked_models() -> tuple[type, ...]:
    from models.directories import AttestationPeriod  # noqa: F401 - periods have no tenant; closing is seen by the next run
    from models.observation import ObservationSheet
    from reports.measures import MEASURES

    return tuple({m.model for m in MEASURES.values()} | {ObservationSheet})


def _tenants_of(obj) -> set[int]:
    from tenants.models import Tenant

    state = inspect(obj)
    found: set[int] = set()
    columns = ("id", "parent_id") if isinstance(obj, Tenant) else ("tenant_id",)
    for column in columns:
        attribute = state.attrs.get(column) if hasattr(state.attrs, "get") else getattr(state.attrs, column, None)
        if attribute is None:
            continue
        history = attribute.history
        for value in (*history.added, *history.unchanged, *history.deleted):
            if isinstance(value, int):
                found.add(value)
        value = getattr(obj, column, None)
        if isinstance(value, int):
            found.add(value)
    return found


def install() -> None:
    """Listen to every session once per process."""
    if getattr(install, "_done", False):
        return
    install._done = True  # type: ignore[attr-defined]

    @event.listens_for(Session, "after_flush")
    def _mark(session: Session, flush_context) -> None:
        tracked = _tracked_models()
        tenants: set[int] = set()
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, tracked):
                tenants |= _tenants_of(obj)
        if not tenants:
            return
        from reports.summary import mark_dirty

        mark_dirty(session.connection(), tenants)
        if not session.info.get(_PENDING_KEY):
            session.info[_PENDING_KEY] = True
            from app.jobs import after_commit

            after_commit(queue_refresh)

    @event.listens_for(Session, "after_commit")
    @event.listens_for(Session, "after_soft_rollback")
    def _reset(session: Session, *args) -> None:
        session.info.pop(_PENDING_KEY, None)


def queue_refresh(full: bool = False) -> None:
    """Queue the refresh job (RQ only), unless one is queued and not started yet."""
    from flask import current_app, has_app_context

    if not has_app_context() or not current_app.config.get("REDIS_URL"):
        return
    from app.jobs import enqueue, get_queue
    from reports.jobs import refresh_reports

    queue = get_queue()
    if queue is None or not queue.connection.set(_QUEUED_FLAG, "1", nx=True, ex=600):
        return
    enqueue(refresh_reports, full, description="Refresh the dashboards")


def release_queued_flag() -> None:
    """The job started: a write from now on may queue the next one."""
    from app.jobs import get_queue

    queue = get_queue()
    if queue is not None:
        queue.connection.delete(_QUEUED_FLAG)
