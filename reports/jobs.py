"""Report jobs: the summaries' refresh (after writes, nightly) — run through app.jobs.enqueue."""

from __future__ import annotations

import time

from sqlalchemy import text

from app.extensions import db
from app.jobs import JobContext
from reports import summary

#: a refresh job keeps taking new marks for this long before it leaves them to the next job
_REFRESH_BUDGET_SECONDS = 60


def refresh_reports(ctx: JobContext, full: bool = False) -> dict:
    """Recompute the dashboards' summaries: everything (``full``), else what writes marked."""
    from reports.tracking import release_queued_flag

    release_queued_flag()
    if full or summary.is_empty(db.session):  # never computed: marks alone would give partial totals
        result = summary.refresh(db.session, full=True)
        db.session.commit()
        if db.session.get_bind().dialect.name == "postgresql":
            # a table rewritten whole: fresh statistics for the dashboards' reads (autovacuum may be off)
            db.session.execute(text("ANALYZE report_count"))
            db.session.commit()
        return result.as_dict()
    started, tenants, rounds = time.monotonic(), 0, 0
    while time.monotonic() - started < _REFRESH_BUDGET_SECONDS:
        result = summary.refresh_dirty(db.session, limit=5000)
        if not result.tenants:
            break
        tenants += result.tenants
        rounds += 1
    return {"tenants": tenants, "rounds": rounds, "full": False}
