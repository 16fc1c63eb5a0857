"""appeals: the seven types' deadlines as versioned rules, the appeals, the amendments an upheld one
makes, and the profile sections it reopens

Revision ID: 0020
Revises: 0019
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

TYPES = ("withdraw_application", "withdraw_decision", "upload_access", "commission_composition", "attestee_list",
         "ozp_results", "other")


def _tenant_columns(table):
    return [
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenant.id'), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('district_id', sa.Integer(), nullable=True),
    ]


def _tenant_indexes(table):
    for column in ('tenant_id', 'region_id', 'district_id'):
        op.create_index(f'ix_{table}_{column}', table, [column])


def upgrade():
    rules = op.create_table(
        'appeal_rule',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('appeal_type', sa.String(length=40), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('answer_days', sa.Integer(), nullable=False),
        sa.Column('filing_days', sa.Integer(), nullable=False),
        sa.Column('reopen_days', sa.Integer(), nullable=False),
        sa.Column('basis', sa.String(length=300), nullable=True),
    )
    op.create_index('uq_appeal_rule', 'appeal_rule', ['appeal_type', 'effective_from'], unique=True)
    # DOMAIN.md §11: 15 calendar days to answer, a month after the decision to file; 10 days reopened
    op.bulk_insert(rules, [{"appeal_type": t, "effective_from": dt.date(2024, 4, 2), "answer_days": 15,
                            "filing_days": 30, "reopen_days": 10, "basis": "default"} for t in TYPES])
    op.create_table(
        'appeal',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('appeal_type', sa.String(length=40), nullable=False),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('person.id'), nullable=False),
        sa.Column('body_id', sa.Integer(), sa.ForeignKey('tenant.id'), nullable=False),
        sa.Column('application_id', sa.Integer(), sa.ForeignKey('application.id'), nullable=True),
        sa.Column('commission_id', sa.Integer(), sa.ForeignKey('commission.id'), nullable=True),
        sa.Column('details', sa.JSON(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('resolution', sa.String(length=10), nullable=True),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('filed_on', sa.DateTime(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=True),
        sa.Column('filed_by_id', sa.Integer(), nullable=True),
        sa.Column('filed_by_name', sa.String(length=200), nullable=True),
        sa.Column('on_behalf', sa.Boolean(), nullable=False),
        sa.Column('answered_on', sa.DateTime(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_by_name', sa.String(length=200), nullable=True),
        sa.Column('closed_on', sa.DateTime(), nullable=True),
        sa.Column('effect', sa.JSON(), nullable=True),
        sa.Column('created_on', sa.DateTime(), nullable=False),
        sa.Column('changed_on', sa.DateTime(), nullable=False),
        *_tenant_columns('appeal'),
    )
    for column in ('person_id', 'body_id', 'application_id', 'commission_id'):
        op.create_index(f'ix_appeal_{column}', 'appeal', [column])
    op.create_index('ix_appeal_state_due', 'appeal', ['state', 'due_on'])
    op.create_index('ix_appeal_district_state', 'appeal', ['district_id', 'state'])
    op.create_index('ix_appeal_body_state', 'appeal', ['body_id', 'state'])
    _tenant_indexes('appeal')
    op.create_table(
        'amendment',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('appeal_id', sa.Integer(), sa.ForeignKey('appeal.id'), nullable=False),
        sa.Column('application_id', sa.Integer(), sa.ForeignKey('application.id'), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.Column('made_on', sa.DateTime(), nullable=False),
        sa.Column('made_by_id', sa.Integer(), nullable=True),
        sa.Column('made_by_name', sa.String(length=200), nullable=True),
        *_tenant_columns('amendment'),
    )
    op.create_index('ix_amendment_appeal_id', 'amendment', ['appeal_id'])
    op.create_index('ix_amendment_application_id', 'amendment', ['application_id'])
    _tenant_indexes('amendment')
    op.create_table(
        'profile_access',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('person.id'), nullable=False),
        sa.Column('appeal_id', sa.Integer(), sa.ForeignKey('appeal.id'), nullable=False),
        sa.Column('sections', sa.JSON(), nullable=False),
        sa.Column('until', sa.Date(), nullable=False),
        *_tenant_columns('profile_access'),
    )
    op.create_index('ix_profile_access_person_id', 'profile_access', ['person_id'])
    _tenant_indexes('profile_access')


def downgrade():
    for table in ('profile_access', 'amendment', 'appeal', 'appeal_rule'):
        op.drop_table(table)
