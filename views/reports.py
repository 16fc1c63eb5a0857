"""The dashboards: figures of the user's scope, with drill-down to the level below and to the rows."""

from __future__ import annotations


def register_report_views(appbuilder, add) -> None:
    """Registers the dashboard views (filled by the dashboard work)."""
