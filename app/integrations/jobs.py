"""The registries' jobs: a sync run as a background job (progress on the job page, the run log on
the registries page), and the schedule `flask ustaz sync-due` runs from cron."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app

from app.i18n import _
from app.integrations.http import REGISTRIES
from app.integrations.labels import collection_label, registry_label
from app.integrations.sync import FULL, INCREMENTAL, SyncBusy, run_sync
from app.jobs import JobContext, enqueue
from models.base import utcnow


def sync_registry(ctx: JobContext, source: str, mode: str = INCREMENTAL, url: str | None = None) -> dict[str, Any]:
    """Run one registry's sync to the end; the result names the run whose log the page shows."""
    from app.extensions import db
    from app.security.models import User

    user = db.session.get(User, ctx.user_id) if ctx.user_id else None

    def progress(percent: int, collection: str, done: int) -> None:
        ctx.progress(percent, _("%(what)s: %(count)s", what=collection_label(collection), count=f"{done:,}".replace(",", " ")))

    # codes in the result: the job page words them in the reader's language (views/jobs.py)
    try:
        run = run_sync(source, mode, url=url, user=user, progress=progress, job_id=ctx.record_id or None)
    except SyncBusy:
        return {"sync_state": "busy"}
    result = {"sync_run": run.id, "sync_state": run.state, "fetched": run.fetched, "created": run.created,
              "updated": run.updated, "unchanged": run.unchanged, "skipped": run.skipped, "failed_records": run.failed}
    if run.stop_reason:
        result["stop_reason"] = run.stop_reason
    return result


def start_sync(source: str, mode: str, user, url: str | None = None):
    """Queue (or, embedded, run) a sync; the job record for the page to follow."""
    description = _("Sync: %(registry)s (%(mode)s)", registry=registry_label(source),
                    mode=_("full") if mode == FULL else _("incremental"))
    return enqueue(sync_registry, source, mode, url, description=description, user=user)


def due_syncs(now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """The (registry, mode) pairs a nightly run should start: every configured registry whose last
    successful sync is older than REGISTRY_SYNC_INTERVAL_HOURS, full once REGISTRY_FULL_SYNC_DAYS
    have passed since its last full one (a sync running now is left to finish)."""
    from app.extensions import db
    from models.integration import RegistryState

    now = now or utcnow()
    config = current_app.config
    interval = dt.timedelta(hours=float(config.get("REGISTRY_SYNC_INTERVAL_HOURS", 20)))
    full_every = dt.timedelta(days=float(config.get("REGISTRY_FULL_SYNC_DAYS", 7)))
    states = {s.source: s for s in db.session.query(RegistryState)}
    due = []
    for source in REGISTRIES:
        if not config.get(f"REGISTRY_{source.upper()}_URL"):
            continue
        state = states.get(source)
        last = state.last_success_on if state else None
        if last is not None and now - last < interval:
            continue
        last_full = state.last_full_on if state else None
        due.append((source, FULL if last_full is None or now - last_full >= full_every else INCREMENTAL))
    return due
