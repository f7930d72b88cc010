"""Keeping the catalogs in step with the source: extract, update, check.

`flask --app eventapp translations update` rewrites fr and es .po files from the messages
marked in the code and templates (new messages arrive empty, gone ones are dropped);
`translations check` lists what is untranslated or fuzzy. The .po files are written without
source locations and sorted, so that parallel changes merge as plain text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from eventapp.i18n import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATIONS_DIR

PROJECT_ROOT = TRANSLATIONS_DIR.parent.parent
# Callables that mark text for translation, with the positions of their message arguments.
KEYWORDS = {
    "_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
    "lazy_ngettext": (1, 2), "_n": (1, 2),
}
METHOD_MAP = [("eventapp/**.py", "python"), ("templates/**.html", "jinja2")]
JINJA_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
# Fixed so that re-running the update never changes a file by its dates alone.
STABLE_DATE = datetime(2026, 11, 30, tzinfo=UTC)


def extract(root: Path = PROJECT_ROOT) -> Catalog:
    catalog = Catalog(project="eventapp", creation_date=STABLE_DATE)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), METHOD_MAP, options_map=JINJA_OPTIONS, keywords=KEYWORDS,
        comment_tags=("Translators:",), strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as source:
        return read_po(source, locale=language)


def write_catalog(catalog: Catalog, language: str) -> None:
    catalog.revision_date = STABLE_DATE
    catalog.creation_date = STABLE_DATE
    buffer = BytesIO()
    write_po(buffer, catalog, width=100, no_location=True, sort_output=True,
             ignore_obsolete=True, include_previous=False)
    po_path(language).write_bytes(buffer.getvalue())


def translated_languages() -> list[str]:
    return [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


def update(template: Catalog | None = None) -> dict[str, int]:
    """Bring every catalog in line with the source; how many messages each lacks."""
    template = template or extract()
    lacking = {}
    for language in translated_languages():
        catalog = read_catalog(language)
        # No fuzzy matching: a guessed translation of a similar message is worse than none.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        write_catalog(catalog, language)
        lacking[language] = len(problems(language, template))
    return lacking


def problems(language: str, template: Catalog | None = None) -> list[str]:
    """Messages of the source that the language's catalog lacks, leaves empty or marks fuzzy."""
    template = template or extract()
    catalog = read_catalog(language)
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        if entry is None:
            found.append(f"missing: {message.id!r}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
        elif isinstance(entry.string, tuple | list):
            if not all(entry.string):
                found.append(f"untranslated plural: {message.id!r}")
        elif not entry.string:
            found.append(f"untranslated: {message.id!r}")
    return found
