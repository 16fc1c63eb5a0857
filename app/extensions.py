"""Extension singletons. The AppBuilder is created per app in create_app (see STACK-NOTES)."""

from __future__ import annotations

from flask_appbuilder import Model
from flask_appbuilder.models.sqla.base import SQLA
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

# FAB's models live on their own metadata: share it so Alembic sees one schema.
db = SQLA(metadata=Model.metadata)
csrf = CSRFProtect()


def init_migrations(app, directory: str) -> None:
    """Flask-Migrate for the `flask db` commands and the tests, loaded only when used: importing it
    imports Alembic, 8.5 MiB in every web worker that never migrates (issue 13: worker memory)."""
    import sys

    import click

    if "flask_migrate" in sys.modules or click.get_current_context(silent=True) is not None:
        _migrate_now(app, directory)  # the `flask` command line: `flask db …` must be registered
    else:
        app.extensions["migrate"] = _MigrationsOnFirstUse(app, directory)


def _migrate_now(app, directory: str):
    from flask_migrate import Migrate

    Migrate(app, db, directory=directory, render_as_batch=True)
    return app.extensions["migrate"]


class _MigrationsOnFirstUse:
    """Stands in app.extensions["migrate"] until flask_migrate.upgrade() & co. read it."""

    def __init__(self, app, directory: str) -> None:
        self._app, self._directory = app, directory

    def __getattr__(self, name: str):
        return getattr(_migrate_now(self._app, self._directory), name)


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, connection_record) -> None:
    """SQLite ignores foreign keys unless asked: ask, so the embedded mode behaves like PostgreSQL."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # Kazakh alphabetical order for names (models/collation.py)
        from models.collation import register_sqlite_collation

        register_sqlite_collation(dbapi_connection)
