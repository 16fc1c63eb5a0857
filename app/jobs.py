"""The one enqueue(): RQ when REDIS_URL is set, in-process otherwise.

A job is a plain function taking ids (never ORM objects) and a ``JobContext`` for progress.
Each call creates a JobRecord (state, progress, result, error) stamped with who started it and
from which home node; it runs under that user's scope and is shown on the job page.

Who sees a job (``job_visibility_clause``): its starter, and users whose own subtree holds the
node it was started from (a region officer sees the jobs started in their districts). A job's
result summarises the starter's whole scope, so read grants (an observer's granted schools, a
commission's applications) never open it, and users who see only their own rows (teachers) see
only their own jobs. Jobs of users without a node (superusers, system jobs) are for superusers.
"""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from app.extensions import db
from models.base import utcnow
from models.job import JobRecord

QUEUED, STARTED, FINISHED, FAILED = "queued", "started", "finished", "failed"


@dataclass
class JobContext:
    """Handed to a running job: report progress, learn who started it."""

    record_id: int
    user_id: int | None
    #: a part job's parent (``fan_out``): the part reports to it with ``report_part``
    parent_id: int | None = None

    def progress(self, percent: int, message: str | None = None) -> None:
        percent = max(0, min(100, int(percent)))
        if not self.record_id:  # a direct call (benchmarks, tests): nothing to report to
            return
        db.session.query(JobRecord).filter_by(id=self.record_id).update(
            {"progress": percent, "message": message}
        )
        db.session.commit()
        _rq_meta({"progress": percent, "message": message})


def _rq_meta(values: dict) -> None:
    try:
        from rq import get_current_job
    except ImportError:  # pragma: no cover
        return
    job = get_current_job()
    if job is not None:
        job.meta.update(values)
        job.save_meta()


def job_visibility_clause(scope):
    """The WHERE clause of the jobs ``scope`` may see (the rule of the module docstring)."""
    from sqlalchemy import and_

    from tenants.scope import scope_clause

    # the home subtree only (write=True leaves out read grants); the starter's node is in it
    subtree = scope_clause(JobRecord, scope, write=True)
    if scope.self_only and not scope.unrestricted:
        return and_(subtree, JobRecord.user_id == scope.user_id)
    return subtree


def dotted_name(func: Callable) -> str:
    name = f"{func.__module__}.{func.__qualname__}"
    if func.__module__ == "__main__" or "<locals>" in func.__qualname__:
        raise ValueError("jobs must be importable module-level functions")
    return name


def _resolve(name: str) -> Callable:
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def enqueue(
    func: Callable,
    *args: Any,
    description: str | None = None,
    user=None,
    parent_id: int | None = None,
    **kwargs: Any,
) -> JobRecord:
    """Record and run ``func(ctx, *args, **kwargs)``: on RQ if configured, else right here.

    ``parent_id``: a part of that job (``fan_out``), run under the same user and scope."""
    name = dotted_name(func)
    tenant_id = getattr(user, "tenant_id", None)
    record = JobRecord(
        func=name,
        description=(description or name)[:400],
        user_id=getattr(user, "id", None),
        tenant_id=tenant_id,
        state=QUEUED,
        parent_id=parent_id,
    )
    db.session.add(record)
    db.session.commit()
    queue = get_queue()
    if queue is None:
        try:
            execute(record.id, name, list(args), kwargs)
        except Exception:  # noqa: BLE001 - recorded as FAILED on the record, shown on the job page
            pass
        db.session.refresh(record)
        return record
    job = queue.enqueue(
        execute,
        record.id,
        name,
        list(args),
        kwargs,
        job_timeout=current_app.config.get("RQ_JOB_TIMEOUT", 3600),
        result_ttl=86400,
    )
    record.rq_id = job.id
    db.session.commit()
    return record


def fan_out(ctx: JobContext, func: Callable, parts: list[tuple[tuple, int]], *, result: dict,
            units: int, units_done: int = 0, description: str) -> None:
    """Hand the running job's work to part jobs ``func(part_ctx, *args)``, one per ``(args, units)``,
    enqueued like any job (on every RQ worker; in-process, each runs here and now) as the job's
    starter, so each runs under the same scope. The job stays started with ``result`` until its
    last part reports (``report_part``): progress is the parts' units summed over ``units``.

    The counts are committed before the first part is enqueued: a part that ends at once finds them.
    """
    from app.security.models import User

    db.session.query(JobRecord).filter_by(id=ctx.record_id).update({
        "parts": len(parts), "parts_done": 0, "parts_failed": 0, "units": units, "units_done": units_done,
        "result": result, "progress": units_done * 100 // max(units, 1), "message": f"{units_done}/{units}",
    })
    db.session.commit()
    user = db.session.get(User, ctx.user_id) if ctx.user_id else None
    if ctx.user_id and user is None:  # the starter is gone: parts enqueued as nobody would be system jobs
        raise LookupError("the job's starter no longer exists")
    for number, (args, _units) in enumerate(parts, start=1):
        enqueue(func, *args, description=f"{description} · {number}/{len(parts)}"[-400:], user=user,
                parent_id=ctx.record_id)


def report_part(ctx: JobContext, units: int, merge: Callable[[dict], dict], *,
                finish: Callable[[dict], dict] | None = None, failed: bool = False) -> bool:
    """A part job's report to its parent, in the part's transaction (the caller commits, so the
    part's work and its count land together): the parent's row is locked, ``merge(result)``
    gives its new result, units and parts are added; the last part applies ``finish`` and ends
    the parent (failed when a part failed). A part reports once (a part run again only turns
    its failure into a success). True when this part finished the parent."""
    if not ctx.parent_id:
        return False
    # the parent's row locked first (columns, not the ORM object: FOR UPDATE refuses its join to the
    # tenant), then this part's own row read under that lock: two runs of one part at once report once
    parent = db.session.execute(
        select(JobRecord.id, JobRecord.parts, JobRecord.parts_done, JobRecord.parts_failed, JobRecord.units,
               JobRecord.units_done, JobRecord.result).where(JobRecord.id == ctx.parent_id).with_for_update()
    ).one_or_none()
    if parent is None:
        return False
    own = db.session.execute(
        select(JobRecord.parts_done, JobRecord.parts_failed).where(JobRecord.id == ctx.record_id)
    ).one_or_none()
    retried_failure = bool(own and own.parts_done and own.parts_failed)
    if own is not None and own.parts_done and not retried_failure:
        return False
    if retried_failure:
        done, failed_parts = parent.parts_done, parent.parts_failed - (0 if failed else 1)
    else:
        done, failed_parts = parent.parts_done + 1, parent.parts_failed + (1 if failed else 0)
    units_done = min(parent.units or 0, parent.units_done + units)
    values: dict[str, Any] = {
        "parts_done": done, "parts_failed": failed_parts, "units_done": units_done,
        "result": merge(dict(parent.result or {})),
        "progress": min(99, units_done * 100 // max(parent.units or 0, 1)),
        "message": f"{units_done}/{parent.units or 0}",
    }
    last = done >= (parent.parts or 0)
    if last:
        if finish is not None:
            values["result"] = finish(values["result"])
        values["ended_on"] = utcnow()
        if failed_parts:
            values["state"] = FAILED
            values["error"] = f"{failed_parts} of {parent.parts} parts failed: run the job again to finish it"
        else:
            values.update(state=FINISHED, progress=100, error=None)
    db.session.execute(update(JobRecord).where(JobRecord.id == parent.id).values(**values))
    db.session.execute(update(JobRecord).where(JobRecord.id == ctx.record_id)
                       .values(parts_done=1, parts_failed=1 if failed else 0))
    return last


def enqueue_for(model: type, row_id: int, func: Callable, *, description: str, user_id: int | None) -> JobRecord:
    """``enqueue(func, row_id)`` as ``user_id``, the job's id kept on the row (``row.job_id``) for its page."""
    from app.security.models import User

    user = db.session.get(User, user_id) if user_id else None
    record = enqueue(func, row_id, description=description, user=user)
    row = db.session.get(model, row_id)
    if row is not None and row.job_id is None:
        row.job_id = record.id
        db.session.commit()
    return record


def get_queue(name: str = "default"):
    """The RQ queue when REDIS_URL is set, else None (in-process mode)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis
    from rq import Queue

    connection = current_app.extensions.get("ustaz_redis")
    if connection is None:
        connection = Redis.from_url(url)
        current_app.extensions["ustaz_redis"] = connection
    return Queue(name, connection=connection)


def execute(record_id: int, name: str, args: list, kwargs: dict) -> Any:
    """Run one job under its starter's scope, recording state; used by workers and in-process."""
    from flask import has_app_context

    if not has_app_context():
        from app import create_app

        with create_app({"FAB_UPDATE_PERMS": False}).app_context():
            return execute(record_id, name, args, kwargs)
    from app.audit import acting_as
    from app.security.models import User
    from tenants.scope import Scope, scope_for_user, use_scope

    record = db.session.get(JobRecord, record_id)
    if record is None:
        return None
    record.state, record.started_on = STARTED, utcnow()
    db.session.commit()
    user = db.session.get(User, record.user_id) if record.user_id else None
    # A job without a user is a system job (a registry sync, a scheduled score): it sees all. A job
    # whose starter has since been deleted or deactivated sees nothing (default-deny): it never
    # becomes a system job (a batch's queued chunks would otherwise write across the country).
    if record.user_id is None:
        scope = Scope.everything()
    elif user is None or not user.active:
        scope = Scope.nothing()
    else:
        scope = scope_for_user(user)
    ctx = JobContext(record_id=record_id, user_id=record.user_id, parent_id=record.parent_id)
    try:
        with use_scope(scope), acting_as(record.user_id, getattr(user, "username", None)):
            result = _resolve(name)(ctx, *args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - a job's failure is recorded, never lost
        db.session.rollback()
        record = db.session.get(JobRecord, record_id)
        record.state, record.ended_on = FAILED, utcnow()
        record.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"[:8000]
        db.session.commit()
        current_app.logger.exception("job %s failed", record_id)
        raise
    record = db.session.get(JobRecord, record_id)
    db.session.refresh(record)
    if record.parts:  # handed to part jobs (fan_out): the last of them finishes it
        db.session.commit()
        run_after_commit()
        return result
    record.state, record.ended_on, record.progress = FINISHED, utcnow(), 100
    record.result = result if isinstance(result, (dict, list, str, int, float, type(None))) else str(result)
    db.session.commit()
    run_after_commit()
    return result


# Side effects after the transaction commits ---------------------------------------------------
_PENDING, _READY = "ustaz_after_commit", "ustaz_after_commit_ready"


def after_commit(func: Callable, *args: Any, **kwargs: Any) -> None:
    """Run ``func(*args, **kwargs)`` once the current transaction has committed (never if it rolls
    back): notifications' e-mails, jobs an operation starts. ``run_after_commit()`` runs them; it is
    called after each request, after each job and by ``commit_and_run()``."""
    db.session.info.setdefault(_PENDING, []).append((func, args, kwargs))


def commit_and_run() -> None:
    """Commit the session, then run what was waiting for the commit."""
    db.session.commit()
    run_after_commit()


def run_after_commit() -> None:
    session = db.session()
    while session.info.get(_READY):
        func, args, kwargs = session.info[_READY].pop(0)
        try:
            func(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the change is committed; a failed side effect is logged
            session.rollback()
            current_app.logger.exception("after-commit %s failed", getattr(func, "__name__", func))


def _install_after_commit_hooks() -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    @event.listens_for(Session, "after_commit")
    def _ready(session: Session) -> None:
        pending = session.info.pop(_PENDING, None)
        if pending:
            session.info.setdefault(_READY, []).extend(pending)

    @event.listens_for(Session, "after_soft_rollback")
    def _drop(session: Session, previous_transaction) -> None:
        if not session.in_transaction():
            session.info.pop(_PENDING, None)


_install_after_commit_hooks()
