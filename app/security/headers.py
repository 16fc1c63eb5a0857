"""Security headers on every response (part B of issue 9): filled in by its owner."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the response hooks that add the security headers."""
