"""What every CSV file the app reads or writes shares: decoding uploads, and cells that a
spreadsheet cannot run as formulas."""

from __future__ import annotations

import base64
import binascii

from flask_babel import gettext as _

# A spreadsheet treats a cell starting with these as a formula (tab and CR too, since some
# programs strip them and then see the next character).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(ValueError):
    """The upload cannot be read as text at all; the message is for the organizer."""


def safe_cell(value: object) -> str:
    """Cell text with a leading ' where a spreadsheet would run it; real numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decode_upload(data: bytes) -> str:
    """Bytes of an uploaded CSV file as text, or ImportFileError saying what is wrong."""
    if not data or not data.strip():
        raise ImportFileError(_("The file is empty."))
    if b"\x00" in data[:4096]:
        raise ImportFileError(_(
            "This is not a CSV file. Save the spreadsheet as “CSV UTF-8 (comma delimited)” "
            "and upload that file."
        ))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_(
            "The file is not UTF-8 text. Save the spreadsheet as “CSV UTF-8 (comma "
            "delimited)” and upload it again."
        )) from exc
    if "\x00" in text:
        # The database cannot store this invisible control character in text.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFileError(_(
            "Line %(line)d contains a NUL character, an invisible control character that "
            "cannot be saved. Remove it and upload the file again.", line=line
        ))
    return text


def carry(text: str) -> str:
    """The file's text for a hidden form field, so any worker can finish an import."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def uncarry(value: str) -> str | None:
    """The text carried by `carry`, or None if the field was tampered with."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    # `carry` only ever gets text that decode_upload accepted, which has no NUL.
    return None if "\x00" in text else text
