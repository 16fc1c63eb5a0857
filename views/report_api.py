"""GET /api/v1/dashboard/kpi: the KPI panel of the current user's scope as JSON."""

from __future__ import annotations


def register_report_api(appbuilder) -> None:
    """Registers the KPI API (filled by the API work)."""
