"""Importing a programme from a spreadsheet saved as CSV.

Three steps, each usable on its own:

- ``parse_programme(text)`` reads the CSV into rows with their line numbers (pure);
- ``validate(event, parsed)`` loads what the file refers to in a fixed number of queries and
  checks every row against the rules in ``rules.py``, returning an ``ImportPlan``;
- ``apply(event, plan)`` writes a valid plan in one flush and returns what it did.

Nothing is written unless the whole file is valid, and importing the same file twice
changes nothing: a session is known by its local date, start time and title; a speaking
slot by its session, person and role.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, or_, select
from sqlalchemy.orm import joinedload, selectinload

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.input_bounds import column_length
from eventapp.people.categories import ImportCategories, import_categories
from eventapp.people.models import GOVERNANCE_LABELS, Organization, Person, StakeholderCategory
from eventapp.people.service import (
    gender_from,
    governance_level_from,
    normalise_label,
)
from eventapp.programme import rules
from eventapp.programme.models import (
    SESSION_KINDS,
    SPEAKER_ROLES,
    Event,
    Room,
    Session,
    SpeakingSlot,
)
from eventapp.programme.rules import Booking, day_after
from eventapp.programme.service import person_bookings
from eventapp.spreadsheets import ImportFileError, decode_upload  # noqa: F401 (re-exported)
from eventapp.timeutil import is_nonexistent_local, local_to_utc
from eventapp.versioning import PEOPLE, bump, programme_scope, session_scope

COLUMNS: tuple[str, ...] = (
    "date", "start", "end", "session", "kind", "room", "role", "name", "honorific",
    "job_title", "organization", "category", "country", "governance_level", "gender",
    "planned_minutes", "actual_minutes", "session_fr", "session_es",
)
# The session title's French and Spanish versions: optional, like actual_minutes.
VERSION_COLUMNS: dict[str, str] = {"session_fr": "title_fr", "session_es": "title_es"}
REQUIRED_COLUMNS: tuple[str, ...] = ("date", "start", "end", "session")
DEFAULT_KIND = "panel"
DEFAULT_ROLE = "panelist"
DEFAULT_GOVERNANCE_LEVEL = "national"
MAX_PLANNED_MINUTES = 24 * 60  # as on the speaker form

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

_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
# Decimal minutes as timed elsewhere: "3.5" (or "3,5" from a semicolon-separated sheet).
_DECIMAL_MINUTES_RE = re.compile(r"^(\d{1,4})(?:[.,](\d{1,3}))?$")


# --------------------------------------------------------------------------- results


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


@dataclass
class ParsedProgramme:
    rows: list[Row] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    delimiter: str = ","
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportSummary:
    sessions_created: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    slots_created: int = 0
    slots_updated: int = 0
    rooms_created: int = 0
    organizations_created: int = 0
    persons_created: int = 0

    def lines(self) -> list[str]:
        """The summary as short sentences for a page or a terminal."""
        return [
            _("Sessions: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.",
              new=self.sessions_created, updated=self.sessions_updated,
              unchanged=self.sessions_unchanged),
            _("Speaking slots: %(new)s new, %(updated)s updated.", new=self.slots_created,
              updated=self.slots_updated),
            _("New rooms: %(rooms)s; new organizations: %(organizations)s; new persons: "
              "%(persons)s.", rooms=self.rooms_created,
              organizations=self.organizations_created, persons=self.persons_created),
        ]


# --------------------------------------------------------------------------- reading


def _column_name(header_cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", header_cell.strip().lower())


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
    if not set(columns) & set(COLUMNS):
        parsed.issues.append(Issue(
            1,
            _("This does not look like a programme file: the first line must name the "
              "columns (%(columns)s). Download the template to start from.",
              columns=", ".join(COLUMNS)),
        ))
        return parsed
    parsed.columns = columns
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        parsed.issues.append(Issue(1, _("Required column missing: %(columns)s.",
                                        columns=", ".join(missing))))
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicated:
        parsed.issues.append(Issue(1, _("Column named twice: %(columns)s.",
                                        columns=", ".join(duplicated))))
    for name in columns:
        if name and name not in COLUMNS:
            parsed.issues.append(
                Issue(1, _("Column “%(name)s” is not used and was ignored.", name=name),
                      is_warning=True)
            )
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


# --------------------------------------------------------------------------- lookups

_KINDS = {normalise_label(k): k for k, _ in SESSION_KINDS} | {
    normalise_label(label): k for k, label in SESSION_KINDS
}
_ROLES = {normalise_label(k): k for k, _ in SPEAKER_ROLES} | {
    normalise_label(label): k for k, label in SPEAKER_ROLES
}
_KIND_NAMES = ", ".join(label for _, label in SESSION_KINDS)
_ROLE_NAMES = ", ".join(label for _, label in SPEAKER_ROLES)
_LEVEL_NAMES = ", ".join(str(GOVERNANCE_LABELS[level]) for level in GOVERNANCE_LABELS)

# How a cell is named in a message about its length: the name column fills two fields.
_CELL_NAMES = {"first name": _l("first name"), "last name": _l("last name")}

SessionKey = tuple[date, time, str]
OrgKey = tuple[str, str]
PersonKey = tuple[str, str, OrgKey | None]


def _title_key(title: str) -> str:
    return normalise_label(title)


@dataclass
class ImportContext:
    """What the database already holds that the file may refer to, loaded once."""

    event: Event
    zone: ZoneInfo
    categories: ImportCategories
    rooms: dict[str, Room]
    sessions: dict[SessionKey, Session]
    organizations: dict[OrgKey, Organization]
    persons: dict[PersonKey, Person]
    bookings: dict[int, list[Booking]]


def _org_key(name: str, country: str) -> OrgKey:
    return (Organization.key_for(name), country.upper())


def _person_key(first: str, last: str, org: OrgKey | None) -> PersonKey:
    return (first.casefold(), last.casefold(), org)


def load_context(event: Event, parsed: ParsedProgramme) -> ImportContext:
    """Everything the rows could match, in a fixed number of queries whatever the file's size."""
    zone = event.zone
    rooms = {
        normalise_label(r.name): r
        for r in db.session.scalars(select(Room).where(Room.event_id == event.id))
    }
    sessions: dict[SessionKey, Session] = {}
    for session in db.session.scalars(
        select(Session).where(Session.event_id == event.id).options(selectinload(Session.slots))
    ):
        local = session.starts_at.astimezone(zone)
        key = (local.date(), local.time().replace(tzinfo=None), _title_key(session.title))
        # Two old sessions with one identity: the visible one wins.
        if key not in sessions or session.status == "scheduled":
            sessions[key] = session

    wanted_orgs = {
        Organization.key_for(r.get("organization"))
        for r in parsed.rows if r.get("name") and r.get("organization")
    }
    organizations: dict[OrgKey, Organization] = {}
    if wanted_orgs:
        for org in db.session.scalars(
            select(Organization).where(Organization.name_key.in_(wanted_orgs))
        ):
            organizations[(org.name_key, org.country.upper())] = org

    org_ids = {org.id: key for key, org in organizations.items()}
    last_names = {
        Person.split_name(r.get("name"))[1] for r in parsed.rows if r.get("name")
    }
    persons: dict[PersonKey, Person] = {}
    if last_names:
        conditions = [Person.last_name.in_(last_names)]
        if org_ids:
            conditions.append(Person.organization_id.in_(org_ids))
        for person in db.session.scalars(
            select(Person).where(or_(*conditions)).order_by(Person.id)
        ):
            org_key = org_ids.get(person.organization_id) if person.organization_id else None
            if person.organization_id and org_key is None:
                continue
            key = _person_key(person.first_name, person.last_name, org_key)
            persons.setdefault(key, person)

    span_start = local_to_utc(event.start_date, time(0, 0), zone)
    span_end = local_to_utc(day_after(event.end_date), time(0, 0), zone)
    bookings = person_bookings(
        {p.id for p in persons.values()}, span_start, span_end
    )
    return ImportContext(
        event=event, zone=zone, categories=import_categories(), rooms=rooms,
        sessions=sessions, organizations=organizations, persons=persons,
        bookings=dict(bookings),
    )


# --------------------------------------------------------------------------- the plan


@dataclass
class PlannedOrganization:
    key: OrgKey
    name: str
    country: str
    category: StakeholderCategory | None
    governance_level: str
    line: int
    existing: Organization | None = None


@dataclass
class PlannedPerson:
    key: PersonKey
    first_name: str
    last_name: str
    honorific: str
    job_title: str
    gender: str | None
    organization: OrgKey | None
    category: StakeholderCategory | None
    existing: Person | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass
class PlannedSlot:
    line: int
    person: PersonKey
    role: str
    planned_minutes: int | None
    position: int = 0
    existing: SpeakingSlot | None = None
    # Recorded speaking time from the file's actual_minutes; None: the file gives none, and
    # a time already recorded (by the floor's clock, say) is kept.
    actual_seconds: int | None = None

    @property
    def changes_existing(self) -> bool:
        old = self.existing
        return old is not None and (
            old.planned_minutes != self.planned_minutes or old.position != self.position
            or (self.actual_seconds is not None and old.actual_seconds != self.actual_seconds)
        )


@dataclass
class PlannedSession:
    line: int
    key: SessionKey
    title: str
    kind: str
    room: str | None  # normalised room name
    starts_at: datetime
    ends_at: datetime
    end_text: str
    room_text: str
    booking_id: int
    existing: Session | None = None
    slots: list[PlannedSlot] = field(default_factory=list)
    changed: bool = True
    # title_fr / title_es given by the file; a version it leaves empty is kept as it is.
    versions: dict[str, str] = field(default_factory=dict)

    def changes_versions(self) -> bool:
        old = self.existing
        return old is not None and any(getattr(old, name) != value
                                       for name, value in self.versions.items())

    @property
    def status(self) -> str:
        if self.existing is None:
            return "new"
        return "updated" if self.changed else "unchanged"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass
class ImportPlan:
    issues: list[Issue] = field(default_factory=list)
    sessions: list[PlannedSession] = field(default_factory=list)
    rooms: dict[str, str] = field(default_factory=dict)  # new rooms: key -> name
    known_rooms: dict[str, Room] = field(default_factory=dict)
    organizations: dict[OrgKey, PlannedOrganization] = field(default_factory=dict)
    persons: dict[PersonKey, PlannedPerson] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_warning]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.is_warning]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def summary(self) -> ImportSummary:
        """What apply() will do (and, after it, did)."""
        slots = [s for ps in self.sessions for s in ps.slots]
        return ImportSummary(
            sessions_created=sum(1 for s in self.sessions if s.existing is None),
            sessions_updated=sum(1 for s in self.sessions if s.status == "updated"),
            sessions_unchanged=sum(1 for s in self.sessions if s.status == "unchanged"),
            slots_created=sum(1 for s in slots if s.existing is None),
            slots_updated=sum(1 for s in slots if s.changes_existing),
            rooms_created=len(self.rooms),
            organizations_created=sum(
                1 for o in self.organizations.values() if o.existing is None
            ),
            persons_created=sum(1 for p in self.persons.values() if p.existing is None),
        )


class _Checker:
    """Builds an ImportPlan from parsed rows and a loaded context; no database access."""

    def __init__(self, parsed: ParsedProgramme, context: ImportContext) -> None:
        self.parsed = parsed
        self.ctx = context
        self.event = context.event
        self.zone = context.zone
        self.plan = ImportPlan(issues=list(parsed.issues), known_rooms=dict(context.rooms))
        self.room_keys = {room.id: key for key, room in context.rooms.items()}
        self.by_key: dict[SessionKey, PlannedSession] = {}
        self._new_ids = 0

    def error(self, line: int, message: str) -> None:
        self.plan.issues.append(Issue(line, message))

    def warn(self, line: int, message: str) -> None:
        self.plan.issues.append(Issue(line, message, is_warning=True))

    # -- one row

    def run(self) -> ImportPlan:
        if not self.parsed.columns or any(
            c not in self.parsed.columns for c in REQUIRED_COLUMNS
        ):
            return self._finish()
        if not self.parsed.rows and not self.plan.errors:
            self.error(2, _("The file has a header but no rows."))
        for row in self.parsed.rows:
            if self._too_long(row):
                continue
            session = self._session_for(row)
            if session is not None and row.get("name"):
                self._slot_for(row, session)
        if not self.plan.errors:
            self._positions_and_changes()
            self._room_clashes()
            self._person_clashes()
            self._planned_minutes()
        return self._finish()

    def _finish(self) -> ImportPlan:
        self.plan.issues.sort(key=lambda i: (i.line, i.is_warning))
        return self.plan

    def _too_long(self, row: Row) -> bool:
        """Cells longer than their column: refused here, not by the database at confirm."""
        cells = {column: " ".join(row.get(column).split()) for column in _LENGTHS}
        name = " ".join(row.get("name").split())
        if name:
            cells["first name"], cells["last name"] = Person.split_name(name)
        too_long = [_("%(column)s is longer than %(limit)s characters",
                      column=_CELL_NAMES.get(column, column), limit=limit)
                    for column, limit in _LENGTHS.items() if len(cells[column]) > limit]
        if too_long:
            text = "; ".join(too_long)
            self.error(row.line, text[:1].upper() + text[1:] + ".")
        return bool(too_long)

    def _required(self, row: Row) -> bool:
        missing = [c for c in REQUIRED_COLUMNS if not row.get(c)]
        if missing:
            self.error(row.line, _("Missing value in column %(columns)s.",
                                   columns=", ".join(missing)))
        return not missing

    def _date(self, row: Row) -> date | None:
        text = row.get("date")
        try:
            if not _DATE_RE.match(text):
                raise ValueError
            day = date.fromisoformat(text)
        except ValueError:
            self.error(row.line, _("Date “%(text)s” is not a date in the form YYYY-MM-DD.",
                                   text=text))
            return None
        problem = rules.date_window_problem(day)
        if problem:
            self.error(row.line, problem)
            return None
        return day

    def _time(self, row: Row, column: str) -> time | None:
        text = row.get(column)
        match = _TIME_RE.match(text)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
        if column == "start":
            self.error(row.line, _("The start time “%(text)s” is not a time in the form HH:MM.",
                                   text=text))
        else:
            self.error(row.line, _("The end time “%(text)s” is not a time in the form HH:MM.",
                                   text=text))
        return None

    def _kind(self, row: Row) -> str | None:
        text = row.get("kind")
        if not text:
            return DEFAULT_KIND
        kind = _KINDS.get(normalise_label(text))
        if kind is None:
            self.error(row.line, _("Unknown session kind “%(text)s”. Use one of: %(names)s.",
                                   text=text, names=_KIND_NAMES))
        return kind

    def _session_for(self, row: Row) -> PlannedSession | None:
        if not self._required(row):
            return None
        day = self._date(row)
        start = self._time(row, "start")
        end = self._time(row, "end")
        kind = self._kind(row)
        if day is None or start is None or end is None or kind is None:
            return None
        title = " ".join(row.get("session").split())
        key = (day, start, _title_key(title))
        room_text = " ".join(row.get("room").split())
        room = normalise_label(room_text) or None
        versions = {VERSION_COLUMNS[column]: " ".join(row.get(column).split())
                    for column in VERSION_COLUMNS if row.get(column).strip()}
        known = self.by_key.get(key)
        if known is not None:
            self._same_session(row, known, end, kind, room, room_text)
            self._same_versions(row, known, versions)
            return known
        for is_start, moment in ((True, start), (False, end)):
            if is_nonexistent_local(day, moment, self.zone):
                values = {"time": f"{moment:%H:%M}", "day": day.isoformat(),
                          "zone": self.zone.key}
                self.error(row.line, _(
                    "The start time %(time)s does not exist on %(day)s in %(zone)s: the "
                    "clocks go forward then.", **values) if is_start else _(
                    "The end time %(time)s does not exist on %(day)s in %(zone)s: the "
                    "clocks go forward then.", **values))
                return None
        starts_at = local_to_utc(day, start, self.zone)
        ends_at = local_to_utc(day, end, self.zone)
        problems = rules.check_times(
            starts_at, ends_at, event_start=self.event.start_date,
            event_end=self.event.end_date, zone=self.zone,
        )
        for problem in problems:
            self.error(row.line, problem.message)
        if problems:
            return None
        existing = self.ctx.sessions.get(key)
        if existing is not None:
            booking_id = existing.id
        else:
            self._new_ids -= 1
            booking_id = self._new_ids
        if room is not None and room not in self.ctx.rooms:
            self.plan.rooms.setdefault(room, room_text)
        session = PlannedSession(
            line=row.line, key=key, title=title, kind=kind, room=room,
            starts_at=starts_at, ends_at=ends_at, end_text=f"{end:%H:%M}",
            room_text=room_text, booking_id=booking_id, existing=existing,
            versions=versions,
        )
        self.by_key[key] = session
        self.plan.sessions.append(session)
        return session

    def _same_session(
        self, row: Row, session: PlannedSession, end: time, kind: str, room: str | None,
        room_text: str,
    ) -> None:
        where = {"title": session.title, "first": session.line}
        end_text = end.strftime("%H:%M")
        if end_text != session.end_text:
            self.error(row.line, _(
                "The end time %(end)s differs from %(given)s given for session “%(title)s” "
                "(line %(first)s).", end=end_text, given=session.end_text, **where))
        if kind != session.kind:
            self.error(row.line, _("The kind differs from the one given for session "
                                   "“%(title)s” (line %(first)s).", **where))
        if room != session.room:
            self.error(row.line, _(
                "The room “%(room)s” differs from “%(given)s” given for session “%(title)s” "
                "(line %(first)s).", room=room_text, given=session.room_text, **where))

    def _same_versions(self, row: Row, session: PlannedSession, versions: dict[str, str]) -> None:
        """A version may be given on one row of the session only, but never two different ones."""
        for name, value in versions.items():
            given = session.versions.setdefault(name, value)
            if given != value:
                column = next(c for c, n in VERSION_COLUMNS.items() if n == name)
                self.error(row.line, _(
                    "The %(column)s “%(value)s” differs from “%(given)s” given for session "
                    "“%(title)s” (line %(first)s).", column=column, value=value, given=given,
                    title=session.title, first=session.line))

    def _slot_for(self, row: Row, session: PlannedSession) -> None:
        ok = True
        role_text = row.get("role")
        role = _ROLES.get(normalise_label(role_text)) if role_text else DEFAULT_ROLE
        if role is None:
            self.error(row.line, _("Unknown role “%(text)s”. Use one of: %(names)s.",
                                   text=role_text, names=_ROLE_NAMES))
            ok = False
        category = None
        category_text = row.get("category")
        if category_text:
            match = self.ctx.categories.resolve(category_text)
            category = match.category
            if match.error:
                self.error(row.line, match.error)
                ok = False
            elif match.note:
                self.warn(row.line, match.note)
        level_text = row.get("governance_level")
        level = governance_level_from(level_text) if level_text else DEFAULT_GOVERNANCE_LEVEL
        if level is None:
            self.error(row.line, _("Unknown governance level “%(text)s”. Use one of: "
                                   "%(names)s.", text=level_text, names=_LEVEL_NAMES))
            ok = False
        country = row.get("country")
        if country and not _COUNTRY_RE.match(country):
            self.error(row.line, _("Country “%(text)s” must be a two-letter ISO 3166 code, "
                                   "such as US or CH.", text=country))
            ok = False
        gender_text = row.get("gender")
        gender = gender_from(gender_text) if gender_text else None
        if gender_text and gender is None:
            self.error(row.line, _("Unknown gender “%(text)s”. Leave it empty or use "
                                   "woman, man, non-binary, self-described or prefer-not.",
                                   text=gender_text))
            ok = False
        minutes_text = row.get("planned_minutes")
        minutes = None
        if minutes_text:
            if not (minutes_text.isascii() and minutes_text.isdigit()):
                self.error(row.line, _("Planned minutes “%(text)s” must be a whole number "
                                       "of minutes, 0 or more.", text=minutes_text))
                ok = False
            elif len(minutes_text) > 4 or int(minutes_text) > MAX_PLANNED_MINUTES:
                self.error(row.line, _("Planned minutes “%(text)s” is more than a day: "
                                       "give at most %(max)s.", text=minutes_text,
                                       max=MAX_PLANNED_MINUTES))
                ok = False
            else:
                minutes = int(minutes_text)
        actual_seconds, actual_ok = self._actual_seconds(row)
        ok = ok and actual_ok
        if not ok:
            return
        org_key = self._organization(row, category, level, country.upper())
        if row.get("organization") and org_key is None:
            return
        first, last = Person.split_name(row.get("name"))
        person_key = _person_key(first, last, org_key)
        if person_key not in self.plan.persons:
            self.plan.persons[person_key] = PlannedPerson(
                key=person_key, first_name=first, last_name=last,
                honorific=row.get("honorific"), job_title=row.get("job_title"),
                gender=gender, organization=org_key,
                category=category if org_key is None else None,
                existing=self.ctx.persons.get(person_key),
            )
        for slot in session.slots:
            if slot.person == person_key and slot.role == role:
                self.error(row.line, _(
                    "%(name)s is already listed with this role in “%(title)s” (line %(first)s).",
                    name=self.plan.persons[person_key].full_name, title=session.title,
                    first=slot.line))
                return
        session.slots.append(PlannedSlot(row.line, person_key, role, minutes,
                                         actual_seconds=actual_seconds))

    def _actual_seconds(self, row: Row) -> tuple[int | None, bool]:
        """Decimal minutes to whole seconds (3.5 -> 210); empty means no recorded time."""
        text = row.get("actual_minutes")
        if not text:
            return None, True
        match = _DECIMAL_MINUTES_RE.match(text) if text.isascii() else None
        if match is None:
            self.error(row.line, _("Actual minutes “%(text)s” must be a number of minutes, 0 "
                                   "or more, such as 3 or 3.5.", text=text))
            return None, False
        whole, fraction = match.groups()
        seconds = int((Decimal(f"{whole}.{fraction or 0}") * 60).quantize(
            Decimal(1), rounding=ROUND_HALF_UP))
        if seconds > MAX_PLANNED_MINUTES * 60:
            self.error(row.line, _("Actual minutes “%(text)s” is more than a day: give at "
                                   "most %(max)s.", text=text, max=MAX_PLANNED_MINUTES))
            return None, False
        return seconds, True

    def _organization(
        self, row: Row, category: StakeholderCategory | None, level: str, country: str
    ) -> OrgKey | None:
        name = " ".join(row.get("organization").split())
        if not name:
            return None
        key = _org_key(name, country)
        planned = self.plan.organizations.get(key)
        if planned is None:
            existing = self.ctx.organizations.get(key)
            if existing is None and category is None:
                self.error(row.line, _("Give the category of the new organization “%(name)s”.",
                                       name=name))
                return None
            self.plan.organizations[key] = PlannedOrganization(
                key=key, name=name, country=country, category=category,
                governance_level=level, line=row.line, existing=existing,
            )
        elif planned.existing is None and (
            (category is not None and category is not planned.category)
            or (row.get("governance_level") and level != planned.governance_level)
        ):
            self.error(row.line, _("The organization “%(name)s” has a different category or "
                                   "governance level on line %(first)s.", name=name,
                                   first=planned.line))
            return None
        return key

    # -- the whole file

    def _positions_and_changes(self) -> None:
        for session in self.plan.sessions:
            existing = session.existing
            old_slots = list(existing.slots) if existing is not None else []
            by_identity = {}
            for old in old_slots:
                by_identity[(old.person_id, old.role)] = old
            matched: set[int] = set()
            for position, slot in enumerate(session.slots):
                slot.position = position
                person = self.plan.persons[slot.person].existing
                if person is not None:
                    slot.existing = by_identity.get((person.id, slot.role))
                    if slot.existing is not None:
                        matched.add(slot.existing.id)
            if existing is None:
                continue
            # Speakers added by hand and absent from the file keep their turn, after the file's.
            kept = [s for s in sorted(old_slots, key=lambda s: (s.position, s.id))
                    if s.id not in matched]
            session.changed = (
                existing.kind != session.kind
                or session.changes_versions()
                or existing.ends_at != session.ends_at
                or self.room_keys.get(existing.room_id) != session.room
                or any(s.existing is None or s.changes_existing for s in session.slots)
                or any(
                    kept.position != len(session.slots) + index
                    for index, kept in enumerate(kept)
                )
            )

    def _booking(self, session: PlannedSession) -> Booking:
        return Booking(session.booking_id, session.title, session.starts_at, session.ends_at)

    def _room_clashes(self) -> None:
        in_file = {s.existing.id for s in self.plan.sessions if s.existing is not None}
        by_room: dict[int, list[Booking]] = defaultdict(list)
        for session in self.ctx.sessions.values():
            if session.status == "scheduled" and session.id not in in_file and session.room_id:
                by_room[session.room_id].append(Booking(
                    session.id, session.title, session.starts_at, session.ends_at))
        earlier: dict[str, list[Booking]] = defaultdict(list)
        for session in self.plan.sessions:
            if session.room is None:
                continue
            candidate = self._booking(session)
            known_room = self.ctx.rooms.get(session.room)
            others = earlier[session.room] + (by_room[known_room.id] if known_room else [])
            problem = rules.room_clash_problem(candidate, session.room_text, others, self.zone)
            if problem:
                self.error(session.line, problem.message)
            earlier[session.room].append(candidate)

    def _person_clashes(self) -> None:
        in_file = {s.existing.id for s in self.plan.sessions if s.existing is not None}
        person_ids = {p.existing.id: key for key, p in self.plan.persons.items() if p.existing}
        earlier: dict[PersonKey, list[Booking]] = defaultdict(list)
        for session in self.plan.sessions:
            candidate = self._booking(session)
            seen: set[PersonKey] = set()
            for slot in session.slots:
                if slot.person in seen:
                    continue
                seen.add(slot.person)
                planned = self.plan.persons[slot.person]
                outside = []
                if planned.existing is not None:
                    outside = [b for b in self.ctx.bookings.get(planned.existing.id, [])
                               if b.session_id not in in_file]
                problem = rules.person_clash_problem(
                    candidate, planned.full_name, earlier[slot.person] + outside, self.zone)
                if problem:
                    self.error(slot.line, problem.message)
                earlier[slot.person].append(candidate)
            # Speakers kept from the database occupy the session too.
            if session.existing is not None:
                for old in session.existing.slots:
                    key = person_ids.get(old.person_id)
                    if key is not None and key not in seen:
                        seen.add(key)
                        earlier[key].append(candidate)

    def _planned_minutes(self) -> None:
        for session in self.plan.sessions:
            listed = {s.existing.id for s in session.slots if s.existing is not None}
            kept = []
            if session.existing is not None:
                kept = [old.planned_minutes for old in session.existing.slots
                        if old.id not in listed]
            warning = rules.planned_minutes_problem(
                [s.planned_minutes for s in session.slots] + kept, session.duration_minutes)
            if warning:
                self.warn(session.line, _("“%(title)s”: %(message)s", title=session.title,
                                          message=warning.message))


def check(parsed: ParsedProgramme, context: ImportContext) -> ImportPlan:
    """Validate parsed rows against what the database holds (pure given the context)."""
    return _Checker(parsed, context).run()


def validate(event: Event, parsed: ParsedProgramme) -> ImportPlan:
    """Every error and warning of the file, and what importing it would do."""
    if not parsed.columns or any(c not in parsed.columns for c in REQUIRED_COLUMNS):
        # The rows cannot be read without their columns: skip the database altogether.
        return check(parsed, _empty_context(event))
    return check(parsed, load_context(event, parsed))


def _empty_context(event: Event) -> ImportContext:
    return ImportContext(event=event, zone=event.zone, categories=ImportCategories(),
                         rooms={}, sessions={},
                         organizations={}, persons={}, bookings={})


# --------------------------------------------------------------------------- writing


class ImportRejected(ValueError):
    """apply() was given a plan with errors."""


def apply(event: Event, plan: ImportPlan) -> ImportSummary:
    """Write a valid plan in one flush; the caller commits. Rolls back on any failure."""
    if not plan.is_valid:
        raise ImportRejected(_("The programme has errors; nothing was imported."))
    summary = plan.summary()
    try:
        _write(event, plan)
        db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    return summary


def _write(event: Event, plan: ImportPlan) -> None:
    # New rows go in as one executemany per table, then are read back by their natural keys:
    # the ORM would insert them one statement per row on SQLite, to learn each new id.
    now = utcnow()
    rooms = dict(plan.known_rooms)
    if plan.rooms:
        _insert(Room, [{"event_id": event.id, "name": name} for name in plan.rooms.values()])
        rooms = {
            normalise_label(r.name): r
            for r in db.session.scalars(select(Room).where(Room.event_id == event.id))
        }

    organizations = {k: o.existing for k, o in plan.organizations.items() if o.existing}
    new_orgs = [o for o in plan.organizations.values() if o.existing is None]
    if new_orgs:
        _insert(Organization, [
            {"name": o.name, "name_key": o.key[0], "category_id": o.category.id,
             "country": o.country, "governance_level": o.governance_level}
            for o in new_orgs
        ])
        for org in db.session.scalars(select(Organization).where(
                Organization.name_key.in_({o.key[0] for o in new_orgs}))):
            organizations.setdefault((org.name_key, org.country.upper()), org)

    person_ids = {k: p.existing.id for k, p in plan.persons.items() if p.existing}
    new_persons = [p for p in plan.persons.values() if p.existing is None]
    if new_persons:
        _insert(Person, [
            {"first_name": p.first_name, "last_name": p.last_name, "honorific": p.honorific,
             "job_title": p.job_title, "gender": p.gender, "created_at": now,
             "organization_id": organizations[p.organization].id if p.organization else None,
             "category_id": p.category.id if p.category is not None else None}
            for p in new_persons
        ])
        org_keys = {org.id: key for key, org in organizations.items()}
        taken = set(person_ids.values())
        for person_id, first, last, org_id in db.session.execute(
            select(Person.id, Person.first_name, Person.last_name, Person.organization_id)
            .where(Person.last_name.in_({p.last_name for p in new_persons}))
            .order_by(Person.id.desc())
        ):
            key = _person_key(first, last, org_keys.get(org_id) if org_id else None)
            if person_id not in taken and key not in person_ids:
                person_ids[key] = person_id

    session_ids: dict[SessionKey, int] = {}
    new_sessions = {str(uuid.uuid4()): s for s in plan.sessions if s.existing is None}
    if new_sessions:
        _insert(Session, [
            {"uid": uid, "event_id": event.id, "title": s.title, "kind": s.kind,
             "starts_at": s.starts_at, "ends_at": s.ends_at,
             "room_id": rooms[s.room].id if s.room else None,
             "created_at": now, "updated_at": now,
             "title_fr": s.versions.get("title_fr", ""), "title_es": s.versions.get("title_es", "")}
            for uid, s in new_sessions.items()
        ])
        for session_id, uid in db.session.execute(
                select(Session.id, Session.uid).where(Session.uid.in_(new_sessions))):
            session_ids[new_sessions[uid].key] = session_id

    new_slots = []
    for planned in plan.sessions:
        session = planned.existing
        if session is None:
            session_id = session_ids[planned.key]
        else:
            session_id = session.id
            if planned.changed:
                _update_session(session, planned, rooms.get(planned.room) if planned.room
                                else None, now)
        listed: set[int] = set()
        for slot in planned.slots:
            if slot.existing is not None:
                slot.existing.planned_minutes = slot.planned_minutes
                slot.existing.position = slot.position
                if slot.actual_seconds is not None:
                    slot.existing.actual_seconds = slot.actual_seconds
                listed.add(slot.existing.id)
            else:
                new_slots.append({
                    "session_id": session_id, "person_id": person_ids[slot.person],
                    "role": slot.role, "position": slot.position,
                    "planned_minutes": slot.planned_minutes,
                    "actual_seconds": slot.actual_seconds,
                })
        if session is not None:
            kept = sorted((s for s in session.slots if s.id not in listed),
                          key=lambda s: (s.position, s.id))
            for offset, old in enumerate(kept):
                old.position = len(planned.slots) + offset
    _insert(SpeakingSlot, new_slots)
    # Bulk inserts bypass the flush hooks that tell caches the programme changed; a session
    # that was there before may have new slots on its panel.
    bump(db.session, {programme_scope(event.id), PEOPLE}
         | {session_scope(p.existing.id) for p in plan.sessions if p.existing is not None})
    _register_speakers(event, {person_ids[slot.person]
                               for planned in plan.sessions for slot in planned.slots})


def _register_speakers(event: Event, person_ids: set[int]) -> None:
    """Speakers are invited registrations, so programme and participant list agree."""
    from eventapp.registration.accreditation import ensure_invited_registrations

    if not person_ids:
        return
    speakers = db.session.scalars(
        select(Person).where(Person.id.in_(person_ids)).options(
            joinedload(Person.organization).joinedload(Organization.category),
            joinedload(Person.category),
        )
    ).unique().all()
    ensure_invited_registrations(event, list(speakers))


def _insert(model: type, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)


def _update_session(session: Session, planned: PlannedSession, room: Room | None,
                    now: datetime) -> None:
    if (session.ends_at != planned.ends_at or _room_changed(session, room)
            or planned.changes_versions()):
        # Calendar clients replace an entry only when its SEQUENCE rises (a feed in French
        # or Spanish shows the new title).
        session.sequence += 1
    for name, value in planned.versions.items():
        setattr(session, name, value)
    session.kind = planned.kind
    session.ends_at = planned.ends_at
    session.room_id = room.id if room is not None else None
    session.updated_at = now


def _room_changed(session: Session, room: Room | None) -> bool:
    # Compared by id: reading session.room would load each room separately.
    return session.room_id != (room.id if room is not None else None)


# --------------------------------------------------------------------------- one call


@dataclass
class ImportResult:
    plan: ImportPlan
    summary: ImportSummary | None = None

    @property
    def ok(self) -> bool:
        return self.summary is not None


def import_programme(event: Event, text: str, *, dry_run: bool = False) -> ImportResult:
    """Parse, validate and (when valid and not a dry run) write; the caller commits."""
    plan = validate(event, parse_programme(text))
    if not plan.is_valid:
        return ImportResult(plan)
    if dry_run:
        return ImportResult(plan)
    return ImportResult(plan, apply(event, plan))
