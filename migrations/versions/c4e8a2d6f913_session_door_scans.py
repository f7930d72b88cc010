"""Door scans per session: a session's door may scan badges, and who was present in it

Revision ID: c4e8a2d6f913
Revises: a7d3e9c2b514
Create Date: 2026-12-08 02:45:00

One presence per session and registration among those not undone (a partial unique index),
so two doors scanning the same badge at once record one.
"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = 'c4e8a2d6f913'
down_revision = 'a7d3e9c2b514'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('door_scanning', sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table('session_presences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('scanned_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.Column('desk', sa.String(length=60), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', eventapp.db_types.UTCDateTime(), nullable=True),
    sa.Column('undone_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_session_presences_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_session_presences_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_session_presences_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_presences_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undone_by_user_id'], ['users.id'], name=op.f('fk_session_presences_undone_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_presences'))
    )
    with op.batch_alter_table('session_presences', schema=None) as batch_op:
        batch_op.create_index('ix_session_presences_one_per_session', ['session_id', 'registration_id'], unique=True, sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_session_presences_registration_id'), ['registration_id'], unique=False)


def downgrade():
    with op.batch_alter_table('session_presences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_presences_registration_id'))
        batch_op.drop_index('ix_session_presences_one_per_session', sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))

    op.drop_table('session_presences')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('door_scanning')
