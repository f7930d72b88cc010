"""Published schedule versions

Revision ID: e2c5a7d91f40
Revises: e4c1a7d3b902
Create Date: 2026-12-07 21:45:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = 'e2c5a7d91f40'
down_revision = 'e4c1a7d3b902'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('schedule_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.Column('notified', sa.Boolean(), nullable=False),
    sa.CheckConstraint('number > 0', name=op.f('ck_schedule_versions_number')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_schedule_versions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_schedule_versions_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_versions')),
    sa.UniqueConstraint('event_id', 'number', name='uq_schedule_versions_event_number')
    )


def downgrade():
    op.drop_table('schedule_versions')
