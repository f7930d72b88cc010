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
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.people.categories import ImportCategories, import_categories
from eventapp.people.models import Person, StakeholderCategory
from eventapp.people.service import (
    find_or_create_organization,
    governance_level_from,
    normalise_label,
)
from eventapp.programme.models import Event
from eventapp.registration.accreditation import change_statuses
from eventapp.registration.csv_export import IMPORT_COLUMNS
from eventapp.registration.models import DELEGATION_ROLES, REGISTRATION_STATUSES, Registration
from eventapp.spreadsheets import ImportFileError, decode_upload  # noqa: F401 (re-exported)

REQUIRED_COLUMNS = ("email", "last_name", "category")
MAX_ROWS = 20_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Applied in this order: places are freed before anyone is approved.
_STATUS_ORDER = ("cancelled", "declined", "pending", "waitlisted", "approved")
_LIMITS = {"email": 254, "honorific": 40, "first_name": 120, "last_name": 120,
           "job_title": 200, "organization": 200}


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
            return "new registration" if self.person_id else "new person and registration"
        if self.current_status == self.status:
            return "no change"
        return f"status {self.current_status} → {self.status}"


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

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
        text = [
            f"{self.new_people} new people, {self.new_registrations} new registrations, "
            f"{self.updated_registrations} existing registrations updated."
        ]
        if self.statuses:
            text.append(
                "Now: " + ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items())) + "."
            )
        return text


def _choice(text: str, choices: tuple[tuple[str, str], ...]) -> str | None:
    needle = normalise_label(text)
    for key, label in choices:
        if needle in (key, normalise_label(label)):
            return key
    return None


def parse_and_validate(event: Event, text: str) -> ImportPlan:
    """Read and check every row; reads the database, writes nothing."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportFileError("The file has no header row.") from exc
    columns = [normalise_label(h).replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(
            "The header row lacks the column(s) " + ", ".join(missing)
            + ". Expected columns: " + ", ".join(IMPORT_COLUMNS) + "."
        )
    categories = import_categories()
    plan = ImportPlan()
    first_line_of: dict[str, int] = {}
    line = 1
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(plan.rows) + len(plan.errors) >= MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS} rows; split it.")
            values = {
                column: " ".join(cells[i].split()) if i < len(cells) else ""
                for i, column in enumerate(columns)
            }
            row, problems = _check_row(start, values, categories)
            if row is not None:
                seen = first_line_of.setdefault(row.email, start)
                if seen != start:
                    problems.append(f"the email {row.email} is already on line {seen}")
            if problems:
                plan.errors.append(RowError(start, "; ".join(problems) + "."))
            elif row is not None:
                plan.rows.append(row)
    except csv.Error as exc:
        raise ImportFileError(f"Line {line + 1} cannot be read as CSV: {exc}.") from exc
    if not plan.rows and not plan.errors:
        raise ImportFileError("The file has a header row but no participants.")
    _attach_existing(event, plan.rows)
    return plan


def _check_row(
    line: int, values: dict[str, str], categories: ImportCategories
) -> tuple[ImportRow | None, list[str]]:
    problems = []
    email = values.get("email", "").lower()
    if not email:
        problems.append("email is empty")
    elif not _EMAIL.match(email):
        problems.append(f"“{email}” is not an email address")
    if not values.get("last_name"):
        problems.append("last_name is empty")
    for column, limit in _LIMITS.items():
        if len(values.get(column, "")) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    match = categories.resolve(values.get("category", ""))
    category = match.category
    if category is None:
        problems.append(
            f"category “{values.get('category', '')}” "
            + ("is retired" if match.is_retired else "is not a stakeholder category")
            + " (use one of: " + ", ".join(categories.active_keys) + ")"
        )
    country = values.get("country", "").upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        problems.append(f"country “{country}” is not a two-letter ISO code")
    level = governance_level_from(values.get("governance_level", "") or "national")
    if level is None:
        problems.append(
            f"governance_level “{values['governance_level']}” is not one of local, national, "
            "regional, global"
        )
    role = _choice(values.get("delegation_role", "") or "delegate", DELEGATION_ROLES)
    if role is None:
        problems.append(
            f"delegation_role “{values['delegation_role']}” is not one of head, delegate, "
            "observer"
        )
    status = normalise_label(values.get("status", "") or "approved")
    if status not in REGISTRATION_STATUSES:
        problems.append(
            f"status “{values['status']}” is not one of " + ", ".join(REGISTRATION_STATUSES)
        )
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
        for p in db.session.scalars(select(Person).where(func.lower(Person.email).in_(emails)))
        if p.email
    }
    for user_email, person in db.session.execute(
        select(User.email, Person).join(Person, Person.user_id == User.id)
        .where(User.email.in_(emails))
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


def apply(event: Event, plan: ImportPlan) -> ImportResult:
    """Write a valid plan: people, organizations and registrations in one transaction, then
    statuses through the accreditation engine (which commits and notifies)."""
    if not plan.is_valid:
        raise ValueError("only a valid import plan can be applied")
    result = ImportResult()
    people = _people_by_email([r.email for r in plan.rows])
    existing = {
        r.person_id: r
        for r in db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id,
                Registration.person_id.in_([p.id for p in people.values()]),
            )
        )
    } if people else {}
    wanted: dict[str, list[int]] = {}
    try:
        for row in plan.rows:
            organization = None
            if row.organization:
                organization = find_or_create_organization(
                    row.organization, category=row.category, country=row.country,
                    governance_level=row.governance_level,
                )
            person = people.get(row.email)
            if person is None:
                person = Person(
                    email=row.email, honorific=row.honorific, first_name=row.first_name,
                    last_name=row.last_name, job_title=row.job_title,
                    organization_id=organization.id if organization else None,
                    category_id=None if organization else row.category.id,
                )
                db.session.add(person)
                db.session.flush()
                people[row.email] = person
                result.new_people += 1
            else:
                _fill_empty(person, row)
                if person.organization_id is None and organization is not None:
                    person.organization_id = organization.id
            registration = existing.get(person.id)
            if registration is None:
                # Created as pending; the engine below decides whether a place is free.
                registration = Registration(event_id=event.id, person_id=person.id,
                                            status="pending")
                db.session.add(registration)
                existing[person.id] = registration
                result.new_registrations += 1
            elif (registration.category_id, registration.organization_id,
                  registration.delegation_role, registration.status) != (
                      row.category.id, organization.id if organization else None,
                      row.delegation_role, row.status):
                result.updated_registrations += 1
            registration.category_id = row.category.id
            registration.organization_id = organization.id if organization else None
            registration.delegation_role = row.delegation_role
            db.session.flush()
            wanted.setdefault(row.status, []).append(registration.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for status in _STATUS_ORDER:
        if wanted.get(status):
            for resulting, n in change_statuses(event, wanted[status], status).items():
                result.statuses[resulting] = result.statuses.get(resulting, 0) + n
    return result
