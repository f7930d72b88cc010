"""The audit trail by object: an index on (event, object number, entry)

Revision ID: c4e8a2f6d193
Revises: c4e8a2f6d190
Create Date: 2026-12-08 03:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e8a2f6d193'
down_revision = "c4e8a2f6d190"
branch_labels = None
depends_on = None


def upgrade():
    # The trail filtered by an object's number, newest first: without it the page reads the
    # event's entries backwards until it finds fifty of that object, all of them for a rare one.
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_event_object', ['event_id', 'object_id', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_event_object')
