"""Default stakeholder categories as data; retiring and renaming categories, categories offered
per event, quotas in places, organizations awaiting confirmation, public-list question asked

Revision ID: 5c1e7d2a9b30
Revises: 2b4b4b7fd5e7
Create Date: 2026-11-30 15:10:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.db_types


# revision identifiers, used by Alembic.
revision = '5c1e7d2a9b30'
down_revision = '2b4b4b7fd5e7'
branch_labels = None
depends_on = None

# Frozen here on purpose: a migration must create the same rows whatever the code says later.
DEFAULT_CATEGORIES = (
    ("government", "Government",
     "Member and observer States: ministries, missions and other national authorities."),
    ("un-system", "UN system & international organizations",
     "United Nations entities and other intergovernmental organizations."),
    ("civil-society", "Civil society",
     "Non-governmental organizations, faith-based groups, trade unions and foundations."),
    ("private-sector", "Private sector",
     "Companies, employers and business associations."),
    ("migrants-diaspora", "Migrants & diaspora",
     "Migrants themselves and diaspora organizations, speaking for their communities."),
    ("local-authorities", "Local & regional authorities",
     "Cities, municipalities, provinces and regional governments."),
    ("academia", "Academia",
     "Universities, research institutes and independent experts."),
)


def _seed_default_categories():
    categories = sa.table(
        'stakeholder_categories',
        sa.column('id', sa.Integer), sa.column('key', sa.String), sa.column('name', sa.String),
        sa.column('description', sa.Text), sa.column('sort_order', sa.Integer),
        sa.column('is_retired', sa.Boolean),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(categories.c.key, categories.c.name)).all()
    keys = {key for key, _ in rows}
    names = {name.lower() for _, name in rows}
    missing = [
        {"key": key, "name": name, "description": description, "sort_order": order * 10,
         "is_retired": False}
        for order, (key, name, description) in enumerate(DEFAULT_CATEGORIES)
        if key not in keys and name.lower() not in names
    ]
    if missing:
        op.bulk_insert(categories, missing)


def upgrade():
    op.create_table('category_renames',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('old_name', sa.String(length=120), nullable=False),
    sa.Column('new_name', sa.String(length=120), nullable=False),
    sa.Column('renamed_at', eventapp.db_types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['stakeholder_categories.id'], name=op.f('fk_category_renames_category_id_stakeholder_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_renames'))
    )
    with op.batch_alter_table('category_renames', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_renames_category_id'), ['category_id'], unique=False)

    op.create_table('event_categories',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['stakeholder_categories.id'], name=op.f('fk_event_categories_category_id_stakeholder_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_categories_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'category_id', name=op.f('pk_event_categories'))
    )

    with op.batch_alter_table('category_quotas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_places', sa.Integer(), nullable=True))
        batch_op.alter_column('max_percent', existing_type=sa.INTEGER(), nullable=True)
        batch_op.drop_constraint(op.f('ck_category_quotas_max_percent'), type_='check')
        batch_op.create_check_constraint(
            'max_percent', 'max_percent IS NULL OR (max_percent > 0 AND max_percent <= 100)')
        batch_op.create_check_constraint('max_places', 'max_places IS NULL OR max_places > 0')
        batch_op.create_check_constraint(
            'percent_or_places',
            '(max_percent IS NULL AND max_places IS NOT NULL) '
            'OR (max_percent IS NOT NULL AND max_places IS NULL)')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_confirmed', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_list_asked', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # Whoever consented was evidently asked; nobody else can be known to have been.
    op.execute("UPDATE registrations SET public_list_asked = consent_public_list")

    with op.batch_alter_table('stakeholder_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_retired', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('retired_at', eventapp.db_types.UTCDateTime(), nullable=True))

    _seed_default_categories()


def downgrade():
    # The default categories stay: they may be referenced, and the initial schema's
    # downgrade drops the table anyway.
    with op.batch_alter_table('stakeholder_categories', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
        batch_op.drop_column('is_retired')

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('public_list_asked')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('is_confirmed')

    op.execute("DELETE FROM category_quotas WHERE max_percent IS NULL")
    with op.batch_alter_table('category_quotas', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_category_quotas_percent_or_places'), type_='check')
        batch_op.drop_constraint(op.f('ck_category_quotas_max_places'), type_='check')
        batch_op.drop_constraint(op.f('ck_category_quotas_max_percent'), type_='check')
        batch_op.create_check_constraint('max_percent', 'max_percent > 0 AND max_percent <= 100')
        batch_op.alter_column('max_percent', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('max_places')

    op.drop_table('event_categories')
    with op.batch_alter_table('category_renames', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_renames_category_id'))

    op.drop_table('category_renames')
