"""Categories: French and Spanish names to review after a rename of the original

Revision ID: a7e2c4f6b813
Revises: f3b7d1a9c524
Create Date: 2026-12-07 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7e2c4f6b813'
down_revision = 'f3b7d1a9c524'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stakeholder_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_fr_to_review', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('name_es_to_review', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('stakeholder_categories', schema=None) as batch_op:
        batch_op.drop_column('name_es_to_review')
        batch_op.drop_column('name_fr_to_review')
