"""The one rule of a name search: letters without their accents, case folded, spaces single.

"Müller", "MULLER" and "muller" read alike, and so do "São Paulo" and "Sao Paulo", "Nguyễn"
and "Nguyen". People and organizations keep their search text in a column written with the
row (people/models.py), so a search is one LIKE over folded text in the database, the same on
SQLite and PostgreSQL, and the typed words are folded by the same function.
"""

from __future__ import annotations

import unicodedata

# Letters that do not decompose into a base letter and a mark.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ħ": "h", "Ħ": "h",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th",
    "ð": "d", "Ð": "d",
})

# Between a person's two orders of names: never in folded typed words (spaces are single).
ORDER_SEPARATOR = "\t"


def fold(text: str | None) -> str:
    """`text` as a search compares it: no accents, case folded, single spaces."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LETTERS))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def person_search_key(first_name: str | None, last_name: str | None) -> str:
    """Both orders of the names ("ana lima", "lima ana"), so either order typed matches."""
    first, last = fold(first_name), fold(last_name)
    return ORDER_SEPARATOR.join((" ".join(p for p in (first, last) if p),
                                 " ".join(p for p in (last, first) if p)))
