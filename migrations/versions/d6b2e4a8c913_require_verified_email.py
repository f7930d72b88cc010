"""Events may require a confirmed e-mail address; registrations may wait as 'unverified'

Revision ID: d6b2e4a8c913
Revises: d6a1c3e5f702
Create Date: 2026-12-07 21:00:00

Existing events get the setting off, so their registrations go on as before; new events
have it on (the model's default).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd6b2e4a8c913'
down_revision = 'd6a1c3e5f702'
branch_labels = None
depends_on = None

WITH = "status IN ('pending', 'approved', 'waitlisted', 'declined', 'cancelled', 'unverified')"
WITHOUT = "status IN ('pending', 'approved', 'waitlisted', 'declined', 'cancelled')"


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('require_verified_email', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_registrations_status'), type_='check')
        batch_op.create_check_constraint('status', WITH)


def downgrade():
    # Waiting registrations go back to the organizers' review, the closest older state.
    op.execute("UPDATE registrations SET status = 'pending' WHERE status = 'unverified'")
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_registrations_status'), type_='check')
        batch_op.create_check_constraint('status', WITHOUT)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('require_verified_email')
