"""Text for someone who is not the current visitor: a mail's recipient, a feed's owner."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import force_locale

from eventapp.i18n import current_language, supported


def language_of(user: object | None) -> str:
    """The account's language, else the language of the request that acts for them."""
    return supported(getattr(user, "language", None)) or current_language()


@contextmanager
def in_language(language: str | None) -> Iterator[str]:
    """Translate, format dates and pick content versions in `language` for the block."""
    code = supported(language) or current_language()
    with force_locale(code):
        yield code


def in_every_language(text: object) -> set[str]:
    """A (lazy) label as it reads in each language: imports accept any of them, so a file
    written in English imports the same whichever language the organizer's screen is in."""
    from eventapp.i18n import LANGUAGES

    versions = set()
    for code in LANGUAGES:
        with force_locale(code):
            versions.add(str(text))
    return versions
