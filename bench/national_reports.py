"""The dashboards' summary tables at national size (issue 14), refreshed and timed in this process, as
`flask ustaz refresh-reports` runs them without RQ: the full refresh (the nightly `--full` run), then the
incremental one after writes touched 1 % of the organizations (marked with reports.summary.mark_dirty,
as the writes' tracking marks them). The dashboards measured next read what the full refresh wrote.
"""

from __future__ import annotations

import time

import psycopg

from bench.national_setup import app_for, plain_url

FULL_GOAL_SECONDS = 120.0
INCREMENTAL_GOAL_SECONDS = 30.0
#: every 100th organization (by id) is marked: spread over most districts, as a day's writes would be
TOUCHED_EVERY = 100
SUMMARY_TABLES = ("report_count", "report_node", "report_dirty")


def vacuum_summaries(url: str) -> None:
    """VACUUM ANALYZE the summary tables: the state autovacuum keeps them in between runs. A full refresh
    rewrites every row, and a server with autovacuum off (as here) would otherwise time each run over
    the dead rows of all the previous ones."""
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        for table in SUMMARY_TABLES:
            conn.execute(f"VACUUM ANALYZE {table}")


def refresh_summaries(url: str, every: int = TOUCHED_EVERY) -> dict:
    """Time a full refresh and an incremental one; the republic's totals must come out the same."""
    from sqlalchemy import func, select

    from app.extensions import db
    from models.report import ReportCount, ReportFreeze
    from reports import summary
    from reports.stats import choose_period
    from tenants.models import Tenant, TenantLevel

    vacuum_summaries(url)
    app = app_for(url, REDIS_URL="")  # no RQ: the refresh runs here, as the command line runs it without Redis
    with app.app_context():
        session = db.session
        frozen_before = session.execute(select(func.count()).select_from(ReportFreeze)).scalar_one()
        started = time.perf_counter()
        full = summary.refresh(session, full=True)
        session.commit()
        full_seconds = time.perf_counter() - started
        rows = session.execute(select(func.count()).select_from(ReportCount)).scalar_one()
        session.remove()
        vacuum_summaries(url)

        republic = session.execute(select(Tenant.id).where(Tenant.parent_id.is_(None)).order_by(Tenant.id)).scalar()
        period = choose_period(session, None)
        period_id = period.id if period else None
        before = summary.totals(session, [republic], period_id)
        organizations = list(session.execute(select(Tenant.id).where(Tenant.level == TenantLevel.ORGANIZATION.value)
                                             .order_by(Tenant.id)).scalars())
        touched = organizations[::every]
        summary.mark_dirty(session.connection(), touched)
        session.commit()
        started = time.perf_counter()
        incremental = summary.refresh_dirty(session)
        incremental_seconds = time.perf_counter() - started
        after = summary.totals(session, [republic], period_id)
        session.remove()
        db.engine.dispose()
    vacuum_summaries(url)
    return {
        "full": {"seconds": round(full_seconds, 1), **full.as_dict(), "rows": rows,
                 "periods_already_frozen": frozen_before, "goal_seconds": FULL_GOAL_SECONDS},
        "incremental": {"seconds": round(incremental_seconds, 1), **incremental.as_dict(),
                        "organizations_touched": len(touched), "organizations": len(organizations),
                        "republic_totals_unchanged": before == after, "goal_seconds": INCREMENTAL_GOAL_SECONDS},
    }


def rows(figures: dict) -> list[tuple[str, str, str, str]]:
    """(measure, value, goal, held?) for the results table."""
    full, incremental = figures["full"], figures["incremental"]
    return [
        ("summary full refresh (in-process, no RQ)",
         f"{full['seconds']:.0f} s: {full['nodes']:,} nodes, {full['rows']:,} rows", f"≤ {full['goal_seconds']:.0f} s",
         "yes" if full["seconds"] <= full["goal_seconds"] else "NO"),
        (f"summary incremental refresh, {incremental['organizations_touched']} organizations touched (1 %)",
         f"{incremental['seconds']:.1f} s: {incremental['tenants']} tenants, {incremental['nodes']} nodes with "
         f"ancestors" + ("" if incremental["republic_totals_unchanged"] else " (republic totals CHANGED)"),
         f"≤ {incremental['goal_seconds']:.0f} s",
         "yes" if incremental["seconds"] <= incremental["goal_seconds"] and incremental["republic_totals_unchanged"]
         else "NO"),
    ]
