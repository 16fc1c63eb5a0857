"""rule set names in three languages

A rule set had one name, in English: it is also the set's stable key (the CLI's and a case's
"rule_set", a stored score's rule_set_name), so it stays; name_kk / name_ru / name_en are the
names people read, in their language. Existing sets get their key as every name, the shipped
default set its own three names.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

DEFAULT_KEY = "Default (DOMAIN §11), order №83 as amended by №72 of 02.04.2024"
DEFAULT_NAMES = {
    "name_kk": "Әдепкі критерийлер: 27.01.2016 №83 бұйрық (02.04.2024 №72 бұйрықпен өзгертілген)",
    "name_ru": "Критерии по умолчанию: приказ №83 от 27.01.2016 (в ред. приказа №72 от 02.04.2024)",
    "name_en": "Default criteria: order №83 of 27.01.2016 as amended by №72 of 02.04.2024",
}


def upgrade():
    with op.batch_alter_table('rule_set', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_kk', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('name_ru', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), nullable=True))

    rule_set = sa.table('rule_set', sa.column('name', sa.String), sa.column('name_kk', sa.String),
                        sa.column('name_ru', sa.String), sa.column('name_en', sa.String))
    op.execute(rule_set.update().where(rule_set.c.name == DEFAULT_KEY).values(**DEFAULT_NAMES))
    op.execute(rule_set.update().where(rule_set.c.name_kk.is_(None))
               .values(name_kk=rule_set.c.name, name_ru=rule_set.c.name, name_en=rule_set.c.name))


def downgrade():
    with op.batch_alter_table('rule_set', schema=None) as batch_op:
        batch_op.drop_column('name_en')
        batch_op.drop_column('name_ru')
        batch_op.drop_column('name_kk')
