"""national scale: trigram indexes for name and ИИН search (PostgreSQL), the permission stamp

Name search is ``search_name LIKE '%…%'`` (a lower-cased "last first middle"), ИИН search a LIKE on
``iin``; organization search an ILIKE on the names. A B-tree cannot serve a LIKE with a
leading wildcard: at 575k persons a republic-wide search read the whole table (≈ 2 s a page). GIN
trigram indexes (pg_trgm) serve LIKE/ILIKE '%…%' from three letters on: measured 5 ms for a page.
They live outside the models (a model Index cannot carry an operator class for PostgreSQL only), and
the models-vs-migrations check ignores names ending in ``_trgm``. SQLite needs nothing (small data).

The permission stamp is one row whose version moves when any role's permissions change
(app/security/permission_stamp.py): workers cache permissions per role set under it.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

INDEXES = {
    "ix_person_search_name_trgm": "person USING gin (search_name gin_trgm_ops)",
    "ix_person_iin_trgm": "person USING gin (iin gin_trgm_ops)",
    "ix_tenant_name_kk_trgm": "tenant USING gin (name_kk gin_trgm_ops)",
    "ix_tenant_name_ru_trgm": "tenant USING gin (name_ru gin_trgm_ops)",
}


def upgrade():
    op.create_table(
        "permission_stamp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO permission_stamp (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.get_context().autocommit_block():
        for name, definition in INDEXES.items():
            op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            for name in INDEXES:
                op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    op.drop_table("permission_stamp")
