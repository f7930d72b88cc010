"""Sessions carry their own content version

Revision ID: c4f1a9d2e7b5
Revises: b8e4d2f6a193
Create Date: 2026-11-30 21:00:00.000000

A session's version was a row of content_versions ("session:<id>"), looked up once per
session whenever the programme was assembled; it now lives on the session's row.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1a9d2e7b5'
down_revision = 'b8e4d2f6a193'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_version', sa.String(length=32), nullable=True))
    # The same text on SQLite and PostgreSQL: || with an integer casts it to text on both.
    op.execute(
        "UPDATE sessions SET content_version = (SELECT version FROM content_versions "
        "WHERE content_versions.scope = 'session:' || CAST(sessions.id AS VARCHAR))"
    )
    op.execute("DELETE FROM content_versions WHERE scope LIKE 'session:%'")


def downgrade():
    op.execute(
        "INSERT INTO content_versions (scope, version) "
        "SELECT 'session:' || CAST(id AS VARCHAR), content_version FROM sessions "
        "WHERE content_version IS NOT NULL"
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('content_version')
