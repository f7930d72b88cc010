"""Checking a programme file row by row against what the database holds; builds the plan.

``validate`` loads the context (a fixed number of queries) and runs the checker, which
itself touches no database; the checks of the file as a whole are in cross_checks.py.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _

from eventapp.people.models import GOVERNANCE_LABELS, Person, StakeholderCategory
from eventapp.people.service import gender_from, governance_level_from, normalise_label
from eventapp.programme import rules
from eventapp.programme.csv_import import cross_checks
from eventapp.programme.csv_import.app_edits import app_edits_undone
from eventapp.programme.csv_import.context import (
    ImportContext,
    OrgKey,
    SessionKey,
    _empty_context,
    _org_key,
    _person_key,
    _title_key,
    import_key,
    load_context,
)
from eventapp.programme.csv_import.plan import (
    ImportPlan,
    PlannedOrganization,
    PlannedPerson,
    PlannedSession,
    PlannedSlot,
)
from eventapp.programme.csv_import.reading import (
    REQUIRED_COLUMNS,
    VERSION_COLUMNS,
    Issue,
    ParsedProgramme,
    Row,
)
from eventapp.programme.models import SESSION_KINDS, SPEAKER_ROLES, Event, Session
from eventapp.timeutil import is_nonexistent_local, local_to_utc

DEFAULT_KIND = "panel"
DEFAULT_ROLE = "panelist"
DEFAULT_GOVERNANCE_LEVEL = "national"
MAX_PLANNED_MINUTES = 24 * 60  # as on the speaker form

_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
# Decimal minutes as timed elsewhere: "3.5" (or "3,5" from a semicolon-separated sheet).
_DECIMAL_MINUTES_RE = re.compile(r"^(\d{1,4})(?:[.,](\d{1,3}))?$")

_KINDS = {normalise_label(k): k for k, _ in SESSION_KINDS} | {
    normalise_label(label): k for k, label in SESSION_KINDS
}
_ROLES = {normalise_label(k): k for k, _ in SPEAKER_ROLES} | {
    normalise_label(label): k for k, label in SPEAKER_ROLES
}
_KIND_NAMES = ", ".join(label for _, label in SESSION_KINDS)
_ROLE_NAMES = ", ".join(label for _, label in SPEAKER_ROLES)
_LEVEL_NAMES = ", ".join(str(GOVERNANCE_LABELS[level]) for level in GOVERNANCE_LABELS)



class _Checker:
    """Builds an ImportPlan from parsed rows and a loaded context; no database access."""

    def __init__(self, parsed: ParsedProgramme, context: ImportContext) -> None:
        self.parsed = parsed
        self.ctx = context
        self.event = context.event
        self.zone = context.zone
        self.plan = ImportPlan(issues=list(parsed.issues), known_rooms=dict(context.rooms))
        self.by_key: dict[SessionKey, PlannedSession] = {}
        self._new_ids = 0
        self._claimed: set[int] = set()

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
            cross_checks.positions_and_changes(self.plan, self.ctx)
            cross_checks.room_clashes(self.plan, self.ctx)
            cross_checks.person_clashes(self.plan, self.ctx)
            cross_checks.planned_minutes(self.plan)
            app_edits_undone(self.plan, self.ctx)
        return self._finish()

    def _finish(self) -> ImportPlan:
        self.plan.issues.sort(key=lambda i: (i.line, i.is_warning))
        return self.plan

    def _too_long(self, row: Row) -> bool:
        """Cells longer than their column: refused here, not by the database at confirm."""
        too_long = row.too_long()
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
        existing = self._existing(key)
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

    def _existing(self, key: SessionKey) -> Session | None:
        """The session this file's row names: the one the last import gave this identity
        (moved or renamed in the app since, perhaps), else the one at this time and title."""
        for session in (self.ctx.imported.get(import_key(key)), self.ctx.sessions.get(key)):
            if session is not None and session.id not in self._claimed:
                self._claimed.add(session.id)
                return session
        return None

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


def check(parsed: ParsedProgramme, context: ImportContext) -> ImportPlan:
    """Validate parsed rows against what the database holds (pure given the context)."""
    return _Checker(parsed, context).run()


def validate(event: Event, parsed: ParsedProgramme) -> ImportPlan:
    """Every error and warning of the file, and what importing it would do."""
    if not parsed.columns or any(c not in parsed.columns for c in REQUIRED_COLUMNS):
        # The rows cannot be read without their columns: skip the database altogether.
        return check(parsed, _empty_context(event))
    return check(parsed, load_context(event, parsed))
