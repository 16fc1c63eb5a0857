"""Summary tables behind the dashboards (reports/summary.py): counts per tenant node, refreshed by a job.

``ReportCount`` holds, per node of the tenant tree, a period and a measure of reports/measures.py, the
count of the rows the node owns itself (kind ``own``) and of its whole subtree (kind ``total``). A
dashboard reads one node's totals and its children's: a few hundred rows, however big the country.
Writes mark their tenants in ``ReportDirty``; the refresh recomputes those tenants and their
ancestors. ``ReportFreeze`` marks a closed period whose figures are final and never recomputed.
"""

from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import utcnow

OWN, TOTAL = "own", "total"
#: the period id of measures that belong to no period (teachers, users, organizations)
NO_PERIOD = 0


class ReportCount(Model):
    __tablename__ = "report_count"

    kind: Mapped[str] = mapped_column(String(5), primary_key=True)
    node_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class ReportNode(Model):
    """When a node's totals were last computed: the freshness shown on its dashboard."""

    __tablename__ = "report_node"

    node_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    refreshed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ReportDirty(Model):
    """A tenant node whose rows changed since its figures were computed."""

    __tablename__ = "report_dirty"

    node_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    marked_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ReportFreeze(Model):
    """A closed period's figures, computed once after it closed and final from then on."""

    __tablename__ = "report_freeze"

    period_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    frozen_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


__all__ = ["NO_PERIOD", "OWN", "ReportCount", "ReportDirty", "ReportFreeze", "ReportNode", "TOTAL"]
