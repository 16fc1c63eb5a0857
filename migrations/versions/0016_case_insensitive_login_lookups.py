"""case-insensitive login lookups served by indexes; trigram indexes for the account search

FAB finds the user signing in by ``lower(username) = lower(:name)`` (AUTH_USERNAME_CI), and the
password-reset and account commands by ``lower(email)``: with 93k–254k accounts each login read the
whole ab_user table (~20 ms a login at national size, measured by bench/national.py). Expression
indexes serve both, on PostgreSQL and SQLite alike. They live outside the models (FAB owns the user
table), and the models-vs-migrations check ignores names ending in ``_ci``.

The autocomplete over accounts (app/web/lookup.py) searches ILIKE '%…%' in the login, names and
e-mail: on PostgreSQL trigram indexes serve it (like migration 0014's for persons and organizations).

Revision ID: 0016
Revises: 0015
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

INDEXES = {"ix_ab_user_username_ci": "lower(username)", "ix_ab_user_email_ci": "lower(email)"}
TRIGRAM = {f"ix_ab_user_{column}_trgm": f"ab_user USING gin ({column} gin_trgm_ops)"
           for column in ("username", "first_name", "last_name", "email")}


def upgrade():
    for name, expression in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON ab_user ({expression})")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        with op.get_context().autocommit_block():
            for name, definition in TRIGRAM.items():
                op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            for name in TRIGRAM:
                op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
