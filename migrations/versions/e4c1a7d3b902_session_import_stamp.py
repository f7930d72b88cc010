"""Sessions remember what the last programme import gave them, and when

Revision ID: e4c1a7d3b902
Revises: d2a7c4e9f013
Create Date: 2026-12-07 21:40:00.000000

A file imported again after a session was moved or renamed in the app finds the session
by the identity the import gave it (local date, start and title), and the preview tells
each change it would undo ("moves back from 11:00 to 10:00, changed in the app on ...").
"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = 'e4c1a7d3b902'
down_revision = 'd2a7c4e9f013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('imported_at', eventapp.db_types.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column('import_key', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('import_key')
        batch_op.drop_column('imported_at')
