"""The audit trail

Revision ID: a7d3e9c2b514
Revises: a7e2c4f6b813
Create Date: 2026-12-07 23:30:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = 'a7d3e9c2b514'
down_revision = "a7e2c4f6b813"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=300), nullable=False),
    sa.Column('context', sa.String(length=300), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('object_label', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=60), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('batch_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_event_id_id', ['event_id', 'id'], unique=False)
        batch_op.create_index('ix_audit_entries_event_subject', ['event_id', 'subject', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_batch_id'), ['batch_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_batch_id'))
        batch_op.drop_index('ix_audit_entries_event_subject')
        batch_op.drop_index('ix_audit_entries_event_id_id')

    op.drop_table('audit_entries')
