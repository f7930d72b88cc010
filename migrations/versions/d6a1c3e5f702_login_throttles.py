"""Login throttles: a delay per failure and a count of failing accounts per address

Revision ID: d6a1c3e5f702
Revises: d4a8e2c6b931
Create Date: 2026-12-07 20:40:00

Login attempts no longer use the fixed-window counters (they keep counting account mails);
their rows are dropped, the table stays.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd6a1c3e5f702'
down_revision = 'd4a8e2c6b931'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttles',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_attempt_ms', sa.BigInteger(), nullable=False),
    sa.Column('blocked_until_ms', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttles'))
    )
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttles_last_attempt_ms'), ['last_attempt_ms'], unique=False)
    op.execute("DELETE FROM login_counters WHERE key LIKE 'account:%' OR key LIKE 'address:%'")


def downgrade():
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttles_last_attempt_ms'))
    op.drop_table('login_throttles')
