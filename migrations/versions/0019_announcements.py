"""announcements: staff's messages to every user of a node's subtree (one role or all), with the
delivery job's cursor and counts

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'announcement',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('role', sa.String(length=40), nullable=True),
        sa.Column('state', sa.String(length=12), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in
          ('recipients_total', 'delivered', 'emailed', 'last_user_id')],
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('author_name', sa.String(length=200), nullable=True),
        sa.Column('sender_node_id', sa.Integer(), sa.ForeignKey('tenant.id'), nullable=True),
        sa.Column('created_on', sa.DateTime(), nullable=False),
        sa.Column('sent_on', sa.DateTime(), nullable=True),
        sa.Column('delivered_on', sa.DateTime(), nullable=True),
        sa.Column('job_id', sa.Integer(), nullable=True),
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenant.id'), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('district_id', sa.Integer(), nullable=True),
    )
    for column in ('tenant_id', 'region_id', 'district_id'):
        op.create_index(f'ix_announcement_{column}', 'announcement', [column])


def downgrade():
    op.drop_table('announcement')
