"""Speaking slots record when the chair marked them heard without timing

Revision ID: d4a8e2c6b931
Revises: d3b5e8a1c240
Create Date: 2026-12-07 21:00:00.000000

A planned speaker the chair marks as heard (a chair's own remarks, say) counts their planned
minutes as heard in the balance report although no clock timed them.
"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = 'd4a8e2c6b931'
down_revision = 'd3b5e8a1c240'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('speaking_slots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heard_at', eventapp.db_types.UTCDateTime(),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('speaking_slots', schema=None) as batch_op:
        batch_op.drop_column('heard_at')
