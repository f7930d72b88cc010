"""Login sessions: logging out ends this device's session only

Revision ID: f3b7d1a9c524
Revises: c4f2b7e9a1d3
Create Date: 2026-12-07 23:40:00

Sessions begun before this revision carry no token: they end at the upgrade (everyone logs
in once more).
"""
from alembic import op
import sqlalchemy as sa

from eventapp.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'f3b7d1a9c524'
down_revision = "c4f2b7e9a1d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_sessions',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_login_sessions'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
