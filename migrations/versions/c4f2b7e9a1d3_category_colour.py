"""Stakeholder categories carry a colour for their badges' band

Revision ID: c4f2b7e9a1d3
Revises: c2e6a4f81b97
Create Date: 2026-12-07 23:50:00

Existing categories get none: their badges take the palette's colour for their place in the
order until an organizer chooses one.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f2b7e9a1d3'
down_revision = 'c2e6a4f81b97'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stakeholder_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('colour', sa.String(length=7), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('stakeholder_categories', schema=None) as batch_op:
        batch_op.drop_column('colour')
