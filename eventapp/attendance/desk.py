"""The desk's answer to a scan, a typed code, a registration number or a name search.

Views stay thin: `answer_code` and `answer_registration` decide whether the person may enter
(badge_codes), record the check-in (checkins) and return what the desk shows in large type.
A session's door gives the same answers with its own recorder (door.py), which records the
presence in the session instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from eventapp.attendance.badge_codes import (
    FORGED,
    OTHER_EVENT,
    REVOKED,
    BadgeLookup,
    registration_lookup,
    resolve_badge_code,
)
from eventapp.attendance.checkins import check_in, event_day
from eventapp.attendance.models import CheckIn
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.i18n.formatting import local_time
from eventapp.people.models import Person
from eventapp.programme.models import Event
from eventapp.registration.models import Registration
from eventapp.registration.queries import name_matches
from eventapp.search_key import fold

UNKNOWN = "unknown"
SEARCH_LIMIT = 20
CODE_MAX = 200

CHECKED_IN = "checked_in"
ALREADY = "already"
REFUSED = "refused"


@dataclass(frozen=True)
class DeskAnswer:
    """What the desk shows: checked in, already checked in (when, where) or refused (why).

    Plain values, read before the commit: the answer is rendered without loading anything
    again.
    """

    outcome: str
    registration_id: int | None = None
    name: str = ""
    organization: str = ""
    category: str = ""
    at: str = ""  # the check-in's local time, when already checked in
    desk: str = ""
    refusal: str | None = None
    other_event_title: str | None = None
    of_this_event: bool = True

    @property
    def reason(self) -> str:
        return refusal_text(self.refusal, self.other_event_title) if self.refusal else ""


def refusal_text(refusal: str, other_event_title: str | None = None) -> str:
    """Why the person may not enter, in the desk's words."""
    if refusal == OTHER_EVENT:
        return _("This badge is for another event: %(title)s.", title=other_event_title or "")
    texts = {
        FORGED: _("This code is not a valid badge of this app: forged, damaged or misread."),
        REVOKED: _("This badge was revoked (reported lost or replaced). Check an identity "
                   "document; an organizer can issue a new badge."),
        UNKNOWN: _("No registration with this number at this event."),
        "pending": _("The registration is still pending: not accredited yet."),
        "declined": _("The registration was declined."),
        "waitlisted": _("The registration is on the waiting list: not accredited."),
        "cancelled": _("The registration was cancelled."),
        "unverified": _("The e-mail address of the registration is not confirmed: not "
                        "accredited."),
    }
    return texts.get(refusal, _("Refused."))


def _who(event: Event, registration: Registration) -> dict:
    organization = registration.organization
    return {"registration_id": registration.id, "name": registration.person.display_name,
            "organization": organization.name if organization is not None else "",
            "category": localized(registration.category, "name"),
            "of_this_event": registration.event_id == event.id}


@dataclass(frozen=True)
class Recorded:
    """What a desk or a door recorded for an accepted person: whether this scan recorded
    it, and the record that stands (when, at which desk)."""

    recorded: bool
    at: datetime
    desk: str


# Records an accepted registration (a check-in at the desk, a presence at a session's door).
Recorder = Callable[[Registration], Recorded]


def desk_recorder(event: Event, *, desk: str, user_id: int | None) -> Recorder:
    """The desk's recorder: the day's check-in."""
    def record(registration: Registration) -> Recorded:
        result = check_in(event, registration, desk=desk, user_id=user_id)
        return Recorded(result.recorded, result.checked_in_at, result.desk)
    return record


def _answer(event: Event, lookup: BadgeLookup, recorder: Recorder) -> DeskAnswer:
    registration = lookup.registration
    if not lookup.accepted or registration is None:
        if registration is None:
            return DeskAnswer(REFUSED, refusal=lookup.refusal or FORGED)
        other_title = registration.event.title if lookup.refusal == OTHER_EVENT else None
        return DeskAnswer(REFUSED, refusal=lookup.refusal, other_event_title=other_title,
                          **_who(event, registration))
    who = _who(event, registration)
    result = recorder(registration)
    answer = DeskAnswer(CHECKED_IN if result.recorded else ALREADY,
                        at=local_time(result.at, event.zone), desk=result.desk, **who)
    db.session.commit()
    return answer


def answer_code(event: Event, code: str, *, desk: str, user_id: int | None,
                recorder: Recorder | None = None) -> DeskAnswer:
    """Check in the holder of a scanned or typed badge code (or record them with
    `recorder`), or say why not; commits what it records."""
    recorder = recorder or desk_recorder(event, desk=desk, user_id=user_id)
    return _answer(event, resolve_badge_code(event, code[:CODE_MAX]), recorder)


def answer_registration(event: Event, registration_id: int, *, desk: str,
                        user_id: int | None, recorder: Recorder | None = None) -> DeskAnswer:
    """Check in a registration found by number or name (no badge at hand), or record it
    with `recorder`; commits."""
    registration = registration_of_event(event, registration_id)
    if registration is None:
        return DeskAnswer(REFUSED, refusal=UNKNOWN)
    recorder = recorder or desk_recorder(event, desk=desk, user_id=user_id)
    return _answer(event, registration_lookup(registration), recorder)


def registration_of_event(event: Event, registration_id: int) -> Registration | None:
    """The event's registration with its person, organization and category (one query)."""
    return db.session.scalar(
        select(Registration).where(Registration.id == registration_id,
                                   Registration.event_id == event.id)
        .options(joinedload(Registration.person), joinedload(Registration.organization),
                 joinedload(Registration.category)))


@dataclass(frozen=True)
class SearchHit:
    registration: Registration
    check_in: CheckIn | None

    @property
    def at(self) -> datetime | None:
        """When the person was checked in today, if they were."""
        return self.check_in.checked_in_at if self.check_in is not None else None


def search(event: Event, text: str, *, day: date | None = None) -> list[SearchHit]:
    """Registrations of the event whose person or organization matches, with today's
    check-in; three queries at any size."""
    registrations = find_registrations(event, text)
    day = day or event_day(event, utcnow())
    ids = [r.id for r in registrations]
    check_ins = {c.registration_id: c for c in db.session.scalars(
        select(CheckIn).where(CheckIn.registration_id.in_(ids), CheckIn.day == day,
                              CheckIn.undone_at.is_(None)))} if ids else {}
    return [SearchHit(r, check_ins.get(r.id)) for r in registrations]


def find_registrations(event: Event, text: str) -> list[Registration]:
    """Registrations of the event whose person or organization matches the words, accents
    and case aside (registration.queries.name_matches), by name; two queries at any size
    (the registrations, their categories)."""
    if not fold(text[:100]):
        return []
    registrations = db.session.scalars(
        select(Registration)
        .join(Registration.person).outerjoin(Registration.organization)
        .where(Registration.event_id == event.id, name_matches(text))
        .options(contains_eager(Registration.person),
                 contains_eager(Registration.organization),
                 selectinload(Registration.category))
        .order_by(func.lower(Person.last_name), func.lower(Person.first_name), Registration.id)
        .limit(SEARCH_LIMIT)).unique().all()
    return list(registrations)
