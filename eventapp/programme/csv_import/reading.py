"""Reading a programme CSV into rows keyed by column, with the file's own line numbers (pure)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.import_headers import column_name
from eventapp.input_bounds import column_length
from eventapp.people.models import Organization, Person
from eventapp.programme.csv_import.headers import header_problems, speaker_data_without_name
from eventapp.programme.models import Event, Room, Session
from eventapp.xlsx import DATE_FORMAT, TIME_FORMAT, Column, build_xlsx

COLUMNS: tuple[str, ...] = (
    "date", "start", "end", "session", "kind", "room", "role", "name", "honorific",
    "job_title", "organization", "category", "country", "governance_level", "gender",
    "planned_minutes", "actual_minutes", "session_fr", "session_es",
)
# The session title's French and Spanish versions: optional, like actual_minutes.
VERSION_COLUMNS: dict[str, str] = {"session_fr": "title_fr", "session_es": "title_es"}
REQUIRED_COLUMNS: tuple[str, ...] = ("date", "start", "end", "session")

# The cells stored in a string column ("name" is split into first and last names).
_LENGTHS = {
    "session": column_length(Session, "title"), "room": column_length(Room, "name"),
    "session_fr": column_length(Session, "title_fr"),
    "session_es": column_length(Session, "title_es"),
    "first name": column_length(Person, "first_name"),
    "last name": column_length(Person, "last_name"),
    "honorific": column_length(Person, "honorific"),
    "job_title": column_length(Person, "job_title"),
    "organization": column_length(Organization, "name"),
}
# How a cell is named in a message about its length: the name column fills two fields.
_CELL_NAMES = {"first name": _l("first name"), "last name": _l("last name")}


@dataclass(frozen=True)
class Issue:
    """One problem found in the file; line 1 is the header row."""

    line: int
    message: str
    is_warning: bool = False

    def __str__(self) -> str:
        if self.is_warning:
            return _("Line %(line)s (warning): %(message)s", line=self.line,
                     message=self.message)
        return _("Line %(line)s (error): %(message)s", line=self.line, message=self.message)


@dataclass(frozen=True)
class Row:
    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def too_long(self) -> list[str]:
        """A phrase for each cell longer than its column, as the database would refuse it."""
        cells = {column: " ".join(self.get(column).split()) for column in _LENGTHS}
        name = " ".join(self.get("name").split())
        if name:
            cells["first name"], cells["last name"] = Person.split_name(name)
        return [_("%(column)s is longer than %(limit)s characters",
                  column=_CELL_NAMES.get(column, column), limit=limit)
                for column, limit in _LENGTHS.items() if len(cells[column]) > limit]


@dataclass
class ParsedProgramme:
    rows: list[Row] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    delimiter: str = ","
    columns: tuple[str, ...] = ()


def _column_name(header_cell: str) -> str:
    return column_name(header_cell)


def parse_programme(text: str) -> ParsedProgramme:
    """Split the CSV into rows keyed by column, keeping the file's own line numbers."""
    parsed = ParsedProgramme()
    text = text.removeprefix("\ufeff")
    if not text.strip():
        parsed.issues.append(Issue(1, _("The file is empty.")))
        return parsed
    first_line = text.splitlines()[0]
    # Excel writes ';' in locales where ',' is the decimal mark.
    parsed.delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=parsed.delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        parsed.issues.append(Issue(1, _("This line is not valid CSV (%(reason)s).",
                                        reason=exc)))
        return parsed
    columns = tuple(_column_name(cell) for cell in header)
    near_misses, unknown = header_problems(header, columns, COLUMNS)
    parsed.issues.extend(Issue(1, message) for message in near_misses.values())
    if not set(columns) & set(COLUMNS) and not near_misses:
        parsed.issues.append(Issue(
            1,
            _("This does not look like a programme file: the first line must name the "
              "columns (%(columns)s). Download the template to start from.",
              columns=", ".join(COLUMNS)),
        ))
        return parsed
    parsed.columns = columns
    missing = [c for c in REQUIRED_COLUMNS if c not in columns and c not in near_misses]
    if missing:
        parsed.issues.append(Issue(1, _("Required column missing: %(columns)s.",
                                        columns=", ".join(missing))))
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicated:
        parsed.issues.append(Issue(1, _("Column named twice: %(columns)s.",
                                        columns=", ".join(duplicated))))
    parsed.issues.extend(Issue(1, message, is_warning=True) for message in unknown)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.issues.append(Issue(line, _("This line is not valid CSV (%(reason)s).",
                                               reason=exc)))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            parsed.issues.append(Issue(
                line,
                _("This row has %(cells)s cells but the header names %(columns)s columns; "
                  "check for a stray separator.", cells=len(cells), columns=len(columns)),
            ))
            continue
        values = {
            name: cell.strip()
            for name, cell in zip(columns, cells, strict=False)
            if name in COLUMNS
        }
        parsed.rows.append(Row(line, values))
    lost_speakers = speaker_data_without_name(columns, (row.cells for row in parsed.rows))
    if lost_speakers:
        parsed.issues.append(Issue(1, lost_speakers))
    return parsed


def template_csv(event: Event) -> str:
    """A header row and example rows for this event: its dates, a room and category of its own.

    A panel with one speaker and a break on the first day, and a closing session on the last
    day of a longer event; times are the event's local times, as every import reads them.
    """
    from eventapp.people.categories import offered_categories

    room = db.session.scalar(
        select(Room.name).where(Room.event_id == event.id).order_by(Room.name).limit(1)
    ) or "Main room"
    categories = offered_categories(event.id)
    category = categories[0].name if categories else ""
    first, last = event.start_date.isoformat(), event.end_date.isoformat()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    # Example content stays English (the original) with its French and Spanish versions.
    writer.writerow([
        first, "10:00", "11:30", "Partnerships at every level of governance", "Panel", room,
        "Panelist", "Ana Example", "Ms", "Director", "Example Organization" if category else "",
        category, event.country or "", "national", "", "10", "",
        "Partenariats à tous les niveaux de gouvernance",
        "Alianzas en todos los niveles de gobernanza",
    ])
    writer.writerow([first, "11:30", "11:45", "Coffee break", "Break", "", "", "", "", "", "",
                     "", "", "", "", "", "", "Pause café", "Pausa para el café"])
    if last != first:
        writer.writerow([last, "16:00", "17:00", "Closing", "Closing", room, "", "", "", "",
                         "", "", "", "", "", "", "", "Clôture", "Clausura"])
    return out.getvalue()


# The template's columns in a workbook: dates and times typed as such, so rows added in a
# spreadsheet keep the same kinds of cells.
_TEMPLATE_COLUMNS = {
    "date": Column("date", 12, DATE_FORMAT), "start": Column("start", 8, TIME_FORMAT),
    "end": Column("end", 8, TIME_FORMAT), "session": Column("session", 40),
    "room": Column("room", 16), "name": Column("name", 22), "job_title": Column("job_title", 16),
    "organization": Column("organization", 24), "governance_level": Column("governance_level", 17),
    "planned_minutes": Column("planned_minutes", 16),
    "actual_minutes": Column("actual_minutes", 15), "session_fr": Column("session_fr", 40),
    "session_es": Column("session_es", 40),
}


def _typed(column: str, cell: str) -> object:
    if not cell:
        return None
    if column == "date":
        return date.fromisoformat(cell)
    if column in ("start", "end"):
        return time.fromisoformat(cell)
    if column.endswith("_minutes"):
        return int(cell)
    return cell


def template_xlsx(event: Event) -> bytes:
    """The template of `template_csv` as a workbook with typed cells."""
    lines = list(csv.reader(io.StringIO(template_csv(event), newline="")))
    columns = [_TEMPLATE_COLUMNS.get(name, Column(name, 12)) for name in lines[0]]
    rows = ([_typed(name, cell) for name, cell in zip(lines[0], line, strict=True)]
            for line in lines[1:])
    return build_xlsx(_("Programme"), columns, rows)
