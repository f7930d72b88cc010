"""Participant-side rules: a user's person record, their details, their registrations."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

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
from eventapp.registration.accreditation import DELEGATION_ROLE_KEYS, RegistrationError
from eventapp.registration.models import Registration

ACTIVE_STATUSES = ("pending", "approved", "waitlisted")
_MIGRANT_KEYS = {key for key, _ in MIGRANT_EXPERIENCE_CHOICES}


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


def _email_owner(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(func.lower(Person.email) == email.lower()))


def save_person_details(user: User, details: PersonDetails) -> Person:
    """Create the user's person on first registration, or update it. Flushes, no commit.

    A new person never takes over an existing record that has the same email: without a
    verified address that would hand someone else's registrations to whoever typed it.
    The new record then keeps no contact email (mail goes to the account address) and the
    organizers can merge the two records.
    """
    if details.gender is not None and details.gender not in GENDER_LABELS:
        raise RegistrationError("Choose one of the listed answers for gender.")
    if details.migrant_experience is not None and details.migrant_experience not in _MIGRANT_KEYS:
        raise RegistrationError("Choose one of the listed answers for lived experience.")
    email = details.email.strip().lower()
    person = person_for_user(user)
    owner = _email_owner(email) if email else None
    if person is None:
        person = Person(user_id=user.id, email=email if owner is None else None, last_name="")
        db.session.add(person)
    elif owner is not None and owner.id != person.id:
        raise RegistrationError(
            "This email address belongs to another participant record. Use another address, "
            "or write to the organizers to have the records merged."
        )
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
            raise RegistrationError("Give the new organization's name and two-letter country.")
        if new_level not in GOVERNANCE_LEVELS:
            raise RegistrationError("Choose a governance level from the list.")
        return find_or_create_organization(
            new_name, category=category, country=new_country.strip().upper(),
            governance_level=new_level, confirmed=False,
        )
    organization = db.session.get(Organization, int(choice)) if choice.isdigit() else None
    if organization is None or not organizations.may_choose(organization, person):
        raise RegistrationError("Choose an organization from the list.")
    return organization


def update_registration_details(registration: Registration, details: RegistrationDetails) -> None:
    """Change what the participant may change; status and places are not touched."""
    if details.delegation_role not in DELEGATION_ROLE_KEYS:
        raise RegistrationError("Choose a delegation role from the list.")
    registration.delegation_role = details.delegation_role
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
    """The user's registrations with their event, category and organization; one query."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(Registration.person)
            .join(Registration.event)
            .where(Person.user_id == user.id)
            .options(
                contains_eager(Registration.event),
                selectinload(Registration.category),
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


def public_participants(event: Event) -> tuple[list[ParticipantGroup], ListingCounts]:
    """Approved participants who agreed to be listed, by category; and the counts behind it."""
    listed = db.session.scalars(
        select(Registration)
        .join(Registration.person)
        .join(Registration.category)
        .where(
            Registration.event_id == event.id,
            Registration.status == "approved",
            Registration.consent_public_list.is_(True),
        )
        .options(
            contains_eager(Registration.person),
            contains_eager(Registration.category),
            selectinload(Registration.organization),
        )
        .order_by(
            StakeholderCategory.sort_order, StakeholderCategory.name,
            func.lower(Person.last_name), func.lower(Person.first_name), Registration.id,
        )
    ).all()
    # Consent implies the question was put, whatever the record says.
    asked = or_(Registration.public_list_asked.is_(True),
                Registration.consent_public_list.is_(True))
    n_listed, n_asked, n_all = db.session.execute(
        select(
            func.count(case((Registration.consent_public_list.is_(True), 1))),
            func.count(case((asked, 1))),
            func.count(Registration.id),
        ).where(Registration.event_id == event.id, Registration.status == "approved")
    ).one()
    groups: list[ParticipantGroup] = []
    for registration in listed:
        if not groups or groups[-1].category.id != registration.category_id:
            groups.append(ParticipantGroup(registration.category, []))
        groups[-1].registrations.append(registration)
    return groups, ListingCounts(listed=n_listed, asked=n_asked, not_asked=n_all - n_asked)
