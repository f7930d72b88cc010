"""Languages: an account's language and French/Spanish versions of programme content

Revision ID: b8e4d2f6a193
Revises: a7d3c5e1f042
Create Date: 2026-11-30 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e4d2f6a193'
down_revision = 'a7d3c5e1f042'
branch_labels = None
depends_on = None

CONTENT_COLUMNS = {
    'events': (('title', 200), ('theme', 300), ('description', None)),
    'sessions': (('title', 300), ('description', None)),
    'rooms': (('name', 120),),
    'stakeholder_categories': (('name', 120), ('description', None)),
}

# The seeded categories' names as the application ships them (a copy: migrations do not
# import application code, which changes after they are written).
DEFAULT_CATEGORY_TRANSLATIONS = {
    'government': (
        'Gouvernement', 'Gobierno',
        'États membres et observateurs : ministères, missions et autres autorités nationales.',
        'Estados Miembros y observadores: ministerios, misiones y otras autoridades nacionales.',
    ),
    'un-system': (
        'Système des Nations Unies et organisations internationales',
        'Sistema de las Naciones Unidas y organizaciones internacionales',
        'Entités des Nations Unies et autres organisations intergouvernementales.',
        'Entidades de las Naciones Unidas y otras organizaciones intergubernamentales.',
    ),
    'civil-society': (
        'Société civile', 'Sociedad civil',
        'Organisations non gouvernementales, organisations confessionnelles, syndicats et '
        'fondations.',
        'Organizaciones no gubernamentales, organizaciones confesionales, sindicatos y '
        'fundaciones.',
    ),
    'private-sector': (
        'Secteur privé', 'Sector privado',
        'Entreprises, employeurs et associations professionnelles.',
        'Empresas, empleadores y asociaciones empresariales.',
    ),
    'migrants-diaspora': (
        'Migrants et diaspora', 'Migrantes y diáspora',
        'Les migrants eux-mêmes et les organisations de la diaspora, qui parlent au nom de '
        'leurs communautés.',
        'Los propios migrantes y las organizaciones de la diáspora, que hablan en nombre de '
        'sus comunidades.',
    ),
    'local-authorities': (
        'Autorités locales et régionales', 'Autoridades locales y regionales',
        'Villes, municipalités, provinces et gouvernements régionaux.',
        'Ciudades, municipios, provincias y gobiernos regionales.',
    ),
    'academia': (
        'Milieu universitaire', 'Mundo académico',
        'Universités, instituts de recherche et experts indépendants.',
        'Universidades, institutos de investigación y expertos independientes.',
    ),
}


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
    for table, fields in CONTENT_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, length in fields:
                for lang in ('fr', 'es'):
                    kind = sa.String(length=length) if length else sa.Text()
                    batch_op.add_column(sa.Column(
                        f'{field}_{lang}', kind, nullable=False, server_default=''))
    categories = sa.table(
        'stakeholder_categories', sa.column('key', sa.String), sa.column('name_fr', sa.String),
        sa.column('name_es', sa.String), sa.column('description_fr', sa.Text),
        sa.column('description_es', sa.Text),
    )
    # Only the seeded categories, and only where nobody has written a version yet.
    for key, (name_fr, name_es, description_fr, description_es) in (
            DEFAULT_CATEGORY_TRANSLATIONS.items()):
        op.execute(
            categories.update()
            .where(categories.c.key == key, categories.c.name_fr == '')
            .values(name_fr=name_fr, name_es=name_es, description_fr=description_fr,
                    description_es=description_es)
        )


def downgrade():
    for table, fields in CONTENT_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, _length in reversed(fields):
                for lang in ('es', 'fr'):
                    batch_op.drop_column(f'{field}_{lang}')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
