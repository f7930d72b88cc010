"""Registrations as an Excel workbook, and the participants import template: pure builders.

The columns are the CSV export's, in the same order, so a workbook can be edited and
imported back like the CSV file. Cells are typed: the registration id is a number, the
registration time a date in the event's zone (named in its header).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Row

from eventapp.registration.csv_export import (
    EXPORT_COLUMNS,
    IMPORT_COLUMNS,
    build_csv,
    person_cells,
)
from eventapp.xlsx import DATETIME_FORMAT, Column, build_xlsx, xlsx_chunks

# Widths in characters, for the values these columns usually hold.
_WIDTHS = {
    "registration_id": 9, "email": 30, "honorific": 9, "first_name": 16, "last_name": 18,
    "job_title": 22, "organization": 30, "category": 18, "country": 8,
    "governance_level": 16, "delegation_role": 15, "status": 11, "wishes_to_speak": 9,
    "speaking_topic": 30, "accessibility_needs": 24, "consent_public_list": 9,
    "invited_speaker": 9, "registered_at": 17,
}
# One participant, as the import reads them: to copy and overwrite.
TEMPLATE_ROW = ("ana.example@example.org", "Ms", "Ana", "Example", "Director",
                "Example Organization", "government", "CH", "national", "delegate", "approved")


def export_columns(zone: ZoneInfo) -> list[Column]:
    """The export's columns; the registration time's header names the zone of its values."""
    columns = [Column(name, _WIDTHS.get(name, 14)) for name in EXPORT_COLUMNS]
    columns[-1] = Column(f"registered_at ({zone.key})", _WIDTHS["registered_at"] + 10,
                         DATETIME_FORMAT)
    return columns


def export_row(row: Row, zone: ZoneInfo) -> list[object]:
    """One row of `queries.export_rows` as typed cells."""
    return [row.id, *person_cells(row),
            # Spreadsheets have no time zones: the local time, the zone in the header.
            row.created_at.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)]


def registrations_xlsx_chunks(rows: Iterable[Any], zone: ZoneInfo) -> Iterator[bytes]:
    return xlsx_chunks(_("Registrations"), export_columns(zone),
                       (export_row(row, zone) for row in rows))


def import_template_csv() -> bytes:
    return build_csv(IMPORT_COLUMNS, [TEMPLATE_ROW])


def import_template_xlsx() -> bytes:
    columns = [Column(name, _WIDTHS.get(name, 14)) for name in IMPORT_COLUMNS]
    return build_xlsx(_("Participants"), columns, [TEMPLATE_ROW])
