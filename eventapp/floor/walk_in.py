"""Putting someone on the list on the chair's word: a walk-in, or a planned speaker.

A walk-in is an existing person (chosen from the event's participants) or a name typed in
with an organization and category; typed names go through the same find-or-create helpers
as the imports, so the same person at the same organization is never created twice.
"""

from __future__ import annotations

from flask_babel import gettext as _

from eventapp.extensions import db
from eventapp.floor import chair, queries
from eventapp.floor.forms import WalkInForm
from eventapp.floor.locking import FloorError
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.people.service import find_or_create_organization, find_person
from eventapp.programme.models import SpeakingSlot
from eventapp.request_input import parse_id


def add_walk_in(list_id: int, form: WalkInForm) -> FloorRequest:
    speakers_list = db.session.get(SpeakersList, list_id)
    person_id = parse_id(form.person_id.data)
    role = form.delegation_role.data or "delegate"
    if person_id is not None:
        registration = queries.approved_registration(speakers_list.event_id, person_id)
        if registration is None:
            raise FloorError(_("Choose a participant of this event."))
        person = registration.person
        return chair.add_speaker(
            list_id, person, kind="walk-in",
            organization_id=registration.organization_id,
            category_id=registration.category_id, delegation_role=role,
            registration_id=registration.id)
    person, organization, category = _typed_person(form)
    return chair.add_speaker(
        list_id, person, kind="walk-in",
        organization_id=organization.id if organization else None,
        category_id=category.id, delegation_role=role)


def typed_walk_in_problems(form: WalkInForm) -> dict[str, str]:
    """By field, what add_walk_in would refuse in a typed walk-in (no participant chosen),
    all at once: forms whose other fields were refused still tell these."""
    if parse_id(form.person_id.data) is not None:
        return {}
    problems = {}
    if not form.last_name.data:
        problems["last_name"] = _("Choose a participant, or type the walk-in speaker's last "
                                  "name.")
    if db.session.get(StakeholderCategory, parse_id(form.category_id.data) or 0) is None:
        problems["category_id"] = _("Choose the walk-in speaker's stakeholder category.")
    return problems


def _typed_person(form: WalkInForm) -> tuple[Person, Organization | None, StakeholderCategory]:
    if not form.last_name.data:
        raise FloorError(_("Choose a participant, or type the walk-in speaker's last name."))
    category = db.session.get(StakeholderCategory, parse_id(form.category_id.data) or 0)
    if category is None:
        raise FloorError(_("Choose the walk-in speaker's stakeholder category."))
    organization = None
    if form.organization.data:
        organization = find_or_create_organization(
            form.organization.data, category=category,
            country=(form.country.data or "").upper(),
            governance_level=form.governance_level.data or "national")
        category = organization.category
    first, last = form.first_name.data or "", form.last_name.data
    person = find_person(first, last, organization)
    if person is None:
        person = Person(first_name=first, last_name=last, organization=organization,
                        category=None if organization else category)
        db.session.add(person)
    # Written before the list's lock is taken (it commits first): the person exists even if
    # the walk-in is then refused, and a retry finds them instead of a duplicate.
    db.session.commit()
    return person, organization, category


def add_planned(list_id: int, slot_id: str | None) -> FloorRequest:
    speakers_list = db.session.get(SpeakersList, list_id)
    slot = db.session.get(SpeakingSlot, parse_id(slot_id) or 0)
    if slot is None or slot.session_id != speakers_list.session_id or slot.role == "floor":
        raise FloorError(_("Choose one of the session's planned speakers."))
    person = slot.person
    organization = person.organization
    category = person.effective_category
    return chair.add_speaker(
        list_id, person, kind="planned",
        organization_id=organization.id if organization else None,
        category_id=category.id if category else None, slot_id=slot.id)
