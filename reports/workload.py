"""Commission workload: per commission of a scope (under a node), what it has to decide in a period and
how fast it decides — counted live, grouped by commission, one statement for a page and one for the totals.

Each figure is a measure of reports/measures.py narrowed to one commission (``attestees``, ``decided``,
``decision_days``, ``overdue`` on applications, ``voting_members`` on the composition), with the same
scope and node clauses as the rows list behind it (``/reports/rows/<measure>/?commission=<id>``): the
number shown and the list it opens are the same query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, and_, case, cast, func, select
from sqlalchemy.orm import Session

from models.attestation import Application
from models.commission import Commission, CommissionMember
from reports.measures import MEASURES, Period
from tenants.models import Tenant
from tenants.scope import Scope, node_subtree_clause, scope_clause

PAGE_SIZE = 50
#: the application measures counted per commission, in the order of the page's columns
APPLICATION_MEASURES = ("attestees", "decided", "overdue")


@dataclass(frozen=True)
class Load:
    """One commission's figures (or the totals of every commission listed, ``commission`` None)."""

    commission: Commission | None
    attestees: int
    members: int
    decided: int
    decision_days: int
    overdue: int

    @property
    def per_member(self) -> float | None:
        return self.attestees / self.members if self.members else None

    @property
    def average_days(self) -> float | None:
        return self.decision_days / self.decided if self.decided else None


@dataclass(frozen=True)
class Workload:
    rows: list[Load]
    #: commissions listed in all (the pager's count)
    total: int
    totals: Load


def _within(model: type, scope: Scope, node: Tenant | None) -> list:
    clauses = []
    clause = scope_clause(model, scope)
    if clause is not None:
        clauses.append(clause)
    if node is not None:
        clauses.append(node_subtree_clause(model, node))
    return clauses


def _counted(code: str, period: Period | None):
    """1 for an application the measure counts, else 0 (its conditions, the period's included)."""
    return case((and_(*MEASURES[code].conditions(period)), 1), else_=0)


def _loads(scope: Scope, node: Tenant | None, period: Period | None, *entity):
    """(select of ``entity`` and the per-commission columns, narrowed to the scope, node and period;
    those columns)."""
    decided = MEASURES["decided"]
    applications = (
        select(Application.commission_id.label("commission_id"),
               *[func.sum(_counted(code, period)).label(code) for code in APPLICATION_MEASURES],
               func.sum(case((and_(*decided.conditions(period)), MEASURES["decision_days"].summed()), else_=0))
               .label("decision_days"))
        .where(Application.commission_id.is_not(None), Application.period_id == (period.id if period else -1),
               *_within(Application, scope, node))
        .group_by(Application.commission_id)
        .subquery("applications")
    )
    members = (
        select(CommissionMember.commission_id.label("commission_id"), func.count().label("members"))
        .where(*MEASURES["voting_members"].conditions(period), *_within(CommissionMember, scope, node))
        .group_by(CommissionMember.commission_id)
        .subquery("members")
    )
    columns = [func.coalesce(applications.c[code], 0).label(code) for code in APPLICATION_MEASURES]
    columns += [func.coalesce(members.c.members, 0).label("members"),
                func.coalesce(applications.c.decision_days, 0).label("decision_days")]
    statement = (
        select(*entity, *columns)
        .select_from(Commission)
        .outerjoin(applications, applications.c.commission_id == Commission.id)
        .outerjoin(members, members.c.commission_id == Commission.id)
        .where(Commission.period_id == (period.id if period else -1), *_within(Commission, scope, node))
    )
    return statement, columns


def workload(session: Session, scope: Scope, node: Tenant | None, period: Period | None, *, page: int = 1,
             per_page: int = PAGE_SIZE) -> Workload:
    """A page of commissions, most applications per voting member first, and the totals of all of them."""
    statement, columns = _loads(scope, node, period, Commission)
    by_column = {column.name: column for column in columns}
    ratio = cast(by_column["attestees"], Float) / func.nullif(by_column["members"], 0)
    rows = session.execute(
        statement.order_by(ratio.desc().nulls_last(), by_column["attestees"].desc(), Commission.name, Commission.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    listed = _loads(scope, node, period, Commission.id)[0].subquery("listed")
    total_row = session.execute(
        select(func.count(), *[func.coalesce(func.sum(listed.c[name]), 0) for name in
                               ("attestees", "members", "decided", "decision_days", "overdue")])
        .select_from(listed)
    ).one()
    loads = [Load(row[0], int(row.attestees), int(row.members), int(row.decided), int(row.decision_days),
                  int(row.overdue)) for row in rows]
    count, attestees, members, decided, days, overdue = (int(v) for v in total_row)
    return Workload(loads, count, Load(None, attestees, members, decided, days, overdue))


__all__ = ["APPLICATION_MEASURES", "Load", "PAGE_SIZE", "Workload", "workload"]
