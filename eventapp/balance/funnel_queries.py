"""The funnel's two SELECTs: registrations counted at each stage, and check-ins per day.

Each registration is looked at once, with EXISTS subqueries for its check-ins, requests and
heard slots, then counted in groups (category, organization's level and country, invited or
not), so the statements and the rows sent back do not grow with the event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, or_, select

from eventapp.attendance.models import CheckIn
from eventapp.balance.facts import NOT_STATED, FunnelFact, PresenceFact, Scope, SessionInfo
from eventapp.balance.measures import region_for
from eventapp.balance.queries import CategoryRecord, asked_for_the_floor
from eventapp.extensions import db
from eventapp.people.models import Organization
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration

# Requests someone made (or a walk-in the chair gave the floor): planned speakers put on the
# list from the programme did not ask.
ASKING_KINDS = ("request", "walk-in")
# Points of order and replies are recorded on slots of their own roles: no interventions.
INTERJECTION_ROLES = ("point-of-order", "reply")


def _sessions_in_scope(event: Event, scope: Scope,
                       sessions: Sequence[SessionInfo]) -> ColumnElement[bool]:
    """Scheduled sessions of the event, and of the scope when it is not the whole event."""
    condition = and_(Session.event_id == event.id, Session.status == "scheduled")
    if scope.is_whole_event:
        return condition
    ids = [s.id for s in sessions if scope.includes(s.id, s.kind, s.local_day)]
    return and_(condition, Session.id.in_(ids))


def _heard_slot(event: Event, scope: Scope,
                sessions: Sequence[SessionInfo]) -> ColumnElement[bool]:
    return and_(SpeakingSlot.person_id == Registration.person_id,
                or_(SpeakingSlot.actual_seconds.is_not(None), SpeakingSlot.heard_at.is_not(None)),
                SpeakingSlot.role.not_in(INTERJECTION_ROLES),
                _sessions_in_scope(event, scope, sessions))


def _as_int(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def funnel_order(fact: FunnelFact) -> str:
    """One order for funnel facts however they were loaded: heard minutes are added as
    floats, and a sum of floats depends on the order of its terms."""
    return repr(fact)


def _heard_seconds(event: Event, scope: Scope,
                   sessions: Sequence[SessionInfo]) -> ColumnElement[int]:
    return (
        select(func.coalesce(func.sum(case(
            (SpeakingSlot.actual_seconds.is_not(None), SpeakingSlot.actual_seconds),
            else_=func.coalesce(SpeakingSlot.planned_minutes, 0) * 60)), 0))
        .join(Session, Session.id == SpeakingSlot.session_id)
        .where(_heard_slot(event, scope, sessions))
        .scalar_subquery())


HeardKey = tuple[int | None, str | None, str | None, bool]


def load_funnel_facts(event: Event, categories: Sequence[CategoryRecord], scope: Scope,
                      sessions: Sequence[SessionInfo]) -> list[FunnelFact]:
    """One statement: each registration's stages, counted per group, in `funnel_order`."""
    return [fact for _key, fact in load_keyed_funnel_facts(event, categories, scope, sessions)]


def load_keyed_funnel_facts(event: Event, categories: Sequence[CategoryRecord], scope: Scope,
                            sessions: Sequence[SessionInfo], *, with_heard: bool = True,
                            ) -> list[tuple[HeardKey, FunnelFact]]:
    """The funnel's facts in `funnel_order`, each with the group it counts (category id,
    organization's level and country, invited) as `load_heard_facts` names it.

    Without `with_heard`, the stages up to "asked for the floor" only (heard counts 0): what
    follows registrations, check-ins and the floor, not the programme.
    """
    keys = {c.id: c.key for c in categories}
    checked_in = [CheckIn.registration_id == Registration.id, CheckIn.undone_at.is_(None)]
    if scope.day is not None:
        checked_in.append(CheckIn.day == scope.day)
    present = exists(select(CheckIn.id).where(*checked_in))
    asked = asked_for_the_floor(event, Registration.person_id, ASKING_KINDS,
                                _sessions_in_scope(event, scope, sessions))
    if with_heard:
        heard = _as_int(exists(
            select(SpeakingSlot.id).join(Session, Session.id == SpeakingSlot.session_id)
            .where(_heard_slot(event, scope, sessions))))
        seconds: ColumnElement[int] = _heard_seconds(event, scope, sessions)
    else:
        heard = seconds = literal(0)
    each = (
        select(Registration.category_id.label("category_id"),
               Organization.governance_level.label("level"),
               Organization.country.label("country"),
               Registration.is_invited_speaker.label("invited"),
               _as_int(Registration.status == "approved").label("approved"),
               _as_int(present).label("present"), _as_int(asked).label("asked"),
               heard.label("heard"), seconds.label("seconds"))
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .where(Registration.event_id == event.id, Registration.status != "unverified")
        .subquery())
    rows = db.session.execute(
        select(each.c.category_id, each.c.level, each.c.country, each.c.invited,
               func.count(), func.sum(each.c.approved), func.sum(each.c.present),
               func.sum(each.c.asked), func.sum(each.c.heard), func.sum(each.c.seconds))
        .group_by(each.c.category_id, each.c.level, each.c.country, each.c.invited))
    return sorted((((category_id, level, country, bool(invited)), FunnelFact(
        category_key=keys.get(category_id, NOT_STATED), governance_level=level or NOT_STATED,
        region=region_for(country), invited=bool(invited), registered=int(registered),
        approved=int(approved or 0), present=int(present_ or 0),
        asked_for_the_floor=int(asked_ or 0), heard=int(heard_ or 0),
        heard_minutes=int(seconds or 0) / 60))
        for (category_id, level, country, invited, registered, approved, present_, asked_,
             heard_, seconds) in rows), key=lambda keyed: funnel_order(keyed[1]))


def load_heard_facts(event: Event, scope: Scope,
                     sessions: Sequence[SessionInfo]) -> dict[HeardKey, tuple[int, int]]:
    """One statement: registrations heard in the scope and their heard seconds, per group
    (category id, organization's level and country, invited), from the few people heard."""
    heard_people = (
        select(SpeakingSlot.person_id)
        .join(Session, Session.id == SpeakingSlot.session_id)
        .where(or_(SpeakingSlot.actual_seconds.is_not(None), SpeakingSlot.heard_at.is_not(None)),
               SpeakingSlot.role.not_in(INTERJECTION_ROLES),
               _sessions_in_scope(event, scope, sessions)))
    each = (
        select(Registration.category_id.label("category_id"),
               Organization.governance_level.label("level"),
               Organization.country.label("country"),
               Registration.is_invited_speaker.label("invited"),
               _heard_seconds(event, scope, sessions).label("seconds"))
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .where(Registration.event_id == event.id, Registration.status != "unverified",
               Registration.person_id.in_(heard_people))
        .subquery())
    rows = db.session.execute(
        select(each.c.category_id, each.c.level, each.c.country, each.c.invited,
               func.count(), func.sum(each.c.seconds))
        .group_by(each.c.category_id, each.c.level, each.c.country, each.c.invited))
    return {(category_id, level, country, bool(invited)): (int(heard), int(seconds or 0))
            for category_id, level, country, invited, heard, seconds in rows}


def load_presence_facts(event: Event,
                        categories: Sequence[CategoryRecord]) -> list[PresenceFact]:
    """One statement: registrations checked in per event-local day and group."""
    keys = {c.id: c.key for c in categories}
    rows = db.session.execute(
        select(CheckIn.day, Registration.category_id, Organization.governance_level,
               Organization.country, Registration.is_invited_speaker, func.count(CheckIn.id))
        .join(Registration, Registration.id == CheckIn.registration_id)
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .where(CheckIn.event_id == event.id, CheckIn.undone_at.is_(None),
               Registration.status != "unverified")
        .group_by(CheckIn.day, Registration.category_id, Organization.governance_level,
                  Organization.country, Registration.is_invited_speaker))
    return [PresenceFact(day=day if isinstance(day, date) else date.fromisoformat(str(day)),
                         category_key=keys.get(category_id, NOT_STATED),
                         governance_level=level or NOT_STATED, region=region_for(country),
                         invited=bool(invited), present=int(count))
            for day, category_id, level, country, invited, count in rows]
