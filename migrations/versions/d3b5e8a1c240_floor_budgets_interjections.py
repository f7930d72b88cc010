"""Speaking-time budgets per category, points of order and rights of reply

Revision ID: d3b5e8a1c240
Revises: c4f1a9d2e7b5
Create Date: 2026-12-07 20:40:00

A list may give each stakeholder category a total speaking time (floor_budgets). The chair
may give a point of order or a right of reply ('order' / 'reply' requests) that pauses the
speaker ('interrupted', pointed at by interrupts_id); each is recorded on a slot of its own
role. Someone waiting on the list may raise one: the one-active-per-person index leaves them
out.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3b5e8a1c240'
down_revision = 'c4f1a9d2e7b5'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('request', 'walk-in', 'planned')"
NEW_KINDS = "kind IN ('request', 'walk-in', 'planned', 'order', 'reply')"
OLD_STATUSES = ("status IN ('waiting', 'speaking', 'done', 'skipped', 'removed', 'withdrawn', "
                "'not_reached')")
NEW_STATUSES = ("status IN ('waiting', 'speaking', 'done', 'skipped', 'removed', 'withdrawn', "
                "'not_reached', 'interrupted')")
OLD_ACTIVE = "status IN ('waiting', 'speaking')"
NEW_ACTIVE = ("status IN ('waiting', 'speaking', 'interrupted') "
              "AND kind IN ('request', 'walk-in', 'planned')")
OLD_ROLES = ("role IN ('chair', 'moderator', 'keynote', 'panelist', 'respondent', "
             "'rapporteur', 'floor')")
NEW_ROLES = ("role IN ('chair', 'moderator', 'keynote', 'panelist', 'respondent', "
             "'rapporteur', 'floor', 'point-of-order', 'reply')")


def _floor_requests(kinds, statuses, active, with_interrupts):
    with op.batch_alter_table('floor_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_floor_requests_one_active_per_person')
        batch_op.drop_constraint(batch_op.f('ck_floor_requests_kind'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_floor_requests_status'), type_='check')
        if with_interrupts:
            batch_op.add_column(sa.Column('interrupts_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f('fk_floor_requests_interrupts_id_floor_requests'), 'floor_requests',
                ['interrupts_id'], ['id'], ondelete='SET NULL')
        else:
            batch_op.drop_constraint(
                batch_op.f('fk_floor_requests_interrupts_id_floor_requests'), type_='foreignkey')
            batch_op.drop_column('interrupts_id')
        batch_op.create_check_constraint(batch_op.f('ck_floor_requests_kind'), kinds)
        batch_op.create_check_constraint(batch_op.f('ck_floor_requests_status'), statuses)
        batch_op.create_index('ix_floor_requests_one_active_per_person', ['list_id', 'person_id'],
                              unique=True, sqlite_where=sa.text(active),
                              postgresql_where=sa.text(active))


def _slot_roles(roles):
    with op.batch_alter_table('speaking_slots', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_speaking_slots_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_speaking_slots_role'), roles)


def upgrade():
    op.create_table('floor_budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.CheckConstraint("unit IN ('seconds', 'percent')", name=op.f('ck_floor_budgets_unit')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_floor_budgets_amount')),
    sa.ForeignKeyConstraint(['category_id'], ['stakeholder_categories.id'], name=op.f('fk_floor_budgets_category_id_stakeholder_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['list_id'], ['speakers_lists.id'], name=op.f('fk_floor_budgets_list_id_speakers_lists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_budgets')),
    sa.UniqueConstraint('list_id', 'category_id', name='uq_floor_budgets_list_category')
    )
    _floor_requests(NEW_KINDS, NEW_STATUSES, NEW_ACTIVE, with_interrupts=True)
    _slot_roles(NEW_ROLES)


def downgrade():
    # Interjections have no place in the older schema: their slots and rows go first.
    op.execute("UPDATE floor_requests SET slot_id = NULL WHERE kind IN ('order', 'reply')")
    op.execute("DELETE FROM speaking_slots WHERE role IN ('point-of-order', 'reply')")
    op.execute("UPDATE floor_requests SET interrupts_id = NULL")
    op.execute("DELETE FROM floor_requests WHERE kind IN ('order', 'reply')")
    op.execute("UPDATE floor_requests SET status = 'speaking' WHERE status = 'interrupted'")
    _slot_roles(OLD_ROLES)
    _floor_requests(OLD_KINDS, OLD_STATUSES, OLD_ACTIVE, with_interrupts=False)
    op.drop_table('floor_budgets')
