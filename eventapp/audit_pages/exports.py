"""The trail as CSV and as an Excel workbook: pure builders over the entries.

Times are in the event's zone, named in the header. The changes column is the entry's JSON
as stored, so personal-sensitive fields read {"changed": true} there too. CSV cells that a
spreadsheet would run as formulas are neutralized (eventapp/spreadsheets.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Row

from eventapp.spreadsheets import safe_cell
from eventapp.xlsx import DATETIME_FORMAT, Column, xlsx_chunks

COLUMNS = ("entry_id", "at", "who", "user_id", "context", "action", "object_type",
           "object_id", "object", "changes", "reason", "batch_id")
_WIDTHS = {"entry_id": 9, "at": 20, "who": 28, "user_id": 8, "context": 20, "action": 18,
           "object_type": 16, "object_id": 9, "object": 30, "changes": 50, "reason": 30,
           "batch_id": 34}


def headers(zone: ZoneInfo) -> list[str]:
    return [f"at ({zone.key})" if name == "at" else name for name in COLUMNS]


def entry_cells(entry: Row, zone: ZoneInfo) -> list[object]:
    """One entry as typed cells; the time local to the event, without its zone (in the header)."""
    return [entry.id, entry.at.astimezone(zone).replace(tzinfo=None, microsecond=0),
            entry.actor_label, entry.actor_user_id, entry.context, entry.action,
            entry.object_type, entry.object_id, entry.object_label, entry.changes,
            entry.reason, entry.batch_id]


def csv_chunks(entries: Iterable[Row], zone: ZoneInfo,
               rows_per_chunk: int = 500) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(zone))
    for count, entry in enumerate(entries, start=1):
        cells = entry_cells(entry, zone)
        cells[1] = cells[1].isoformat(timespec="seconds")  # type: ignore[attr-defined]
        writer.writerow([safe_cell(cell) for cell in cells])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def workbook_chunks(entries: Iterable[Row], zone: ZoneInfo) -> Iterator[bytes]:
    columns = [Column(header, _WIDTHS.get(name, 14), DATETIME_FORMAT if name == "at" else None)
               for name, header in zip(COLUMNS, headers(zone), strict=True)]
    return xlsx_chunks(_("Audit trail"), columns,
                       (entry_cells(entry, zone) for entry in entries))
