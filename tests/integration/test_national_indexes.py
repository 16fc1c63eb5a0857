"""The indexes national-size lookups need can serve them (PostgreSQL: with sequential scans off, the
plan names the index; a query the index cannot serve would still scan)."""

from __future__ import annotations

import pytest
from sqlalchemy import text


def _plan(sql: str, **params) -> str:
    from app.extensions import db

    connection = db.session.connection()
    connection.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in connection.execute(text("EXPLAIN " + sql), params))
    db.session.rollback()
    return plan


@pytest.fixture
def postgresql(app, ctx):
    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL plans")


@pytest.mark.parametrize(("sql", "index"), [
    ("SELECT id FROM person WHERE search_name LIKE '%ахмет%'", "ix_person_search_name_trgm"),
    ("SELECT id FROM person WHERE iin LIKE '%4567%'", "ix_person_iin_trgm"),
    ("SELECT id FROM tenant WHERE name_kk ILIKE '%мектеп%'", "ix_tenant_name_kk_trgm"),
    ("SELECT id FROM ab_user WHERE lower(username) = lower('Teacher')", "ix_ab_user_username_ci"),
    ("SELECT id FROM ab_user WHERE lower(email) = lower('a@b.kz')", "ix_ab_user_email_ci"),
    ("SELECT id FROM ab_user WHERE username ILIKE '%ахмет%'", "ix_ab_user_username_trgm"),
    ("SELECT id FROM ab_user WHERE last_name ILIKE '%ахмет%'", "ix_ab_user_last_name_trgm"),
])
def test_the_index_serves_the_lookup(postgresql, sql, index):
    assert index in _plan(sql)


def test_login_lookup_is_indexed_on_every_database(app, ctx):
    """The expression index exists on SQLite too (the embedded mode has it as well)."""
    from app.extensions import db

    # the inspector leaves expression indexes out on SQLite: ask the catalogue
    catalogue = ("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ab_user'"
                 if db.engine.dialect.name == "sqlite" else "SELECT indexname FROM pg_indexes WHERE tablename = 'ab_user'")
    names = set(db.session.execute(text(catalogue)).scalars())
    assert {"ix_ab_user_username_ci", "ix_ab_user_email_ci"} <= names
