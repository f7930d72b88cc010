"""Names as a search compares them: persons.search_key and organizations.search_key

Revision ID: c4e8a2f6d190
Revises: c4e8a2d6f913
Create Date: 2026-12-08 03:00:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a2f6d190'
down_revision = "c4e8a2d6f913"
branch_labels = None
depends_on = None

# The rule of eventapp/search_key.py as it stood when this migration was written: a migration
# does not follow later changes of the application's code.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ħ": "h", "Ħ": "h",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th",
    "ð": "d", "Ð": "d",
})
BATCH = 1000


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LETTERS))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _person_key(first, last):
    first, last = _fold(first), _fold(last)
    return "\t".join((" ".join(p for p in (first, last) if p),
                      " ".join(p for p in (last, first) if p)))


def _backfill(table, columns, key):
    """Every row's key, read and written a batch at a time (by id, one UPDATE per batch)."""
    bind = op.get_bind()
    rows = sa.table(table, sa.column("id"), sa.column("search_key"),
                    *(sa.column(name) for name in columns))
    last_id = 0
    while True:
        batch = bind.execute(
            sa.select(rows.c.id, *(rows.c[name] for name in columns))
            .where(rows.c.id > last_id).order_by(rows.c.id).limit(BATCH)).all()
        if not batch:
            return
        bind.execute(rows.update().where(rows.c.id == sa.bindparam("row_id"))
                     .values(search_key=sa.bindparam("key")),
                     [{"row_id": row[0], "key": key(*row[1:])} for row in batch])
        last_id = batch[-1][0]


def upgrade():
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=490), server_default='',
                                      nullable=False))
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=200), server_default='',
                                      nullable=False))
    _backfill("persons", ("first_name", "last_name"), _person_key)
    _backfill("organizations", ("name",), _fold)


def downgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('search_key')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_column('search_key')
