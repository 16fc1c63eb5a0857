"""summary tables behind the dashboards: counts per tenant node and period, refreshed by a job

Counting millions of rows at republic scope for every dashboard view costs ~230 ms (STACK-NOTES.md);
reading one node's pre-computed totals and its children's costs a few milliseconds. Writes mark
their tenants dirty (report_dirty); the refresh recomputes them and their ancestors; a closed
period's figures are computed once and frozen (report_freeze).

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_count',
        sa.Column('kind', sa.String(length=5), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('measure', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'node_id', 'period_id', 'measure', 'key'),
    )
    op.create_table(
        'report_node',
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('refreshed_on', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('node_id'),
    )
    op.create_table(
        'report_dirty',
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('marked_on', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('node_id'),
    )
    op.create_table(
        'report_freeze',
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('frozen_on', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('period_id'),
    )


def downgrade():
    for table in ('report_freeze', 'report_dirty', 'report_node', 'report_count'):
        op.drop_table(table)
