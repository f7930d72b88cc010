"""Recognising a spreadsheet's header cells that almost name a known column (pure).

An import that silently ignores "Speaker name" loses every speaker: a header cell that is
not a known column but is close to one (same letters once case, accents and separators are
set aside, a known alias in English, French or Spanish, or one slip of the keyboard) is an
error that names the column it resembles. A cell that resembles nothing is the caller's
warning.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _


def column_name(header_cell: str) -> str:
    """The column a header cell names when spelled as the templates spell it."""
    return re.sub(r"[\s\-]+", "_", header_cell.strip().lower())


def loose_key(text: str) -> str:
    """Letters and digits only, without accents or case: "Prénom " and "prenom" agree."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def resembled_column(
    header_cell: str, columns: Iterable[str], aliases: Mapping[str, Iterable[str]]
) -> str | None:
    """The known column this header cell looks like, or None when it resembles none."""
    known = tuple(columns)
    key = loose_key(header_cell)
    if not key:
        return None
    loose = {loose_key(c): c for c in known}
    if key in loose:
        return loose[key]
    for column, names in aliases.items():
        if key in {loose_key(n) for n in names}:
            return column
    # One slip of the keyboard in a long enough name ("organisaton", "catgory").
    if len(key) >= 5:
        close = difflib.get_close_matches(key, list(loose), n=1, cutoff=0.85)
        if close:
            return loose[close[0]]
    return None


def near_miss_message(header_cell: str, column: str) -> str:
    return _("Column “%(header)s” looks like “%(column)s”: rename it “%(column)s” (or delete "
             "the column) and upload the file again, or its values would be lost.",
             header=header_cell.strip(), column=column)

