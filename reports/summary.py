"""The summary tables: every measure's counts per tenant node, kept fresh by a job (models/report.py).

Counting at republic scope on every view would read millions of rows (STACK-NOTES.md: 5 KPIs in
226 ms); a dashboard instead reads one node's totals and its children's. ``refresh`` recomputes
- the rows each tenant owns (``own``), set-based: one INSERT … SELECT per measure and period,
- then every node's subtree (``total`` = own + the children's totals), deepest nodes first,
either for everything (``full``, the nightly run) or for the tenants writes marked dirty and their
ancestors (the job after writes). A closed period is computed once more after it closed and is
frozen from then on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import String, delete, func, insert, literal, select, tuple_, union_all
from sqlalchemy.orm import Session

from models.base import utcnow
from models.directories import AttestationPeriod
from models.report import NO_PERIOD, OWN, TOTAL, ReportCount, ReportDirty, ReportFreeze, ReportNode
from reports.measures import MEASURES, Measure, Period, grouped_select
from tenants.models import Tenant

SUMMARISED = [m for m in MEASURES.values() if m.summarised]
#: arbitrary key of the PostgreSQL advisory lock that keeps two refreshes from interleaving
_LOCK_KEY = 7_340_117
_CHUNK = 1000


@dataclass
class RefreshResult:
    tenants: int = 0
    nodes: int = 0
    frozen: int = 0
    full: bool = False

    def as_dict(self) -> dict:
        return {"tenants": self.tenants, "nodes": self.nodes, "frozen_periods": self.frozen, "full": self.full}


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start:start + _CHUNK]


def lock(session: Session, *, wait: bool = True) -> bool:
    """Hold the refresh lock until the transaction ends (PostgreSQL); SQLite serialises writers itself."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    if wait:
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        return True
    return bool(session.execute(select(func.pg_try_advisory_xact_lock(_LOCK_KEY))).scalar())


def periods_to_compute(session: Session) -> tuple[list[Period], list[int]]:
    """The periods whose figures may still change, and the closed ones among them (frozen after this run)."""
    frozen = set(session.execute(select(ReportFreeze.period_id)).scalars())
    periods = session.execute(select(AttestationPeriod).where(AttestationPeriod.id.not_in(frozen) if frozen else True)
                              ).scalars().all()
    closing = [p.id for p in periods if p.is_frozen]
    return [Period.of(p) for p in periods], closing


def _recompute_own(session: Session, measures: Iterable[Measure], periods: list[Period],
                   tenant_ids: Sequence[int] | None) -> None:
    period_ids = [NO_PERIOD, *(p.id for p in periods)]
    wipe = delete(ReportCount).where(ReportCount.kind == OWN, ReportCount.period_id.in_(period_ids))
    if tenant_ids is None:
        session.execute(wipe)
    else:
        for chunk in _chunks(tenant_ids):
            session.execute(wipe.where(ReportCount.node_id.in_(chunk)))
    chunks: list[list[int] | None] = [None] if tenant_ids is None else list(_chunks(tenant_ids))
    for measure in measures:
        for period in (periods if measure.period_bound else [None]):
            period_id = period.id if period else NO_PERIOD
            for chunk in chunks:
                owner = measure.owner_column()
                extra = [owner.is_not(None)] if chunk is None else [owner.in_(chunk)]
                for statement in grouped_select(measure, period, extra, by_owner=True):
                    rows = statement.subquery()
                    source = select(literal(OWN, String), rows.c[0], literal(period_id), literal(measure.code, String),
                                    rows.c.key, rows.c.value)
                    session.execute(insert(ReportCount).from_select(
                        ["kind", "node_id", "period_id", "measure", "key", "value"], source))


def _recompute_totals(session: Session, node_ids: Sequence[int], period_ids: list[int]) -> None:
    """total(n) = own(n) + Σ total(children of n), for ``node_ids`` (all of one depth)."""
    for chunk in _chunks(node_ids):
        session.execute(delete(ReportCount).where(ReportCount.kind == TOTAL, ReportCount.node_id.in_(chunk),
                                                  ReportCount.period_id.in_(period_ids)))
        own = select(ReportCount.node_id.label("node_id"), ReportCount.period_id, ReportCount.measure, ReportCount.key,
                     ReportCount.value).where(ReportCount.kind == OWN, ReportCount.node_id.in_(chunk),
                                              ReportCount.period_id.in_(period_ids))
        children = (select(Tenant.parent_id.label("node_id"), ReportCount.period_id, ReportCount.measure,
                           ReportCount.key, ReportCount.value)
                    .join(Tenant, Tenant.id == ReportCount.node_id)
                    .where(ReportCount.kind == TOTAL, Tenant.parent_id.in_(chunk), ReportCount.period_id.in_(period_ids)))
        both = union_all(own, children).subquery()
        summed = (select(literal(TOTAL, String), both.c.node_id, both.c.period_id, both.c.measure, both.c.key,
                         func.sum(both.c.value))
                  .group_by(both.c.node_id, both.c.period_id, both.c.measure, both.c.key))
        session.execute(insert(ReportCount).from_select(["kind", "node_id", "period_id", "measure", "key", "value"],
                                                        summed))
        session.execute(delete(ReportNode).where(ReportNode.node_id.in_(chunk)))
        now = utcnow()
        session.execute(insert(ReportNode), [{"node_id": node_id, "refreshed_on": now} for node_id in chunk])


def _nodes_by_depth(paths: dict[int, str]) -> list[list[int]]:
    """Node ids grouped by depth, deepest first (children's totals are summed into their parents)."""
    depths: dict[int, list[int]] = {}
    for node_id, path in paths.items():
        depths.setdefault(path.count("/") - 1, []).append(node_id)
    return [depths[d] for d in sorted(depths, reverse=True)]


def _with_ancestors(session: Session, tenant_ids: Iterable[int]) -> dict[int, str]:
    """Paths of the tenants and of every ancestor of theirs (ancestors' totals include them)."""
    paths: dict[int, str] = {}
    for chunk in _chunks(list(tenant_ids)):
        paths.update(session.execute(select(Tenant.id, Tenant.path).where(Tenant.id.in_(chunk))).tuples().all())
    ancestors = {int(part) for path in paths.values() for part in path.strip("/").split("/") if part} - set(paths)
    for chunk in _chunks(list(ancestors)):
        paths.update(session.execute(select(Tenant.id, Tenant.path).where(Tenant.id.in_(chunk))).tuples().all())
    return paths


def _marks(session: Session, limit: int | None, under: Tenant | None) -> list[tuple[int, dt.datetime]]:
    query = select(ReportDirty.node_id, ReportDirty.marked_on).order_by(ReportDirty.node_id)
    if under is not None:
        query = query.join(Tenant, Tenant.id == ReportDirty.node_id).where(Tenant.path.like(f"{under.path}%"))
    return list(session.execute(query.limit(limit) if limit else query).tuples())


def _clear_marks(session: Session, marks: list[tuple[int, dt.datetime]]) -> None:
    """Drop the marks this run counted — only as they were read: a write that marked a tenant again
    meanwhile changed its time, so its mark stays for the next run (PostgreSQL re-checks a row
    another transaction was changing once that one commits)."""
    for start in range(0, len(marks), _CHUNK):
        chunk = marks[start:start + _CHUNK]
        session.execute(delete(ReportDirty).where(tuple_(ReportDirty.node_id, ReportDirty.marked_on).in_(chunk)))


def refresh(session: Session, *, full: bool = False, tenant_ids: Sequence[int] | None = None) -> RefreshResult:
    """Recompute the summaries (everything, or ``tenant_ids`` and their ancestors); the caller commits."""
    lock(session)
    periods, closing = periods_to_compute(session)
    result = RefreshResult(full=full)
    period_ids = [NO_PERIOD, *(p.id for p in periods)]
    if full:
        session.execute(delete(ReportDirty))
        _recompute_own(session, SUMMARISED, periods, None)
        paths = dict(session.execute(select(Tenant.id, Tenant.path)).tuples().all())
        result.tenants = len(paths)
    else:
        if not tenant_ids:
            return result
        _recompute_own(session, SUMMARISED, periods, tenant_ids)
        paths = _with_ancestors(session, tenant_ids)
        result.tenants = len(tenant_ids)
    for level in _nodes_by_depth(paths):
        _recompute_totals(session, level, period_ids)
    result.nodes = len(paths)
    for period_id in closing:
        session.add(ReportFreeze(period_id=period_id, frozen_on=utcnow()))
    result.frozen = len(closing)
    return result


def refresh_dirty(session: Session, *, limit: int | None = None, under: Tenant | None = None,
                  wait: bool = True) -> RefreshResult:
    """Recompute what writes marked since the last run (the job after writes; a dashboard a few changes
    behind, which does not ``wait`` for a refresh already running). Commits."""
    if not lock(session, wait=wait):
        session.rollback()
        return RefreshResult()
    marks = _marks(session, limit, under)
    if not marks:
        session.commit()
        return RefreshResult()
    try:
        result = refresh(session, tenant_ids=[node_id for node_id, _marked in marks])
        _clear_marks(session, marks)
        session.commit()
    except Exception:
        session.rollback()  # the marks stay: the next run takes them again
        raise
    return result


def mark_dirty(connection, tenant_ids: Iterable[int]) -> None:
    """Note tenants whose rows changed (inside the writing transaction: it commits or not with them)."""
    ids = sorted({int(t) for t in tenant_ids if t is not None})
    if not ids:
        return
    now = utcnow()
    rows = [{"node_id": t, "marked_on": now} for t in ids]
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    statement = upsert(ReportDirty.__table__)
    connection.execute(statement.on_conflict_do_update(index_elements=["node_id"],
                                                       set_={"marked_on": statement.excluded.marked_on}), rows)


def pending_under(session: Session, node: Tenant | None) -> int:
    """Marked tenants under ``node`` (everything when None): changes its totals do not count yet."""
    query = select(func.count()).select_from(ReportDirty)
    if node is not None:
        query = query.join(Tenant, Tenant.id == ReportDirty.node_id).where(Tenant.path.like(f"{node.path}%"))
    return session.execute(query).scalar_one()


def is_empty(session: Session) -> bool:
    return session.execute(select(ReportNode.node_id).limit(1)).first() is None


def totals(session: Session, node_ids: Sequence[int], period_id: int | None) -> dict[int, dict[str, dict[str, int]]]:
    """node → measure → key → count, for the nodes' whole subtrees (the period's and the period-less measures)."""
    periods = [NO_PERIOD] if period_id is None else [NO_PERIOD, period_id]
    found: dict[int, dict[str, dict[str, int]]] = {node_id: {} for node_id in node_ids}
    for chunk in _chunks(list(node_ids)):
        rows = session.execute(select(ReportCount.node_id, ReportCount.measure, ReportCount.key, ReportCount.value)
                               .where(ReportCount.kind == TOTAL, ReportCount.node_id.in_(chunk),
                                      ReportCount.period_id.in_(periods)))
        for node_id, measure, key, value in rows:
            found[node_id].setdefault(measure, {})[key] = int(value)
    return found


def refreshed_on(session: Session, node_id: int) -> dt.datetime | None:
    return session.execute(select(ReportNode.refreshed_on).where(ReportNode.node_id == node_id)).scalar()


__all__ = ["RefreshResult", "is_empty", "lock", "mark_dirty", "pending_under", "refresh",
           "refresh_dirty", "refreshed_on", "totals"]
