"""The SELECTs behind the balance pages: a fixed number of queries, aggregated in SQL.

Slots are grouped in the database by every attribute the report needs (session, role,
category, governance level, gender, country), so an event with thousands of slots sends back a
few hundred rows at most and the number of statements never depends on the event's size.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from eventapp.balance.facts import (
    HEARD,
    NOT_STATED,
    PLANNED,
    TIMED,
    Category,
    FloorFact,
    NotReachedRequest,
    SessionInfo,
    SlotFact,
    Target,
    slot_group_fact,
)
from eventapp.balance.measures import normalize_gender, region_for
from eventapp.balance.models import BalanceTarget
from eventapp.extensions import db
from eventapp.floor.models import INTERVENTION_KINDS, FloorRequest, SpeakersList
from eventapp.i18n.content import localized
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration


@dataclass(frozen=True)
class CategoryRecord:
    id: int
    key: str
    name: str
    is_retired: bool = False


@dataclass(frozen=True)
class BalanceData:
    categories: list[CategoryRecord]
    targets: dict[str, Target]
    sessions: list[SessionInfo]
    facts: list[SlotFact]
    registration_counts: dict[str, int]
    floor_facts: list[FloorFact] = field(default_factory=list)

    @property
    def category_list(self) -> list[Category]:
        """Active categories, and retired ones only where this event has data for them."""
        used = {f.category_key for f in self.facts} | set(self.targets) | {
            key for key, n in self.registration_counts.items() if n}
        return [Category(c.key, c.name) for c in self.categories
                if not c.is_retired or c.key in used]

    @property
    def target_categories(self) -> list[CategoryRecord]:
        """Targets are set for active categories; a retired one shows while it has a target."""
        return [c for c in self.categories if not c.is_retired or c.key in self.targets]


def speaker_category_id() -> ColumnElement[int]:
    """A speaker speaks as their organization's category, else as their own."""
    return func.coalesce(Organization.category_id, Person.category_id)


def session_is_run(session_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the session has been run: a list of speakers, a recorded time or a heard mark."""
    other = aliased(SpeakingSlot)
    return or_(
        exists(select(SpeakersList.id).where(SpeakersList.session_id == session_id)),
        exists(select(other.id).where(other.session_id == session_id,
                                      or_(other.actual_seconds.is_not(None),
                                          other.heard_at.is_not(None)))),
    )


def counted_seconds() -> ColumnElement[int]:
    """What was heard: recorded time; else planned time (unknown counts as 0) when the chair
    marked the slot heard or the session has not been run; else nothing."""
    return case(
        (SpeakingSlot.actual_seconds.is_not(None), SpeakingSlot.actual_seconds),
        (or_(SpeakingSlot.heard_at.is_not(None), ~session_is_run(SpeakingSlot.session_id)),
         func.coalesce(SpeakingSlot.planned_minutes, 0) * 60),
        else_=0,
    )


def slot_state() -> ColumnElement[str]:
    return case((SpeakingSlot.actual_seconds.is_not(None), TIMED),
                (SpeakingSlot.heard_at.is_not(None), HEARD), else_=PLANNED)


def overrun_seconds(event_id: ColumnElement[int]) -> tuple[Subquery, ColumnElement[int]]:
    """A timed slot's seconds over its plan; with no planned minutes, over its interventions'
    limits (each intervention counts only the seconds beyond its own limit, never below 0, and
    recorded time no intervention explains has nothing to compare with, so all of it counts).
    """
    limit = func.coalesce(FloorRequest.limit_seconds, SpeakersList.default_limit_seconds)
    per_slot = (
        select(FloorRequest.slot_id.label("slot_id"),
               func.sum(FloorRequest.elapsed_seconds).label("elapsed"),
               func.sum(case((FloorRequest.elapsed_seconds > limit,
                              FloorRequest.elapsed_seconds - limit), else_=0)).label("over"))
        .join(SpeakersList, SpeakersList.id == FloorRequest.list_id)
        .where(FloorRequest.event_id == event_id, FloorRequest.status == "done",
               FloorRequest.slot_id.is_not(None))
        .group_by(FloorRequest.slot_id)
        .subquery()
    )
    planned = func.coalesce(SpeakingSlot.planned_minutes, 0)
    explained = func.coalesce(per_slot.c.elapsed, 0)
    return per_slot, case(
        (SpeakingSlot.actual_seconds.is_(None), 0),
        (planned > 0, SpeakingSlot.actual_seconds - planned * 60),
        else_=func.coalesce(per_slot.c.over, 0) + case(
            (SpeakingSlot.actual_seconds > explained, SpeakingSlot.actual_seconds - explained),
            else_=0),
    )


def asked_for_the_floor(event: Event, person_id: ColumnElement[int], kinds: Sequence[str],
                        in_sessions: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether the person made a request of these kinds on a list of a session matching
    `in_sessions` (a condition on Session): the funnel's "asked for the floor"."""
    return exists(
        select(FloorRequest.id)
        .join(SpeakersList, SpeakersList.id == FloorRequest.list_id)
        .join(Session, Session.id == SpeakersList.session_id)
        .where(FloorRequest.event_id == event.id, FloorRequest.person_id == person_id,
               FloorRequest.kind.in_(kinds), in_sessions))


def load_categories() -> list[CategoryRecord]:
    """Every category, named in the visitor's language (the original where untranslated)."""
    rows = db.session.execute(
        select(StakeholderCategory.id, StakeholderCategory.key, StakeholderCategory.name,
               StakeholderCategory.name_fr, StakeholderCategory.name_es,
               StakeholderCategory.is_retired)
        .order_by(StakeholderCategory.sort_order, StakeholderCategory.name)
    )
    return [CategoryRecord(row.id, row.key, localized(row, "name"), row.is_retired)
            for row in rows]


def load_targets(event: Event, categories: Sequence[CategoryRecord]) -> dict[str, Target]:
    keys = {c.id: c.key for c in categories}
    rows = db.session.scalars(select(BalanceTarget).where(BalanceTarget.event_id == event.id))
    return {
        keys[t.category_id]: Target(t.min_percent, t.max_percent, bool(t.required_on_panels))
        for t in rows if t.category_id in keys
    }


def load_registration_counts(event: Event,
                             categories: Sequence[CategoryRecord]) -> dict[str, int]:
    """Approved participants per category: the audience the speakers are compared with.

    Invited speakers are left out: they are on the programme because they speak, so counting
    them would mostly compare the speakers with themselves.
    """
    keys = {c.id: c.key for c in categories}
    rows = db.session.execute(
        select(Registration.category_id, func.count(Registration.id))
        .where(Registration.event_id == event.id, Registration.status == "approved",
               Registration.is_invited_speaker.is_(False))
        .group_by(Registration.category_id)
    )
    return {keys.get(cid, NOT_STATED): int(count) for cid, count in rows}


def load_sessions(event: Event) -> list[SessionInfo]:
    return [info for info, _version in load_sessions_with_versions(event)]


@lru_cache(maxsize=1)
def _sessions_statement() -> Select:
    # Built once: constructing it (an aliased EXISTS per row) costs more than running it.
    return (
        select(Session.id, Session.title, Session.title_fr, Session.title_es, Session.kind,
               Session.starts_at, session_is_run(Session.id).label("is_run"),
               Session.content_version)
        .where(Session.event_id == bindparam("event_id"), Session.status == "scheduled")
        .order_by(Session.starts_at, Session.id)
    )


def load_sessions_with_versions(event: Event) -> list[tuple[SessionInfo, str | None]]:
    """The scheduled sessions in programme order, each with its own content version (None
    while it is unchanged since a bulk import): one query."""
    zone = event.zone
    rows = db.session.execute(_sessions_statement(), {"event_id": event.id})
    return [(SessionInfo(row.id, localized(row, "title"), row.kind,
                         row.starts_at.astimezone(zone).date(), bool(row.is_run)),
             row.content_version)
            for row in rows]


def fact_order(fact: SlotFact) -> tuple[int, str]:
    """One order for slot facts however they were loaded: the report adds their minutes as
    floats, and a sum of floats depends on the order of its terms."""
    return fact.session_id, repr(fact)


@lru_cache(maxsize=2)
def _facts_statement(some_sessions: bool) -> Select:
    # Built once per variant: constructing it costs more than running it for one session.
    category_id = speaker_category_id()
    state = slot_state()
    per_slot, overrun = overrun_seconds(bindparam("event_id"))
    only = [SpeakingSlot.session_id.in_(bindparam("session_ids", expanding=True))] \
        if some_sessions else []
    return (
        select(
            SpeakingSlot.session_id, SpeakingSlot.role, category_id,
            Organization.governance_level, Person.gender, Organization.country, state,
            func.count(SpeakingSlot.id),
            func.coalesce(func.sum(func.coalesce(SpeakingSlot.planned_minutes, 0)), 0),
            func.coalesce(func.sum(SpeakingSlot.actual_seconds), 0),
            func.coalesce(func.sum(overrun), 0),
        )
        .join(Session, Session.id == SpeakingSlot.session_id)
        .join(Person, Person.id == SpeakingSlot.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .outerjoin(per_slot, per_slot.c.slot_id == SpeakingSlot.id)
        .where(Session.event_id == bindparam("event_id"), Session.status == "scheduled", *only)
        .group_by(SpeakingSlot.session_id, SpeakingSlot.role, category_id,
                  Organization.governance_level, Person.gender, Organization.country, state)
    )


def load_facts(event: Event, categories: Sequence[CategoryRecord],
               sessions: Sequence[SessionInfo],
               session_ids: Collection[int] | None = None) -> list[SlotFact]:
    """Slots grouped by every attribute of the report and by how they ended (timed, heard
    without timing, or planned only); the report's rule is applied in `slot_group_fact`.

    Only those of `session_ids` when given; in `fact_order`."""
    keys = {c.id: c.key for c in categories}
    by_id = {s.id: s for s in sessions}
    parameters: dict[str, object] = {"event_id": event.id}
    if session_ids is not None:
        parameters["session_ids"] = sorted(session_ids)
    rows = db.session.execute(_facts_statement(session_ids is not None), parameters)
    facts = []
    for (session_id, role, cat_id, level, gender, country, slot_state_, slots, planned,
         actual_seconds, overrun_total) in rows:
        info = by_id.get(session_id)
        if info is None:
            continue
        facts.append(slot_group_fact(
            state=slot_state_, session_run=info.is_run, slots=int(slots),
            planned_minutes=float(planned), actual_seconds=int(actual_seconds),
            overrun_seconds=int(overrun_total),
            session_id=session_id, session_kind=info.kind, local_day=info.local_day, role=role,
            category_key=keys.get(cat_id, NOT_STATED) if cat_id is not None else NOT_STATED,
            governance_level=level or NOT_STATED, gender=normalize_gender(gender),
            region=region_for(country),
        ))
    return sorted(facts, key=fact_order)


def load_floor_facts(event: Event, categories: Sequence[CategoryRecord],
                     sessions: Sequence[SessionInfo]) -> list[FloorFact]:
    """Floor requests per session and category (as the person spoke), counted by outcome."""
    keys = {c.id: c.key for c in categories}
    by_id = {s.id: s for s in sessions}
    done = FloorRequest.status == "done"

    def with_status(status: str) -> ColumnElement[int]:
        return func.count(case((FloorRequest.status == status, 1)))

    rows = db.session.execute(
        select(
            SpeakersList.session_id, FloorRequest.category_id,
            func.count(FloorRequest.id), with_status("done"), with_status("not_reached"),
            with_status("skipped"), with_status("removed"), with_status("withdrawn"),
            # A request without a limit of its own was timed against the list's default.
            func.count(case((done & (FloorRequest.elapsed_seconds > func.coalesce(
                FloorRequest.limit_seconds, SpeakersList.default_limit_seconds)), 1))),
        )
        .join(SpeakersList, SpeakersList.id == FloorRequest.list_id)
        # Points of order and replies are no interventions (their slots have roles of their own).
        .where(FloorRequest.event_id == event.id, FloorRequest.kind.in_(INTERVENTION_KINDS))
        .group_by(SpeakersList.session_id, FloorRequest.category_id)
    )
    facts = []
    for (session_id, cat_id, requests, interventions, not_reached, skipped, removed,
         withdrawn, over_limit) in rows:
        info = by_id.get(session_id)
        if info is None:
            continue
        facts.append(FloorFact(
            session_id=session_id, session_kind=info.kind, local_day=info.local_day,
            category_key=keys.get(cat_id, NOT_STATED) if cat_id is not None else NOT_STATED,
            interventions=int(interventions), not_reached=int(not_reached),
            over_limit=int(over_limit), requests=int(requests), skipped=int(skipped),
            removed=int(removed), withdrawn=int(withdrawn),
        ))
    return facts


def load_not_reached(event: Event, categories: Sequence[CategoryRecord],
                     sessions: Sequence[SessionInfo]) -> list[NotReachedRequest]:
    """Names of the requests not reached, for organizers only: one query, in session order."""
    keys = {c.id: c.key for c in categories}
    order = {s.id: index for index, s in enumerate(sessions)}
    rows = db.session.execute(
        select(SpeakersList.session_id, Person.first_name, Person.last_name,
               Organization.name, FloorRequest.category_id, FloorRequest.kind,
               FloorRequest.requested_at, FloorRequest.position, FloorRequest.id)
        .join(SpeakersList, SpeakersList.id == FloorRequest.list_id)
        .join(Person, Person.id == FloorRequest.person_id)
        .outerjoin(Organization, Organization.id == FloorRequest.organization_id)
        .where(FloorRequest.event_id == event.id, FloorRequest.status == "not_reached")
    )
    found = [row for row in rows if row.session_id in order]
    found.sort(key=lambda row: (order[row.session_id], row.position, row.id))
    return [NotReachedRequest(
        session_id=row.session_id,
        name=" ".join(part for part in (row.first_name, row.last_name) if part),
        organization=row.name,
        category_key=keys.get(row.category_id, NOT_STATED) if row.category_id is not None
        else NOT_STATED,
        kind=row.kind, requested_at=row.requested_at) for row in found]


def load_balance_data(event: Event) -> BalanceData:
    """Six queries, whatever the size of the event."""
    categories = load_categories()
    sessions = load_sessions(event)
    return BalanceData(
        categories=categories,
        targets=load_targets(event, categories),
        sessions=sessions,
        facts=load_facts(event, categories, sessions),
        registration_counts=load_registration_counts(event, categories),
        floor_facts=load_floor_facts(event, categories, sessions),
    )


def count_speakers_with_migrant_experience(event: Event) -> int:
    """Distinct people speaking in scheduled sessions who said they have lived migration."""
    return db.session.scalar(
        select(func.count(func.distinct(SpeakingSlot.person_id)))
        .join(Session, Session.id == SpeakingSlot.session_id)
        .join(Person, Person.id == SpeakingSlot.person_id)
        .where(Session.event_id == event.id, Session.status == "scheduled",
               Person.migrant_experience == "yes")
    ) or 0
