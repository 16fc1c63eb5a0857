"""case-insensitive login lookups served by indexes

FAB finds the user signing in by ``lower(username) = lower(:name)`` (AUTH_USERNAME_CI), and the
password-reset and account commands by ``lower(email)``: with 93k–254k accounts each login read the
whole ab_user table (~20 ms a login at national size, measured by bench/national.py). Expression
indexes serve both, on PostgreSQL and SQLite alike. They live outside the models (FAB owns the user
table), and the models-vs-migrations check ignores names ending in ``_ci``.

Revision ID: 0016
Revises: 0015
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

INDEXES = {"ix_ab_user_username_ci": "lower(username)", "ix_ab_user_email_ci": "lower(email)"}


def upgrade():
    for name, expression in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON ab_user ({expression})")


def downgrade():
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
