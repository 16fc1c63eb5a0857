"""national registries: sync state and run log, disputes, and where each registry value came from

Persons and tenants say their source (manual, nobd, gbdfl) and when they were fetched; the records a
feed fills (employment, diploma, ozp_result, course) keep the registry's key, unique, so a sync upserts
by it and running it twice changes nothing. registry_state holds each feed's cursor and the lock of
the sync running now; sync_run is the run log national admins read; registry_dispute routes a
disputed value to the staff who keep that registry's data.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

KEYED = ("employment", "diploma", "ozp_result", "course")


def _tenant_columns():
    return [
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenant.id'), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('district_id', sa.Integer(), nullable=True),
    ]


def upgrade():
    for table in ("person", "tenant"):
        op.add_column(table, sa.Column('source', sa.String(length=10), nullable=False, server_default='manual'))
        op.add_column(table, sa.Column('collected_on', sa.DateTime(), nullable=True))
    for table in KEYED:
        op.add_column(table, sa.Column('external_id', sa.String(length=64), nullable=True))
        op.create_index(f'ix_{table}_external_id', table, ['external_id'], unique=True)

    op.create_table(
        'registry_state',
        sa.Column('source', sa.String(length=10), primary_key=True),
        sa.Column('cursors', sa.JSON(), nullable=True),
        sa.Column('last_success_on', sa.DateTime(), nullable=True),
        sa.Column('last_full_on', sa.DateTime(), nullable=True),
        sa.Column('running_run_id', sa.Integer(), nullable=True),
        sa.Column('holder', sa.String(length=120), nullable=True),
        sa.Column('heartbeat_on', sa.DateTime(), nullable=True),
    )
    op.create_table(
        'sync_run',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('mode', sa.String(length=12), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('started_on', sa.DateTime(), nullable=False),
        sa.Column('finished_on', sa.DateTime(), nullable=True),
        sa.Column('heartbeat_on', sa.DateTime(), nullable=True),
        sa.Column('since', sa.JSON(), nullable=True),
        sa.Column('cursors', sa.JSON(), nullable=True),
        sa.Column('collection', sa.String(length=20), nullable=True),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in
          ('total', 'fetched', 'created', 'updated', 'unchanged', 'skipped', 'failed')],
        sa.Column('errors', sa.JSON(), nullable=True),
        sa.Column('stop_reason', sa.String(length=40), nullable=True),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in ('requests', 'retries', 'resumed')],
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('username', sa.String(length=128), nullable=True),
        sa.Column('job_id', sa.Integer(), nullable=True),
        *_tenant_columns(),
    )
    op.create_index('ix_sync_run_source', 'sync_run', ['source', 'id'])
    op.create_table(
        'registry_dispute',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('record_type', sa.String(length=40), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('field', sa.String(length=60), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('filed_by_id', sa.Integer(), nullable=True),
        sa.Column('filed_by_name', sa.String(length=200), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_by_name', sa.String(length=200), nullable=True),
        sa.Column('answered_on', sa.DateTime(), nullable=True),
        sa.Column('created_on', sa.DateTime(), nullable=False),
        sa.Column('changed_on', sa.DateTime(), nullable=False),
        *_tenant_columns(),
    )
    op.create_index('ix_registry_dispute_record', 'registry_dispute', ['record_type', 'record_id'])
    op.create_index('ix_registry_dispute_state', 'registry_dispute', ['state', 'id'])
    op.create_index('ix_registry_dispute_person_id', 'registry_dispute', ['person_id'])
    for table in ('sync_run', 'registry_dispute'):
        for column in ('tenant_id', 'region_id', 'district_id'):
            op.create_index(f'ix_{table}_{column}', table, [column])


def downgrade():
    for table in ('registry_dispute', 'sync_run', 'registry_state'):
        op.drop_table(table)
    for table in KEYED:
        op.drop_index(f'ix_{table}_external_id', table)
        op.drop_column(table, 'external_id')
    for table in ("person", "tenant"):
        op.drop_column(table, 'collected_on')
        op.drop_column(table, 'source')
