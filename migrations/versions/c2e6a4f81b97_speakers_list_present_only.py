"""A list of speakers may take requests only from participants checked in today

Revision ID: c2e6a4f81b97
Revises: b8d4f0a26e31
Create Date: 2026-12-07 23:26:01.469400

Existing lists keep taking every approved participant.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2e6a4f81b97'
down_revision = 'b8d4f0a26e31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('speakers_lists', schema=None) as batch_op:
        batch_op.add_column(sa.Column('present_only', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('speakers_lists', schema=None) as batch_op:
        batch_op.drop_column('present_only')
