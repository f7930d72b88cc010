"""Programme content in the visitor's language, falling back to the original.

Events, sessions, rooms and categories carry `<field>_fr` and `<field>_es` beside the
original `<field>`; an empty version means "not translated": the original is shown.
"""

from __future__ import annotations

from eventapp.i18n import DEFAULT_LANGUAGE, current_language


def localized(obj: object, field: str, language: str | None = None) -> str:
    """obj.<field> in the given (or current) language, or the original when there is none."""
    language = language or current_language()
    if language != DEFAULT_LANGUAGE:
        version = getattr(obj, f"{field}_{language}", "")
        if version:
            return version
    return getattr(obj, field)
