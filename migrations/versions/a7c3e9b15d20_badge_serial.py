"""Registrations carry their badge's serial and revocation

Revision ID: a7c3e9b15d20
Revises: f3a9c1e5b720
Create Date: 2026-12-07 23:30:00

Existing registrations start at serial 1 with no revocation: the codes the app derives
for them are the first ones.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9b15d20'
down_revision = "f3a9c1e5b720"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('badge_serial', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('badge_revoked_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('badge_revoked_at')
        batch_op.drop_column('badge_serial')
