"""Login throttling and server-side session control (part C of issue 9): filled in by its owner."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register login throttling, session checks and cookie policy."""
