"""Extension singletons. The AppBuilder is created per app in create_app (see STACK-NOTES)."""

from __future__ import annotations

from flask_appbuilder import Model
from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

# FAB's models live on their own metadata: share it so Alembic sees one schema.
db = SQLA(metadata=Model.metadata)
migrate = Migrate()
csrf = CSRFProtect()


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
