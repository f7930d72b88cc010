"""Participant-side rules: a user's person record, their details, their registrations."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import ScalarSelect, Select, and_, case, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from eventapp.accounts.login_sessions import login_fact
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.people.models import (
    GENDER_LABELS,
    GOVERNANCE_LEVELS,
    MIGRANT_EXPERIENCE_CHOICES,
    Organization,
    Person,
    StakeholderCategory,
)
from eventapp.people.service import find_or_create_organization
from eventapp.programme.models import Event
from eventapp.registration import organizations
from eventapp.registration.errors import RegistrationError
from eventapp.registration.models import Registration
from eventapp.registration.queries import Page, escape_like
from eventapp.registration.registering import DELEGATION_ROLE_KEYS
from eventapp.request_input import parse_id

ACTIVE_STATUSES = ("pending", "approved", "waitlisted", "unverified")
_MIGRANT_KEYS = {key for key, _label in MIGRANT_EXPERIENCE_CHOICES}


@dataclass
class PersonDetails:
    first_name: str
    last_name: str
    email: str
    honorific: str = ""
    job_title: str = ""
    gender: str | None = None
    gender_description: str = ""
    migrant_experience: str | None = None


@dataclass
class RegistrationDetails:
    delegation_role: str = "delegate"
    wishes_to_speak: bool = False
    speaking_topic: str = ""
    accessibility_needs: str = ""
    consent_public_list: bool = False


def person_for_user(user: User) -> Person | None:
    return db.session.scalar(select(Person).where(Person.user_id == user.id))


PERSON_ID = "person_id"


def person_id_column() -> ScalarSelect[int]:
    """The id of the login's person, read with the login (wiring.py)."""
    return select(Person.id).where(Person.user_id == User.id).limit(1).scalar_subquery()


def person_of_login(user: User) -> Person | None:
    """The signed-in account's person; no statement when the login found it has none yet.

    Only for a request that has not saved a person before asking (the fact is the login's)."""
    try:
        if login_fact(user, PERSON_ID) is None:
            return None
    except LookupError:
        pass
    return person_for_user(user)


def _email_owner(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(func.lower(Person.email) == email.lower()))


@dataclass(frozen=True)
class KnownPersons:
    """The user's person and the person holding an address, read together (person_and_owner)."""

    email: str
    person: Person | None
    owner: Person | None


def person_and_owner(user: User, email: str) -> KnownPersons:
    """The user's person and the one whose contact address is ``email``, in one statement."""
    email = email.strip().lower()
    condition = Person.user_id == user.id
    if email:
        condition = condition | (func.lower(Person.email) == email)
    found = db.session.scalars(select(Person).where(condition).order_by(Person.id)).all()
    return KnownPersons(
        email=email,
        person=next((p for p in found if p.user_id == user.id), None),
        owner=next((p for p in found if email and (p.email or "").lower() == email), None),
    )


def save_person_details(user: User, details: PersonDetails, *,
                        known: KnownPersons | None = None, flush: bool = True) -> Person:
    """Create the user's person on first registration, or update it. Flushes (unless told
    not to: the caller then flushes once it has set the rest), no commit.

    ``known``: what person_and_owner read for this address, when the caller already has it.

    A new person never takes over an existing record that has the same email: without a
    verified address that would hand someone else's registrations to whoever typed it.
    The new record then keeps no contact email (mail goes to the account address) and the
    organizers can merge the two records.
    """
    if details.gender is not None and details.gender not in GENDER_LABELS:
        raise RegistrationError(_("Choose one of the listed answers for gender."))
    if details.migrant_experience is not None and details.migrant_experience not in _MIGRANT_KEYS:
        raise RegistrationError(_("Choose one of the listed answers for lived experience."))
    email = details.email.strip().lower()
    if known is not None and known.email == email:
        person, owner = known.person, known.owner
    else:
        person = person_for_user(user)
        owner = _email_owner(email) if email else None
    if person is None:
        person = Person(user_id=user.id, email=email if owner is None else None, last_name="")
        db.session.add(person)
    elif owner is not None and owner.id != person.id:
        raise RegistrationError(_(
            "This email address belongs to another participant record. Use another address, "
            "or write to the organizers to have the records merged."
        ))
    else:
        person.email = email or None
    person.honorific = details.honorific
    person.first_name = details.first_name
    person.last_name = details.last_name
    person.job_title = details.job_title
    person.gender = details.gender
    person.gender_description = (
        details.gender_description if details.gender == "self-described" else ""
    )
    person.migrant_experience = details.migrant_experience
    if flush:
        db.session.flush()
    return person


def choose_organization(
    choice: str, category: StakeholderCategory, *, new_name: str = "", new_country: str = "",
    new_level: str = "national", person: Person | None = None,
) -> Organization | None:
    """The organization picked on the form: none, an existing one, or a new one (flushed).

    A new one waits for an organizer's confirmation before it is offered to anyone else;
    an unconfirmed one can be chosen only by the person already attached to it.
    """
    if choice in ("", "none"):
        return None
    if choice == "new":
        if not new_name.strip() or len(new_country.strip()) != 2:
            raise RegistrationError(
                _("Give the new organization's name and two-letter country."))
        if new_level not in GOVERNANCE_LEVELS:
            raise RegistrationError(_("Choose a governance level from the list."))
        return find_or_create_organization(
            new_name, category=category, country=new_country.strip().upper(),
            governance_level=new_level, confirmed=False,
        )
    organization_id = parse_id(choice)
    organization = db.session.get(Organization, organization_id) if organization_id else None
    if organization is None or not organizations.may_choose(organization, person):
        raise RegistrationError(_("Choose an organization from the list."))
    return organization


def update_registration_details(registration: Registration, details: RegistrationDetails) -> None:
    """Change what the participant may change; status and places are not touched."""
    if details.delegation_role not in DELEGATION_ROLE_KEYS:
        raise RegistrationError(_("Choose a delegation role from the list."))
    # A proposal only: the accredited level is the organizers' (see representation).
    registration.proposed_delegation_role = details.delegation_role
    registration.wishes_to_speak = details.wishes_to_speak
    registration.speaking_topic = details.speaking_topic if details.wishes_to_speak else ""
    registration.accessibility_needs = details.accessibility_needs
    registration.consent_public_list = details.consent_public_list
    registration.public_list_asked = True  # the form just asked


def registration_of(event: Event, person: Person | None) -> Registration | None:
    if person is None:
        return None
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.person_id == person.id
        )
    )


def registrations_of_user(user: User) -> list[Registration]:
    """The user's registrations with their event, category and organization; one query (two
    when one names an organization)."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(Registration.person)
            .join(Registration.event)
            .join(Registration.category)
            .where(Person.user_id == user.id)
            .options(
                contains_eager(Registration.event),
                contains_eager(Registration.category),
                selectinload(Registration.organization),
            )
            .order_by(Event.start_date.desc(), Registration.id)
        )
    )


def own_registration_or_404(user: User, registration_id: int) -> Registration:
    """Someone else's registration is indistinguishable from a missing one."""
    registration = db.session.scalar(
        select(Registration)
        .join(Registration.person)
        .where(Registration.id == registration_id, Person.user_id == user.id)
        .options(
            selectinload(Registration.event),
            selectinload(Registration.person),
            selectinload(Registration.category),
            selectinload(Registration.organization),
        )
    )
    if registration is None:
        abort(404)
    return registration


@dataclass
class ParticipantGroup:
    category: StakeholderCategory
    registrations: list[Registration]


@dataclass(frozen=True)
class ListingCounts:
    """Approved participants by what they said about the public list.

    Only those who were asked count: imported and invited participants never saw the
    question, so "12 of the 40 who were asked" is honest where "12 of 300" is not.
    """

    listed: int
    asked: int
    not_asked: int

    @property
    def declined(self) -> int:
        return self.asked - self.listed


PUBLIC_PER_PAGE = 50


@dataclass(frozen=True)
class PublicFilters:
    """What a visitor narrowed the public list to; empty means everyone listed."""

    category_id: int | None = None
    search: str = ""

    @property
    def is_active(self) -> bool:
        return bool(self.category_id or self.search)

    def as_args(self) -> dict[str, str]:
        args = {"category": str(self.category_id or ""), "q": self.search}
        return {key: value for key, value in args.items() if value}


@dataclass
class PublicListing:
    """One page of the public list, with the whole list's counts beside it."""

    groups: list[ParticipantGroup]
    page: Page
    by_category: list[tuple[StakeholderCategory, int]]
    counts: ListingCounts

    def listed_in(self, category_id: int) -> int:
        return next((n for c, n in self.by_category if c.id == category_id), 0)


def _listed(event: Event) -> tuple:
    return (
        Registration.event_id == event.id,
        Registration.status == "approved",
        Registration.consent_public_list.is_(True),
    )


def _category_counts(event: Event) -> tuple[list[tuple[StakeholderCategory, int]], ListingCounts]:
    """Listed people per category and the asked / not-asked counts, from one GROUP BY."""
    # Consent implies the question was put, whatever the record says.
    asked = or_(Registration.public_list_asked.is_(True),
                Registration.consent_public_list.is_(True))
    rows = db.session.execute(
        select(
            StakeholderCategory,
            func.count(case((Registration.consent_public_list.is_(True), 1))),
            func.count(case((asked, 1))),
            func.count(Registration.id),
        )
        .join(Registration, Registration.category_id == StakeholderCategory.id)
        .where(Registration.event_id == event.id, Registration.status == "approved")
        .group_by(StakeholderCategory.id)
        .order_by(StakeholderCategory.sort_order, StakeholderCategory.name)
    ).all()
    by_category = [(category, listed) for category, listed, _, _ in rows if listed]
    n_listed = sum(row[1] for row in rows)
    n_asked = sum(row[2] for row in rows)
    n_all = sum(row[3] for row in rows)
    return by_category, ListingCounts(listed=n_listed, asked=n_asked, not_asked=n_all - n_asked)


def _matching(event: Event, filters: PublicFilters) -> Select:
    query = (
        select(Registration)
        .join(Registration.person)
        .join(Registration.category)
        .outerjoin(Registration.organization)
        .where(*_listed(event))
    )
    if filters.category_id:
        query = query.where(Registration.category_id == filters.category_id)
    if filters.search:
        # Only what the page shows is searchable: names and organizations, never emails.
        needle = f"%{escape_like(filters.search.strip().lower())}%"
        full_name = func.lower(Person.first_name + " " + Person.last_name)
        query = query.where(or_(
            full_name.like(needle, escape="\\"),
            func.lower(Person.last_name).like(needle, escape="\\"),
            # An organization a participant typed is not public until an organizer confirms it.
            and_(Organization.is_confirmed.is_(True),
                 Organization.name_key.like(needle, escape="\\")),
        ))
    return query


def public_participants(
    event: Event, filters: PublicFilters | None = None, page: int = 1,
    per_page: int = PUBLIC_PER_PAGE,
) -> PublicListing:
    """Approved participants who agreed to be listed, one page at a time, by category.

    Three queries whatever the event's size (counts by category, the matching total when
    a search narrows it, the page's rows); the search and the paging run in the database.
    """
    filters = filters or PublicFilters()
    by_category, counts = _category_counts(event)
    base = _matching(event, filters)
    if filters.search:
        total = db.session.scalar(
            select(func.count()).select_from(base.with_only_columns(Registration.id).subquery())
        ) or 0
    else:  # the aggregate already knows; no second pass over the event's registrations
        total = (sum(n for c, n in by_category if c.id == filters.category_id)
                 if filters.category_id else counts.listed)
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    rows = db.session.scalars(
        base.options(
            contains_eager(Registration.person),
            contains_eager(Registration.category),
            contains_eager(Registration.organization),
        )
        .order_by(
            StakeholderCategory.sort_order, StakeholderCategory.name,
            func.lower(Person.last_name), func.lower(Person.first_name), Registration.id,
        )
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    groups: list[ParticipantGroup] = []
    for registration in rows:
        if not groups or groups[-1].category.id != registration.category_id:
            groups.append(ParticipantGroup(registration.category, []))
        groups[-1].registrations.append(registration)
    return PublicListing(groups=groups, page=Page(list(rows), total, page, per_page),
                         by_category=by_category, counts=counts)
