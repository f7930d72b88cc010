"""The room's screen: how many next speakers, and the last speakers or not, per list

Revision ID: d2a7c4e9f013
Revises: d1a7c3e9f2b4
Create Date: 2026-12-07 20:30:00.000000

Two columns on speakers_lists with server defaults, so lists that exist keep what the
screen showed before (the next three, no last speakers).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2a7c4e9f013'
down_revision = 'd1a7c3e9f2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('speakers_lists', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screen_next_count', sa.Integer(), nullable=False,
                                      server_default=sa.text('3')))
        batch_op.add_column(sa.Column('screen_show_previous', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('speakers_lists', schema=None) as batch_op:
        batch_op.drop_column('screen_show_previous')
        batch_op.drop_column('screen_next_count')
