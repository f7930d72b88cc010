"""Check-ins: who was present on which day of an event, recorded by which desk

Revision ID: b8d4f0a26e31
Revises: a7c3e9b15d20
Create Date: 2026-12-07 23:14:32.334095

One check-in per registration and day among those not undone (a partial unique index), so
two desks scanning the same badge at once record one.
"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = 'b8d4f0a26e31'
down_revision = 'a7c3e9b15d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('checked_in_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.Column('desk', sa.String(length=60), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', eventapp.db_types.UTCDateTime(), nullable=True),
    sa.Column('undone_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_check_ins_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_check_ins_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_check_ins_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undone_by_user_id'], ['users.id'], name=op.f('fk_check_ins_undone_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins'))
    )
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index('ix_check_ins_event_day', ['event_id', 'day'], unique=False)
        batch_op.create_index('ix_check_ins_one_per_day', ['registration_id', 'day'], unique=True, sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_check_ins_registration_id'), ['registration_id'], unique=False)



def downgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_registration_id'))
        batch_op.drop_index('ix_check_ins_one_per_day', sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.drop_index('ix_check_ins_event_day')

    op.drop_table('check_ins')
