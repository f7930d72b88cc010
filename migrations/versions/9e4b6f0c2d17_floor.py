"""The floor: lists of speakers and the requests on them, with their clocks

Revision ID: 9e4b6f0c2d17
Revises: 5c1e7d2a9b30
Create Date: 2026-11-30 15:12:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = '9e4b6f0c2d17'
down_revision = '5c1e7d2a9b30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('speakers_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('policy', sa.String(length=12), nullable=False),
    sa.Column('default_limit_seconds', sa.Integer(), nullable=False),
    sa.Column('per_category_limit', sa.Integer(), nullable=True),
    sa.Column('per_organization_limit', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('opened_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.Column('closed_at', eventapp.db_types.UTCDateTime(), nullable=True),
    sa.Column('updated_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.CheckConstraint("policy IN ('balanced', 'arrival', 'protocol')", name=op.f('ck_speakers_lists_policy')),
    sa.CheckConstraint('default_limit_seconds > 0', name=op.f('ck_speakers_lists_default_limit')),
    sa.CheckConstraint('per_category_limit IS NULL OR per_category_limit > 0', name=op.f('ck_speakers_lists_per_category_limit')),
    sa.CheckConstraint('per_organization_limit IS NULL OR per_organization_limit > 0', name=op.f('ck_speakers_lists_per_organization_limit')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_speakers_lists_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_speakers_lists_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers_lists')),
    sa.UniqueConstraint('session_id', name=op.f('uq_speakers_lists_session_id'))
    )
    with op.batch_alter_table('speakers_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speakers_lists_event_id'), ['event_id'], unique=False)

    op.create_table('floor_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('delegation_role', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('requested_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.Column('given_by', sa.String(length=12), nullable=True),
    sa.Column('limit_seconds', sa.Integer(), nullable=True),
    sa.Column('started_at', eventapp.db_types.UTCDateTime(), nullable=True),
    sa.Column('running_since', eventapp.db_types.UTCDateTime(), nullable=True),
    sa.Column('elapsed_seconds', sa.Integer(), nullable=False),
    sa.Column('finished_at', eventapp.db_types.UTCDateTime(), nullable=True),
    sa.Column('slot_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("given_by IS NULL OR given_by IN ('suggestion', 'chair')", name=op.f('ck_floor_requests_given_by')),
    sa.CheckConstraint("kind IN ('request', 'walk-in', 'planned')", name=op.f('ck_floor_requests_kind')),
    sa.CheckConstraint("status IN ('waiting', 'speaking', 'done', 'skipped', 'removed', 'withdrawn', 'not_reached')", name=op.f('ck_floor_requests_status')),
    sa.CheckConstraint('elapsed_seconds >= 0', name=op.f('ck_floor_requests_elapsed')),
    sa.CheckConstraint('limit_seconds IS NULL OR limit_seconds > 0', name=op.f('ck_floor_requests_limit')),
    sa.ForeignKeyConstraint(['category_id'], ['stakeholder_categories.id'], name=op.f('fk_floor_requests_category_id_stakeholder_categories')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_floor_requests_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['list_id'], ['speakers_lists.id'], name=op.f('fk_floor_requests_list_id_speakers_lists'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_floor_requests_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_floor_requests_person_id_persons')),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_floor_requests_registration_id_registrations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slot_id'], ['speaking_slots.id'], name=op.f('fk_floor_requests_slot_id_speaking_slots'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_requests'))
    )
    with op.batch_alter_table('floor_requests', schema=None) as batch_op:
        batch_op.create_index('ix_floor_requests_event_status', ['event_id', 'status'], unique=False)
        batch_op.create_index('ix_floor_requests_one_active_per_person', ['list_id', 'person_id'], unique=True, sqlite_where=sa.text("status IN ('waiting', 'speaking')"), postgresql_where=sa.text("status IN ('waiting', 'speaking')"))
        batch_op.create_index('ix_floor_requests_one_speaking', ['list_id'], unique=True, sqlite_where=sa.text("status = 'speaking'"), postgresql_where=sa.text("status = 'speaking'"))
        batch_op.create_index(batch_op.f('ix_floor_requests_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('floor_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_floor_requests_person_id'))
        batch_op.drop_index('ix_floor_requests_one_speaking')
        batch_op.drop_index('ix_floor_requests_one_active_per_person')
        batch_op.drop_index('ix_floor_requests_event_status')

    op.drop_table('floor_requests')
    with op.batch_alter_table('speakers_lists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speakers_lists_event_id'))

    op.drop_table('speakers_lists')
