"""Event teams: members with a role per event, invitations; organizers become administrators

Revision ID: f3a9c1e5b720
Revises: e2c5a7d91f40
Create Date: 2026-12-07 23:50:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = 'f3a9c1e5b720'
down_revision = 'e2c5a7d91f40'
branch_labels = None
depends_on = None

TEAM_ROLES = "role IN ('owner', 'organizer', 'chair', 'desk', 'viewer')"


def _user_roles(old, new, check):
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
    op.execute(sa.text("UPDATE users SET role = :new WHERE role = :old").bindparams(
        old=old, new=new))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), check)


def upgrade():
    # Every organizer account managed every event: each becomes a site administrator, who
    # still does.
    _user_roles('organizer', 'admin', "role IN ('admin', 'participant')")
    op.create_table('event_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.CheckConstraint(TEAM_ROLES, name=op.f('ck_event_members_role')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_members_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_members')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_members_event_user')
    )
    op.create_index('ix_event_members_user', 'event_members', ['user_id'], unique=False)
    op.create_table('team_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('nonce', sa.String(length=43), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.Column('accepted_at', eventapp.db_types.UTCDateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint(TEAM_ROLES, name=op.f('ck_team_invitations_role')),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_team_invitations_accepted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_team_invitations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_team_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_invitations')),
    sa.UniqueConstraint('nonce', name=op.f('uq_team_invitations_nonce'))
    )
    op.create_index('ix_team_invitations_event', 'team_invitations', ['event_id', 'accepted_at'], unique=False)


def downgrade():
    op.drop_index('ix_team_invitations_event', table_name='team_invitations')
    op.drop_table('team_invitations')
    op.drop_index('ix_event_members_user', table_name='event_members')
    op.drop_table('event_members')
    # Without teams, only organizer accounts reach the organizer pages, and they reach all.
    _user_roles('admin', 'organizer', "role IN ('organizer', 'participant')")
