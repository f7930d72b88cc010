"""Building programme CSV text for the import tests."""

from __future__ import annotations

import csv
import io

from eventapp.programme.csv_import import COLUMNS


def row(**values: str) -> dict[str, str]:
    """A speaker row on 26 March 2018, 10:00-11:00, with sensible defaults."""
    base = {
        "date": "2018-03-26", "start": "10:00", "end": "11:00", "session": "Panel A",
        "kind": "Panel", "room": "Room 1", "role": "Panelist", "name": "Ana Pérez",
        "honorific": "Ms", "job_title": "Mayor", "organization": "City of Example",
        "category": "Local & regional authorities", "country": "MX",
        "governance_level": "local", "gender": "woman", "planned_minutes": "10",
    }
    base.update(values)
    return base


def break_row(**values: str) -> dict[str, str]:
    return row(session="Coffee break", kind="Break", start="11:00", end="11:15", room="",
               role="", name="", honorific="", job_title="", organization="", category="",
               country="", governance_level="", gender="", planned_minutes="", **values)


def csv_text(rows: list[dict[str, str]], *, delimiter: str = ",",
             columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(c, "") for c in columns])
    return out.getvalue()


def bulk_csv(sessions: int, *, speakers: int = 2, prefix: str = "S") -> str:
    """Many 30-minute sessions over two days and ten rooms, each speaker a new person."""
    rows = []
    for index in range(sessions):
        day, rest = divmod(index, 260)
        slot, room = divmod(rest, 10)
        hour, half = divmod(slot, 2)
        start = f"{8 + hour:02d}:{30 * half:02d}"
        end = f"{8 + hour + half:02d}:{30 * (1 - half):02d}"
        for speaker in range(speakers):
            rows.append(row(
                date=f"2018-03-{26 + day}", start=start, end=end, session=f"Session {index}",
                room=f"Room {room}", name=f"Speaker {prefix}{index}x{speaker}",
                organization=f"{prefix} org {index % 7}", planned_minutes="5",
            ))
    return csv_text(rows)
