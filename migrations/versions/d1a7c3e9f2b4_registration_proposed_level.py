"""Registrations keep the participant's proposed level of representation apart

Revision ID: d1a7c3e9f2b4
Revises: d6b2e4a8c913
Create Date: 2026-12-07 21:00:00.000000

delegation_role is the level the organizers accredit (protocol order on the floor, the
CSV's column); proposed_delegation_role is what the participant proposed. Existing rows keep
their delegation_role as the accredited level (organizers saw it on the registration and in
the exports) and have no separate proposal (NULL).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1a7c3e9f2b4'
down_revision = 'd6b2e4a8c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_delegation_role', sa.String(length=20),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('proposed_delegation_role')
