"""The sync engine: one run of one registry, page by page, with its run log (docs/registries.md).

A run walks each collection of the registry from a cursor (0 for a full run, the last applied
revision for an incremental one). Each page is applied and the run's counts and cursor are written
in **one transaction**: a worker that dies mid-page loses only that page, and the next run of the
registry resumes the dead run from its cursor. Upserts by the registry's key make a page applied
twice change nothing, so repeated and out-of-order pages are harmless; the next ``since`` is the
highest revision of the page.

One sync of a registry at a time: ``registry_state.holder`` is the running process
("host:pid:token") with a heartbeat refreshed every page and every retry. A holder whose process is
gone (same host) or whose heartbeat is older than REGISTRY_LOCK_STALE_SECONDS is dead; its run is
resumed by whoever comes next.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.integrations.http import RegistryClient, RegistryError, client_for
from models.base import utcnow
from models.integration import RegistryState, SyncRun

FULL, INCREMENTAL = "full", "incremental"
RUNNING, FINISHED, FAILED, INTERRUPTED = "running", "finished", "failed", "interrupted"
#: a page that fails on a constraint (somebody added the same ИИН by hand meanwhile) is applied again
PAGE_ATTEMPTS = 3
#: tokens of the runs alive in this process: a holder naming this process but no live token is dead
_LIVE_TOKENS: set[str] = set()


class SyncBusy(Exception):
    """Another live sync of this registry holds the lock."""

    def __init__(self, source: str, run_id: int | None) -> None:
        super().__init__(f"{source}: another sync is running (run {run_id})")
        self.source, self.run_id = source, run_id


@dataclass
class Counts:
    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    errors: Counter = field(default_factory=Counter)

    def error(self, code: str, *, skipped: bool = False) -> None:
        self.errors[code] += 1
        if skipped:
            self.skipped += 1
        else:
            self.failed += 1


@dataclass
class Page:
    """A fetched page: its records, the cursor after it, whether more follow, what is left."""

    items: list[dict]
    cursor: int
    has_more: bool
    remaining: int


@dataclass(frozen=True)
class Collection:
    name: str
    #: (session, page's records, now) -> counts; writes through app/integrations/upsert.py
    apply: Callable[[Session, list[dict], dt.datetime], Counts]
    #: feeds: the path under the registry; lookup registries fetch their own way (``fetch``)
    path: str = ""
    fetch: Callable[[RegistryClient, Session, int, int], Page] | None = None


@dataclass(frozen=True)
class Registry:
    source: str
    collections: tuple[Collection, ...]
    #: lookup registries re-read our own rows: a "full" run and an incremental one are the same walk
    lookup_only: bool = False


def registries() -> dict[str, Registry]:
    from app.integrations import gbdfl, gbdul, mnvo, nobd, orleu, uto

    return {m.REGISTRY.source: m.REGISTRY for m in (nobd, gbdfl, gbdul, uto, mnvo, orleu)}


# --- the lock -----------------------------------------------------------------------------------

def _holder_token() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _holder_alive(holder: str | None, heartbeat: dt.datetime | None, stale_after: float) -> bool:
    if not holder:
        return False
    if heartbeat is None or (utcnow() - heartbeat).total_seconds() > stale_after:
        return False
    host, _, rest = holder.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != socket.gethostname()[:60]:
        return True  # another machine's worker: trust its heartbeat
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return token in _LIVE_TOKENS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _state(session: Session, source: str) -> RegistryState:
    state = session.get(RegistryState, source, populate_existing=True)
    if state is None:
        try:
            with session.begin_nested():
                session.add(RegistryState(source=source, cursors={}))
        except IntegrityError:
            pass
        state = session.get(RegistryState, source, populate_existing=True)
    return state


def acquire(session: Session, source: str, mode: str, *, stale_after: float, user=None,
            tenant_id: int) -> tuple[SyncRun, str]:
    """Take the registry's lock and the run to carry on: the dead or failed run of the same mode
    (resumed from its cursor), else a new one. Raises SyncBusy when a live sync holds the lock."""
    state = _state(session, source)
    previous_holder = state.holder
    if _holder_alive(state.holder, state.heartbeat_on, stale_after):
        run_id = state.running_run_id
        session.rollback()
        raise SyncBusy(source, run_id)
    token = _holder_token()
    now = utcnow()
    taken = session.execute(
        update(RegistryState)
        .where(RegistryState.source == source,
               RegistryState.holder.is_(None) if previous_holder is None else RegistryState.holder == previous_holder)
        .values(holder=token, heartbeat_on=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        session.rollback()
        raise SyncBusy(source, None)
    run = session.get(SyncRun, state.running_run_id) if state.running_run_id else None
    if run is not None and run.state in (RUNNING, FAILED, INTERRUPTED) and run.mode == mode:
        if run.state == RUNNING:  # its worker died mid-run
            run.errors = {**(run.errors or {}), "worker_died": (run.errors or {}).get("worker_died", 0) + 1}
        run.state, run.resumed, run.stop_reason, run.finished_on = RUNNING, run.resumed + 1, None, None
    else:
        if run is not None and run.state in (RUNNING, FAILED):
            run.state = INTERRUPTED if run.state == RUNNING else run.state
            run.finished_on = run.finished_on or now
        cursors = {} if mode == FULL else dict(state.cursors or {})
        run = SyncRun(source=source, mode=mode, state=RUNNING, started_on=now, since=cursors, cursors=dict(cursors),
                      tenant_id=tenant_id, errors={}, user_id=getattr(user, "id", None),
                      username=getattr(user, "username", None))
        session.add(run)
        session.flush()
    run.heartbeat_on = now
    session.execute(update(RegistryState).where(RegistryState.source == source)
                    .values(running_run_id=run.id).execution_options(synchronize_session=False))
    session.commit()
    _LIVE_TOKENS.add(token)
    return run, token


def heartbeat(session: Session, source: str, token: str) -> None:
    """Prove the run is alive; a run whose lock was taken over (it was judged dead) stops."""
    held = session.execute(
        update(RegistryState).where(RegistryState.source == source, RegistryState.holder == token)
        .values(heartbeat_on=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if held != 1:
        raise SyncBusy(source, None)


def release(session: Session, source: str, token: str, *, finished_run: SyncRun | None) -> None:
    values: dict[str, Any] = {"holder": None, "heartbeat_on": utcnow()}
    if finished_run is not None:
        values["running_run_id"] = None
    session.execute(update(RegistryState).where(RegistryState.source == source, RegistryState.holder == token)
                    .values(**values).execution_options(synchronize_session=False))
    session.commit()
    _LIVE_TOKENS.discard(token)


# --- a run --------------------------------------------------------------------------------------

def fetch_feed_page(client: RegistryClient, path: str, since: int, limit: int) -> Page:
    """One page of a feed, its envelope checked (a broken one is fetched again, like a 5xx)."""
    last: RegistryError | None = None
    for _attempt in range(max(1, client.retries)):
        data = client.get_json(path.rsplit("/", 1)[-1], path, {"since": since, "limit": limit})
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list) or not isinstance(data.get("has_more"), bool):
            last = RegistryError("bad_payload", client.registry)
            client.sleep(min(client.backoff_max, client.backoff))
            continue
        items = [i for i in items if isinstance(i, dict)]
        revisions = [i["revision"] for i in items if isinstance(i.get("revision"), int) and not isinstance(i.get("revision"), bool)]
        cursor = max([since, *revisions])
        if data["has_more"] and cursor <= since:
            # a page of rows we already have and nothing new, though more is announced: ask again
            last = RegistryError("bad_payload", client.registry)
            client.sleep(min(client.backoff_max, client.backoff))
            continue
        total = data.get("total")
        remaining = total if isinstance(total, int) and total >= 0 else len(items)
        return Page(items, cursor, data["has_more"], remaining)
    assert last is not None
    raise last


def run_sync(source: str, mode: str = INCREMENTAL, *, url: str | None = None, user=None,
             progress: Callable[[int, str, int], None] | None = None, job_id: int | None = None,
             config: Mapping[str, Any] | None = None) -> SyncRun:
    """Sync one registry to the end (or until it fails for good) and return its run log.

    Raises SyncBusy when another live sync of the registry is running."""
    from flask import current_app

    from app.extensions import db

    config = config or current_app.config
    registry = registries()[source]
    if registry.lookup_only:
        mode = FULL if mode == FULL else INCREMENTAL
    session = db.session
    root_id = _root_id(session)
    run, token = acquire(session, source, mode, stale_after=float(config.get("REGISTRY_LOCK_STALE_SECONDS", 300)),
                         user=user, tenant_id=root_id)
    if job_id:
        run.job_id = job_id
        session.commit()
    client = client_for(source, config, url=url)
    client.on_wait = lambda: _beat(session, source, token)
    limit = int(config.get("REGISTRY_PAGE_SIZE", 1000))
    finished = False
    try:
        for number, collection in enumerate(registry.collections):
            since = int((run.cursors or {}).get(collection.name, 0))
            done_here = 0
            while True:
                heartbeat(session, source, token)
                session.commit()
                page = (collection.fetch(client, session, since, limit) if collection.fetch
                        else fetch_feed_page(client, collection.path, since, limit))
                counts = _apply_page(session, collection, page, run)
                done_here += counts.fetched
                since = page.cursor
                _report(run, client, counts, collection.name, since)
                heartbeat(session, source, token)
                session.commit()
                if progress is not None:
                    share = done_here / max(done_here + (page.remaining - len(page.items) if page.has_more else 0), 1)
                    progress(int((number + share) * 100 / len(registry.collections)), collection.name, done_here)
                if not page.has_more:
                    break
        _finish(session, run, source)
        finished = True
    except RegistryError as exc:
        session.rollback()
        _fail(session, run, exc.code, client)
    except SyncBusy:
        session.rollback()
        raise
    except Exception:
        session.rollback()
        _fail(session, run, "server_error", client)
        raise
    finally:
        try:
            release(session, source, token, finished_run=run if finished else None)
        except OperationalError:  # pragma: no cover - the database went away: the lock goes stale
            session.rollback()
    if finished:
        _after_run()
    return run


def _beat(session: Session, source: str, token: str) -> None:
    """A heartbeat between retries, in its own short transaction (nothing of the page is pending)."""
    try:
        heartbeat(session, source, token)
        session.commit()
    except OperationalError:
        session.rollback()


def _apply_page(session: Session, collection: Collection, page: Page, run: SyncRun) -> Counts:
    from app.audit import record_entry

    for attempt in range(1, PAGE_ATTEMPTS + 1):
        try:
            counts = collection.apply(session, page.items, utcnow())
            # one entry per page (the rows are written in bulk, past the flush that audits one by one)
            record_entry(session, "registry_sync", "sync_run",
                         {"registry": run.source, "collection": collection.name, "created": counts.created,
                          "updated": counts.updated, "unchanged": counts.unchanged},
                         tenant_id=run.tenant_id, object_id=str(run.id))
            return counts
        except IntegrityError:
            session.rollback()
            session.refresh(run)
            if attempt == PAGE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _report(run: SyncRun, client: RegistryClient, counts: Counts, collection: str, cursor: int) -> None:
    for name in ("fetched", "created", "updated", "unchanged", "skipped", "failed"):
        setattr(run, name, getattr(run, name) + getattr(counts, name))
    errors = Counter(run.errors or {})
    errors.update(counts.errors)
    run.errors = dict(errors)
    run.cursors = {**(run.cursors or {}), collection: cursor}
    run.collection = collection
    run.requests += client.stats.requests
    run.retries += client.stats.retries
    client.stats.requests = client.stats.retries = 0
    run.heartbeat_on = utcnow()


def _finish(session: Session, run: SyncRun, source: str) -> None:
    now = utcnow()
    run.state, run.finished_on, run.heartbeat_on = FINISHED, now, now
    state = session.get(RegistryState, source, populate_existing=True)
    merged = dict(state.cursors or {})
    for name, cursor in (run.cursors or {}).items():
        merged[name] = cursor if run.mode == FULL else max(int(cursor), int(merged.get(name, 0)))
    state.cursors, state.last_success_on = merged, now
    if run.mode == FULL:
        state.last_full_on = now
    session.commit()


def _fail(session: Session, run: SyncRun, code: str, client: RegistryClient) -> None:
    run = session.get(SyncRun, run.id, populate_existing=True)
    errors = Counter(run.errors or {})
    errors[code] += 1
    run.state, run.stop_reason, run.errors, run.finished_on = FAILED, code, dict(errors), utcnow()
    run.requests += client.stats.requests
    run.retries += client.stats.retries
    session.commit()


def _after_run() -> None:
    from reports.tracking import queue_refresh

    try:
        queue_refresh()
    except Exception:  # noqa: BLE001 - the summaries catch up at the nightly refresh
        pass


def _root_id(session: Session) -> int:
    from tenants.models import Tenant

    root = session.execute(select(Tenant.id).where(Tenant.parent_id.is_(None)).order_by(Tenant.id).limit(1)).scalar()
    if root is None:
        raise RegistryError("not_configured", "tenant")
    return root


def run_summary(run: SyncRun) -> dict[str, Any]:
    """The run log as plain data (the CLI prints it as JSON)."""
    return {
        "id": run.id, "registry": run.source, "mode": run.mode, "state": run.state,
        "started": run.started_on.isoformat(timespec="seconds") if run.started_on else None,
        "finished": run.finished_on.isoformat(timespec="seconds") if run.finished_on else None,
        "fetched": run.fetched, "created": run.created, "updated": run.updated, "unchanged": run.unchanged,
        "skipped": run.skipped, "failed": run.failed, "errors": dict(run.errors or {}),
        "stop_reason": run.stop_reason, "cursors": dict(run.cursors or {}), "requests": run.requests,
        "retries": run.retries, "resumed": run.resumed,
    }
