"""The figures of a dashboard for a user's scope: from the summaries when they serve it, else counted live.

Summaries (reports/summary.py) hold whole subtrees. A node the user reaches with everything under it
(their home node, a node below it, a granted subtree) is read from them: its totals and its
children's. A scope that is not a set of whole subtrees (commission members read their commissions;
teachers only their own rows) is counted live through ``scoped()`` — such scopes are small. Either
way a number is the count of the rows its drill-down list shows (reports/measures.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.base import utcnow
from models.directories import AttestationPeriod
from reports import summary
from reports.measures import KPI, MEASURES, Measure, Period, grouped_select, overdue_day, rows_select
from tenants.models import Tenant
from tenants.scope import Scope, ScopeError, node_subtree_clause, scope_clause

#: the permission (class permission name) that lets a user read the rows behind a measure
MEASURE_PERMISSION = {
    "organizations": "Tenant", "teachers": "Person", "users": "User", "commissions": "Commission",
    "materials": "Portfolio", "attestees": "Application", "applications_by_state": "Application",
    "outcomes": "Application", "outcomes_by_request": "Application", "review_due": "Application",
    "failed_indicators": "Application", "decided": "Application", "decision_days": "Application",
    "period_commissions": "Commission", "voting_members": "Commission", "categories": "Person",
    "observation_covered": "Person", "ozp_bands": "Career", "overdue": "Application",
    "appeals": "Appeal", "appeals_by_type": "Appeal", "appeals_by_stage": "Appeal", "appeals_due": "Appeal",
    "appeals_overdue": "Appeal", "appeal_answers": "Appeal",
}
#: dashboards refresh a node inline when this few of its tenants changed (more: the job's work)
INLINE_REFRESH_LIMIT = 200
#: summaries never computed: a tree this small is computed on the spot (the demo, a laptop); a bigger
#: one by the job (about a minute for the country), while the dashboard counts its key figures live
FIRST_REFRESH_INLINE_LIMIT = 2_000
NOT_COMPUTED = -1
#: what the KPI panel and its API show: counted live while the summaries are first computed
KPI_MEASURES = ("organizations", "teachers", "users", "commissions", "attestees", "materials",
                "applications_by_state", "outcomes")


@dataclass
class Figures:
    """measure → key → count."""

    values: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, measure: str, key: str | None = None) -> int:
        found = self.values.get(measure, {})
        if key is None:
            return sum(found.values())
        return found.get(key, 0)

    def keys(self, measure: str) -> dict[str, int]:
        return dict(self.values.get(measure, {}))

    def add(self, other: Figures) -> None:
        for measure, keys in other.values.items():
            mine = self.values.setdefault(measure, {})
            for key, value in keys.items():
                mine[key] = mine.get(key, 0) + value


@dataclass
class Dashboard:
    node: Tenant | None
    period: Period | None
    figures: Figures
    children: list[tuple[Tenant, Figures]]
    #: "summary" or "live"
    source: str
    as_of: dt.datetime | None
    #: tenants changed since the figures were computed (shown beside the freshness)
    pending: int = 0
    permitted: frozenset[str] = frozenset(MEASURES)
    #: the summaries are being computed for the first time: only the key figures are shown (live)
    computing: bool = False

    @property
    def frozen(self) -> bool:
        return self.period is not None and self.period.state == "closed"

    def shows(self, measure: str) -> bool:
        return measure in self.permitted


def choose_period(session: Session, period_id: int | None) -> AttestationPeriod | None:
    """The period asked for, else the open one, else the latest."""
    if period_id is not None:
        return session.get(AttestationPeriod, period_id)
    periods = session.execute(select(AttestationPeriod).order_by(AttestationPeriod.applications_open_on.desc(),
                                                                AttestationPeriod.id.desc())).scalars().all()
    for period in periods:
        if period.state == "open":
            return period
    return periods[0] if periods else None


def whole_subtree(scope: Scope, node: Tenant) -> bool:
    """Does the scope read everything under ``node``? Then the node's summaries are its figures."""
    if scope.unrestricted:
        return True
    return not scope.self_only and scope.reaches_path(node.path)


def home_node(session: Session, scope: Scope) -> Tenant | None:
    """The node a scope's dashboard opens on: the home node of a pure subtree scope (else None: live)."""
    if scope.unrestricted:
        return session.execute(select(Tenant).where(Tenant.parent_id.is_(None)).order_by(Tenant.id)).scalars().first()
    if scope.tenant_id is None or scope.self_only or scope.grants or scope.granted_paths or scope.commission_ids:
        return None
    return session.get(Tenant, scope.tenant_id)


def ensure_fresh(session: Session, node: Tenant) -> int:
    """Count what writes under ``node`` left uncounted; when few, count it now. Returns what is still pending."""
    if summary.is_empty(session):
        tenants = session.execute(select(func.count(Tenant.id))).scalar_one()
        if tenants > FIRST_REFRESH_INLINE_LIMIT:
            from reports.tracking import queue_refresh

            queue_refresh(full=True)
            return NOT_COMPUTED
        summary.refresh(session, full=True)
        session.commit()
        return 0
    pending = summary.pending_under(session, node)
    if 0 < pending <= INLINE_REFRESH_LIMIT:
        summary.refresh_dirty(session, under=node, wait=False)  # another run holds the lock: show these figures
        pending = summary.pending_under(session, node)
    return pending


def live_figures(session: Session, scope: Scope, period: Period | None, node: Tenant | None = None,
                 measures: Iterable[Measure] | None = None, *, unplaced_only: bool = False) -> Figures:
    """Counts of the rows the scope reads (under ``node``), straight from the tables."""
    figures = Figures()
    for measure in measures or MEASURES.values():
        extra = []
        if unplaced_only:
            extra.append(measure.owner_column().is_(None))
        else:
            clause = scope_clause(measure.model, scope)
            if clause is not None:
                extra.append(clause)
            if node is not None:
                extra.append(node_subtree_clause(measure.model, node))
        for statement in grouped_select(measure, period, extra):
            for key, value in session.execute(statement):
                if value:
                    keys = figures.values.setdefault(measure.code, {})
                    keys[key] = keys.get(key, 0) + int(value)
    return figures


def build(session: Session, scope: Scope, *, node_id: int | None = None, period_id: int | None = None,
          permitted: Iterable[str] | None = None, with_children: bool = True) -> Dashboard:
    """The dashboard of ``node_id`` (default: the scope's home) in ``period_id`` (default: the open period).

    Raises ScopeError for a node the scope does not reach (the caller answers 404)."""
    chosen = choose_period(session, period_id)
    if period_id is not None and chosen is None:
        raise ScopeError("period")
    from app.web.display import local_today

    period = Period.of(chosen, local_today()) if chosen is not None else None
    allowed = frozenset(permitted) if permitted is not None else frozenset(MEASURES)
    if node_id is not None:
        node = session.get(Tenant, node_id)
        if node is None or not (scope.unrestricted or scope.reaches_path(node.path)):
            raise ScopeError("node")
    else:
        node = home_node(session, scope)
    if node is None or not whole_subtree(scope, node):
        figures = live_figures(session, scope, period, node, summary.SUMMARISED)
        _derive(figures, period)
        return Dashboard(node, period, figures, [], "live", utcnow(), permitted=allowed)
    pending = ensure_fresh(session, node)
    if pending == NOT_COMPUTED:
        figures = live_figures(session, scope, period, node, [MEASURES[code] for code in KPI_MEASURES])
        return Dashboard(node, period, figures, [], "live", utcnow(), permitted=allowed & set(KPI_MEASURES),
                         computing=True)
    children = []
    if with_children:
        children = list(session.execute(select(Tenant).where(Tenant.parent_id == node.id)
                                        .order_by(Tenant.level, Tenant.name_kk, Tenant.id)).scalars())
    found = summary.totals(session, [node.id, *(c.id for c in children)], period.id if period else None)
    figures = Figures(found.get(node.id, {}))
    if scope.unrestricted and node_id is None:
        # rows of no node (only summarised measures: the derived ones are recomputed from them below)
        figures.add(live_figures(session, scope, period, measures=summary.SUMMARISED, unplaced_only=True))
    kids = [(c, Figures(found.get(c.id, {}))) for c in children]
    for derived in (figures, *(f for _c, f in kids)):
        _derive(derived, period)
    return Dashboard(node, period, figures, kids, "summary", summary.refreshed_on(session, node.id), pending,
                     permitted=allowed)


def _derive(figures: Figures, period: Period | None) -> None:
    """Measures the summaries hold through another: overdue = reviews due before today; the appeals'."""
    today = period.today.isoformat() if period and period.today else None
    due = figures.keys("review_due")
    overdue = sum(v for k, v in due.items() if today and k < today)
    figures.values["overdue"] = {"": overdue} if overdue else {}
    _derive_appeals(figures, period)


def _summed_by(keys: dict[str, int], part: Callable[[str], str | None]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, value in keys.items():
        name = part(key)
        if name is not None and value:
            found[name] = found.get(name, 0) + value
    return found


def _derive_appeals(figures: Figures, period: Period | None) -> None:
    """Appeals by type and by stage are sums of type × stage; overdue ones are those due before today
    (counted even when no attestation period exists: appeals belong to none)."""
    by_cell = figures.keys("appeals")
    figures.values["appeals_by_type"] = _summed_by(by_cell, lambda k: k.partition("|")[0])
    figures.values["appeals_by_stage"] = _summed_by(by_cell, lambda k: k.partition("|")[2])
    today = overdue_day(period).isoformat()
    figures.values["appeals_overdue"] = _summed_by(
        figures.keys("appeals_due"), lambda k: k.partition("|")[0] if k.partition("|")[2] < today else None)


def kpi(dashboard: Dashboard) -> dict:
    """The KPI panel as plain data (GET /api/v1/dashboard/kpi): integer counts under stable keys.

    A count of rows the user may not list is 0: the panel never reveals more than the lists do."""
    def count(measure: str) -> int:
        return dashboard.figures.count(measure) if dashboard.shows(measure) else 0

    def keyed(measure: str) -> dict[str, int]:
        return {k: v for k, v in sorted(dashboard.figures.keys(measure).items()) if v} if dashboard.shows(measure) else {}

    as_of = dashboard.as_of or utcnow()
    return {
        "organizations": count("organizations"),
        "teachers": count("teachers"),
        "users": count("users"),
        "commissions": count("commissions"),
        "attestees": count("attestees"),
        "materials": count("materials"),
        "applications_by_state": keyed("applications_by_state"),
        "outcomes": keyed("outcomes"),
        "period": dashboard.period.id if dashboard.period else None,
        "as_of": as_of.replace(microsecond=0).isoformat() + "Z",
    }


def drill_rows(scope: Scope, measure_code: str, period: Period | None, node: Tenant | None, key: str | None):
    """select(model) of the rows behind one number, in the scope (and under ``node``)."""
    measure = MEASURES.get(measure_code)
    if measure is None or not measure.listable:
        raise KeyError(measure_code)
    if key is not None and measure.valid_key is not None and not measure.valid_key(key):
        raise KeyError(key)  # a key the figure never has: no such list (a 404), not an empty one
    statement = rows_select(measure, period, key)
    clause = scope_clause(measure.model, scope)
    if clause is not None:
        statement = statement.where(clause)
    if node is not None:
        statement = statement.where(node_subtree_clause(measure.model, node))
    return measure, statement


__all__ = ["Dashboard", "Figures", "INLINE_REFRESH_LIMIT", "KPI", "MEASURE_PERMISSION", "build", "choose_period",
           "drill_rows", "ensure_fresh", "home_node", "kpi", "live_figures", "whole_subtree"]
