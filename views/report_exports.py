"""Exports of the dashboards and of the rows behind their numbers (XLSX, PDF), as background jobs."""

from __future__ import annotations


def register_export_views(appbuilder, add) -> None:
    """Registers the export views (filled by the export work)."""
