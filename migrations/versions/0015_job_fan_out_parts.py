"""jobs fan out into part jobs: a part names its parent; the parent counts parts and units

Set-based batch scoring (app/scoring/batch.py) splits a scope into chunk jobs run on every RQ
worker; their progress is summed into the job the user started, and the last part finishes it.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job_record') as batch:
        batch.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('parts', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('parts_done', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('parts_failed', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('units', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('units_done', sa.Integer(), nullable=False, server_default='0'))
        batch.create_index('ix_job_record_parent_id', ['parent_id'], unique=False)


def downgrade():
    with op.batch_alter_table('job_record') as batch:
        batch.drop_index('ix_job_record_parent_id')
        for column in ('units_done', 'units', 'parts_failed', 'parts_done', 'parts', 'parent_id'):
            batch.drop_column(column)
