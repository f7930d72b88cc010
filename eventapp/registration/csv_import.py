"""Import participants from a CSV file: validate everything, preview, then write all or nothing.

Columns (header row required, order free, names as in the export):
email, honorific, first_name, last_name, job_title, organization, category, country,
governance_level, delegation_role, status.

Rules, chosen so that importing the same file twice changes nothing the second time:

* A person is recognised by email (their record email, or their account's). A known person
  keeps the details they entered themselves; the file only fills fields that are empty.
* One registration per person per event: an existing one is updated (category,
  organization, delegation role, status), never duplicated.
* ``status`` defaults to ``approved``. Statuses go through the accreditation engine, so
  capacity and quotas hold: approving more people than there are places puts the rest on
  the waiting list, in file order, exactly as approving them by hand would.
* Confirming is one transaction under the event's accreditation lock: people,
  organizations, registrations, statuses and the message to every person whose registration
  is new or changed status commit together or not at all. Rows are written with a fixed
  number of set-based statements (executemany), so the file's limit of 20,000 rows confirms
  within one request.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import bindparam, func, insert, select, update

from eventapp.accounts.models import User
from eventapp.audit.context import current_source
from eventapp.db_types import utcnow
from eventapp.email_address import email_problem
from eventapp.extensions import db
from eventapp.i18n.recipient import in_every_language
from eventapp.input_bounds import column_length, column_lengths
from eventapp.people.categories import ImportCategories, import_categories
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.people.service import (
    governance_level_from,
    normalise_label,
)
from eventapp.programme.models import Event
from eventapp.registration import notifications
from eventapp.registration.audit_entries import record_import, record_import_rows
from eventapp.registration.csv_export import IMPORT_COLUMNS
from eventapp.registration.import_headers import header_check
from eventapp.registration.models import DELEGATION_ROLES, ORGANIZER_STATUSES, Registration
from eventapp.registration.organize_forms import STATUS_LABELS, status_count
from eventapp.registration.places import accreditation_lock
from eventapp.registration.statuses import change_statuses
from eventapp.spreadsheets import ImportFileError, decode_upload  # noqa: F401 (re-exported)
from eventapp.sql_sets import chunks, in_set
from eventapp.versioning import ORGANIZATIONS, PEOPLE, bump, registrations_scope

REQUIRED_COLUMNS = ("email", "last_name", "category")
MAX_ROWS = 20_000
# Applied in this order: places are freed before anyone is approved.
_STATUS_ORDER = ("cancelled", "declined", "pending", "waitlisted", "approved")
# Read from the schema, so the preview refuses what the database would refuse at confirm.
_LIMITS = {**column_lengths(Person, {column: column for column in (
    "email", "honorific", "first_name", "last_name", "job_title")}),
    "organization": column_length(Organization, "name")}


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportRow:
    line: int
    email: str
    honorific: str
    first_name: str
    last_name: str
    job_title: str
    organization: str
    category: StakeholderCategory
    country: str
    governance_level: str
    delegation_role: str
    status: str
    # Filled in by validation: what applying would do, for the preview.
    person_id: int | None = None
    current_status: str | None = None

    @property
    def action(self) -> str:
        if self.current_status is None:
            return _("new registration") if self.person_id else _("new person and registration")
        if self.current_status == self.status:
            return _("no change")
        return _("status %(before)s → %(after)s",
                 before=STATUS_LABELS[self.current_status].lower(),
                 after=STATUS_LABELS[self.status].lower())


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Header cells that name no column and resemble none: ignored, and said so.
    warnings: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)


@dataclass
class ImportResult:
    new_people: int = 0
    new_registrations: int = 0
    updated_registrations: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        # English keeps one form per count ("1 new people"); other languages get plurals.
        text = [_("%(people)s, %(registrations)s, %(updated)s.",
                  people=ngettext("%(num)d new people", "%(num)d new people", self.new_people),
                  registrations=ngettext("%(num)d new registrations", "%(num)d new registrations",
                                         self.new_registrations),
                  updated=ngettext("%(num)d existing registrations updated",
                                   "%(num)d existing registrations updated",
                                   self.updated_registrations))]
        if self.statuses:
            text.append(_("Now: %(counts)s.", counts=", ".join(
                status_count(s, n) for s, n in sorted(self.statuses.items()))))
        return text


@lru_cache(maxsize=8)
def _labels_to_keys(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each choice's key and its label in every language, normalised (built once per process:
    the catalogs do not change while it runs)."""
    table = {}
    for key, label in choices:
        table[key] = key
        for version in in_every_language(label):
            table.setdefault(normalise_label(version), key)
    return table


def _choice(text: str, choices: tuple[tuple[str, str], ...]) -> str | None:
    return _labels_to_keys(choices).get(normalise_label(text))


def parse_and_validate(event: Event, text: str) -> ImportPlan:
    """Read and check every row; reads the database, writes nothing."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportFileError(_("The file has no header row.")) from exc
    columns = [normalise_label(h).replace(" ", "_") for h in header]
    near_misses, unknown = header_check(header, columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns and c not in near_misses]
    if missing or near_misses:
        problems = list(near_misses.values())
        if missing:
            problems.append(_(
                "The header row lacks the column(s) %(missing)s. Expected columns: "
                "%(expected)s.", missing=", ".join(missing), expected=", ".join(IMPORT_COLUMNS)))
        raise ImportFileError(" ".join(problems))
    categories = import_categories()
    plan = ImportPlan(warnings=unknown)
    first_line_of: dict[str, int] = {}
    line = 1
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(plan.rows) + len(plan.errors) >= MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)d rows; split it.", max=MAX_ROWS))
            values = {
                column: " ".join(cells[i].split()) if i < len(cells) else ""
                for i, column in enumerate(columns)
            }
            row, problems = _check_row(start, values, categories)
            if row is not None:
                seen = first_line_of.setdefault(row.email, start)
                if seen != start:
                    problems.append(_("the email %(email)s is already on line %(line)d",
                                      email=row.email, line=seen))
            if problems:
                # Translators: separates the problems found on one line of the file.
                separator = _("; ")
                plan.errors.append(RowError(start, separator.join(problems) + "."))
            elif row is not None:
                plan.rows.append(row)
    except csv.Error as exc:
        raise ImportFileError(_("Line %(line)d cannot be read as CSV: %(error)s.",
                                line=line + 1, error=exc)) from exc
    if not plan.rows and not plan.errors:
        raise ImportFileError(_("The file has a header row but no participants."))
    _attach_existing(event, plan.rows)
    return plan


def _check_row(
    line: int, values: dict[str, str], categories: ImportCategories
) -> tuple[ImportRow | None, list[str]]:
    problems = []
    email = values.get("email", "").lower()
    if not email:
        problems.append(_("email is empty"))
    elif email_problem(email) is not None:
        problems.append(_("“%(email)s” is not an email address", email=email))
    if not values.get("last_name"):
        problems.append(_("last_name is empty"))
    for column, limit in _LIMITS.items():
        if len(values.get(column, "")) > limit:
            problems.append(_("%(column)s is longer than %(limit)d characters",
                              column=column, limit=limit))
    match = categories.resolve(values.get("category", ""))
    category = match.category
    if category is None:
        keys = ", ".join(categories.active_keys)
        value = values.get("category", "")
        problems.append(
            _("category “%(value)s” is retired (use one of: %(keys)s)", value=value, keys=keys)
            if match.is_retired else
            _("category “%(value)s” is not a stakeholder category (use one of: %(keys)s)",
              value=value, keys=keys))
    country = values.get("country", "").upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        problems.append(_("country “%(value)s” is not a two-letter ISO code", value=country))
    level = governance_level_from(values.get("governance_level", "") or "national")
    if level is None:
        problems.append(_(
            "governance_level “%(value)s” is not one of local, national, regional, global",
            value=values["governance_level"]))
    role = _choice(values.get("delegation_role", "") or "delegate", DELEGATION_ROLES)
    if role is None:
        problems.append(_("delegation_role “%(value)s” is not one of head, delegate, observer",
                          value=values["delegation_role"]))
    status = normalise_label(values.get("status", "") or "approved")
    if status not in ORGANIZER_STATUSES:
        problems.append(_("status “%(value)s” is not one of %(statuses)s",
                          value=values["status"], statuses=", ".join(ORGANIZER_STATUSES)))
    if problems:
        return (ImportRow(line, email, "", "", "", "", "", category, "", "", "", "")
                if email else None), problems
    return ImportRow(
        line=line, email=email, honorific=values.get("honorific", ""),
        first_name=values.get("first_name", ""), last_name=values["last_name"],
        job_title=values.get("job_title", ""), organization=values.get("organization", ""),
        category=category, country=country, governance_level=level, delegation_role=role,
        status=status,
    ), []


def _people_by_email(emails: list[str]) -> dict[str, Person]:
    """Known people by record email or account email: two queries for the whole file."""
    if not emails:
        return {}
    found = {
        p.email.lower(): p
        for p in db.session.scalars(select(Person).where(in_set(func.lower(Person.email), emails)))
        if p.email
    }
    for user_email, person in db.session.execute(
        select(User.email, Person).join(Person, Person.user_id == User.id)
        .where(in_set(User.email, emails))
    ):
        found.setdefault(user_email, person)
    return found


def _attach_existing(event: Event, rows: list[ImportRow]) -> None:
    people = _people_by_email([r.email for r in rows])
    person_ids = [p.id for p in people.values()]
    statuses = dict(
        db.session.execute(
            select(Registration.person_id, Registration.status).where(
                Registration.event_id == event.id, Registration.person_id.in_(person_ids)
            )
        ).all()
    ) if person_ids else {}
    for row in rows:
        person = people.get(row.email)
        row.person_id = person.id if person else None
        row.current_status = statuses.get(row.person_id) if person else None


def _fill_empty(person: Person, row: ImportRow) -> None:
    for name in ("honorific", "first_name", "job_title"):
        if not getattr(person, name) and getattr(row, name):
            setattr(person, name, getattr(row, name))


def _organization_ids(rows: list[ImportRow]) -> dict[tuple[str, str], int]:
    """Every organization the file names, by (name key, country); creates the missing ones
    as find_or_create_organization would (the first row naming one sets its details)."""
    first: dict[tuple[str, str], ImportRow] = {}
    for row in rows:
        if row.organization:
            first.setdefault((Organization.key_for(row.organization), row.country), row)
    if not first:
        return {}
    found: dict[tuple[str, str], int] = {}
    for keys in chunks(sorted({key for key, _country in first})):
        for org_id, key, country in db.session.execute(
            select(Organization.id, Organization.name_key, Organization.country)
            .where(in_set(Organization.name_key, keys))
        ):
            found[(key, country)] = org_id
    missing = [
        {"name": " ".join(row.organization.split()), "name_key": key, "country": country,
         "category_id": row.category.id, "governance_level": row.governance_level}
        for (key, country), row in first.items() if (key, country) not in found
    ]
    if missing:
        db.session.execute(insert(Organization.__table__), missing)
        # Past the flush listener: the registration form's list of organizations grew.
        bump(db.session, {ORGANIZATIONS})
        for keys in chunks([m["name_key"] for m in missing]):
            for org_id, key, country in db.session.execute(
                select(Organization.id, Organization.name_key, Organization.country)
                .where(in_set(Organization.name_key, keys))
            ):
                found[(key, country)] = org_id
    return found


def _person_ids(rows: list[ImportRow], organizations: dict[tuple[str, str], int],
                result: ImportResult) -> dict[str, int]:
    """Person id per email: known people get their empty fields filled, the rest are created."""
    people = _people_by_email([r.email for r in rows])
    ids = {email: person.id for email, person in people.items()}
    new_people = []
    for row in rows:
        organization_id = _organization_of(row, organizations)
        person = people.get(row.email)
        if person is None:
            new_people.append({
                "email": row.email, "honorific": row.honorific, "first_name": row.first_name,
                "last_name": row.last_name, "job_title": row.job_title,
                "organization_id": organization_id,
                "category_id": None if organization_id else row.category.id,
            })
            continue
        _fill_empty(person, row)
        if person.organization_id is None and organization_id is not None:
            person.organization_id = organization_id
    if new_people:
        db.session.execute(insert(Person.__table__), new_people)
        for emails in chunks([p["email"] for p in new_people]):
            ids.update(db.session.execute(
                select(Person.email, Person.id).where(in_set(Person.email, emails))
            ).all())
        result.new_people = len(new_people)
    return ids


def _organization_of(row: ImportRow, organizations: dict[tuple[str, str], int]) -> int | None:
    if not row.organization:
        return None
    return organizations[(Organization.key_for(row.organization), row.country)]


def _registrations(event: Event, person_ids: list[int]) -> dict[int, tuple]:
    """person id -> (registration id, category, organization, delegation role, status)."""
    found: dict[int, tuple] = {}
    for chunk in chunks(person_ids):
        for reg_id, person_id, category_id, organization_id, role, status in db.session.execute(
            select(Registration.id, Registration.person_id, Registration.category_id,
                   Registration.organization_id, Registration.delegation_role,
                   Registration.status)
            .where(Registration.event_id == event.id, in_set(Registration.person_id, chunk))
        ):
            found[person_id] = (reg_id, category_id, organization_id, role, status)
    return found


def _write_registrations(event: Event, plan: ImportPlan, person_ids: dict[str, int],
                         organizations: dict[tuple[str, str], int],
                         result: ImportResult) -> tuple[dict[str, list[int]], list[int]]:
    """Create and update the registrations; returns ids wanted per status, and new ids."""
    existing = _registrations(event, sorted(set(person_ids.values())))
    now = utcnow()
    new_rows, changed_rows, audited = [], [], []
    created: set[int] = set()
    for row in plan.rows:
        person_id = person_ids[row.email]
        wanted = (row.category.id, _organization_of(row, organizations), row.delegation_role)
        current = existing.get(person_id)
        if person_id in created:
            # Two emails of one person (record and account): one registration, as before.
            continue
        if current is None:
            created.add(person_id)
            # Created as pending; the engine decides below whether a place is free.
            new_rows.append({
                "event_id": event.id, "person_id": person_id, "category_id": wanted[0],
                "organization_id": wanted[1], "delegation_role": wanted[2],
                "status": "pending", "created_at": now, "updated_at": now,
                "status_changed_at": now,
            })
        elif current[1:] != (*wanted, row.status):
            result.updated_registrations += 1
            if current[1:4] != wanted:
                changed_rows.append({"rid": current[0], "c": wanted[0], "o": wanted[1],
                                     "r": wanted[2], "now": now})
                audited.append((current[0], current[1:4], wanted))
    if new_rows:
        # One executemany, in file order: arrival order is file order for the engine.
        db.session.execute(insert(Registration.__table__), new_rows)
        result.new_registrations = len(new_rows)
    if changed_rows:
        table = Registration.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("rid")).values(
                category_id=bindparam("c"), organization_id=bindparam("o"),
                delegation_role=bindparam("r"), updated_at=bindparam("now")),
            changed_rows,
        )
    # Set-based writes bypass the flush hooks that tell caches what changed.
    bump(db.session, {registrations_scope(event.id), PEOPLE})
    db.session.flush()
    # Objects loaded earlier (the preview) must not hide what the statements wrote.
    db.session.expire_all()
    after = _registrations(event, sorted(set(person_ids.values()))) if new_rows else existing
    wanted_ids: dict[str, list[int]] = {}
    for row in plan.rows:
        wanted_ids.setdefault(row.status, []).append(after[person_ids[row.email]][0])
    new_ids = [after[row["person_id"]][0] for row in new_rows]
    record_import_rows(event.id, new_ids, audited)
    return wanted_ids, new_ids


def _queue_new_pending(new_ids: list[int]) -> None:
    """A new registration the engine left pending changed no status, but its person still
    needs to hear they are registered: one "pending" message each."""
    pending = []
    for chunk in chunks(new_ids):
        pending.extend(db.session.scalars(
            select(Registration.id)
            .where(in_set(Registration.id, chunk), Registration.status == "pending")
            .order_by(Registration.id)
        ))
    notifications.queue_status_changes_of(pending)


def apply(event: Event, plan: ImportPlan) -> ImportResult:
    """Write a valid plan in one transaction: everything, with its messages, or nothing."""
    if not plan.is_valid:
        raise ValueError("only a valid import plan can be applied")
    result = ImportResult()
    event_id = event.id
    with accreditation_lock(event_id) as locked:
        organizations = _organization_ids(plan.rows)
        person_ids = _person_ids(plan.rows, organizations, result)
        wanted, new_ids = _write_registrations(locked, plan, person_ids, organizations, result)
        # Statuses join this transaction (the lock is held), in an order that frees places
        # before anyone is approved; each queues its own messages.
        for status in _STATUS_ORDER:
            if wanted.get(status):
                for resulting, n in change_statuses(locked, wanted[status], status).items():
                    result.statuses[resulting] = result.statuses.get(resulting, 0) + n
        _queue_new_pending(new_ids)
        record_import(event_id, current_source(), {
            "new people": result.new_people, "new registrations": result.new_registrations,
            "updated registrations": result.updated_registrations})
    return result
