"""The SELECTs behind the balance pages: a fixed number of queries, aggregated in SQL.

Slots are grouped in the database by every attribute the report needs (session, role,
category, governance level, gender, country), so an event with thousands of slots sends back a
few hundred rows at most and the number of statements never depends on the event's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Integer, case, func, select

from eventapp.balance.floor_metrics import FloorFact
from eventapp.balance.metrics import (
    NOT_STATED,
    Category,
    SessionInfo,
    SlotFact,
    Target,
    normalize_gender,
    region_for,
)
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


def speaker_category_id():  # noqa: ANN201
    """A speaker speaks as their organization's category, else as their own."""
    return func.coalesce(Organization.category_id, Person.category_id)


def counted_seconds():  # noqa: ANN201
    """Recorded time when the timer recorded it, else planned time (unknown counts as 0)."""
    return case(
        (SpeakingSlot.actual_seconds.is_not(None), SpeakingSlot.actual_seconds),
        else_=func.coalesce(SpeakingSlot.planned_minutes, 0) * 60,
    )


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
    zone = event.zone
    rows = db.session.execute(
        select(Session.id, Session.title, Session.title_fr, Session.title_es, Session.kind,
               Session.starts_at)
        .where(Session.event_id == event.id, Session.status == "scheduled")
        .order_by(Session.starts_at, Session.id)
    )
    return [SessionInfo(row.id, localized(row, "title"), row.kind,
                        row.starts_at.astimezone(zone).date())
            for row in rows]


def load_facts(event: Event, categories: Sequence[CategoryRecord],
               sessions: Sequence[SessionInfo]) -> list[SlotFact]:
    keys = {c.id: c.key for c in categories}
    by_id = {s.id: s for s in sessions}
    category_id = speaker_category_id()
    recorded = func.count(SpeakingSlot.actual_seconds)
    rows = db.session.execute(
        select(
            SpeakingSlot.session_id, SpeakingSlot.role, category_id,
            Organization.governance_level, Person.gender, Organization.country,
            func.count(SpeakingSlot.id),
            func.coalesce(func.sum(func.coalesce(SpeakingSlot.planned_minutes, 0)), 0),
            func.coalesce(func.sum(SpeakingSlot.actual_seconds), 0),
            recorded,
            func.coalesce(func.sum(counted_seconds()), 0).cast(Integer),
            func.coalesce(func.sum(case(
                (SpeakingSlot.actual_seconds.is_not(None),
                 func.coalesce(SpeakingSlot.planned_minutes, 0)),
                else_=0,
            )), 0),
        )
        .join(Session, Session.id == SpeakingSlot.session_id)
        .join(Person, Person.id == SpeakingSlot.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Session.event_id == event.id, Session.status == "scheduled")
        .group_by(SpeakingSlot.session_id, SpeakingSlot.role, category_id,
                  Organization.governance_level, Person.gender, Organization.country)
    )
    facts = []
    for (session_id, role, cat_id, level, gender, country, slots, planned, actual_seconds,
         recorded_count, seconds, recorded_planned) in rows:
        info = by_id.get(session_id)
        if info is None:
            continue
        facts.append(SlotFact(
            session_id=session_id, session_kind=info.kind, local_day=info.local_day, role=role,
            category_key=keys.get(cat_id, NOT_STATED) if cat_id is not None else NOT_STATED,
            governance_level=level or NOT_STATED, gender=normalize_gender(gender),
            region=region_for(country), planned_minutes=float(planned),
            actual_minutes=int(actual_seconds) / 60 if recorded_count else None,
            counted_minutes=int(seconds) / 60, slots=int(slots),
            recorded_slots=int(recorded_count),
            recorded_planned_minutes=float(recorded_planned),
        ))
    return facts


def load_floor_facts(event: Event, categories: Sequence[CategoryRecord],
                     sessions: Sequence[SessionInfo]) -> list[FloorFact]:
    """Floor requests per session and category (as the person spoke), counted by outcome."""
    keys = {c.id: c.key for c in categories}
    by_id = {s.id: s for s in sessions}
    done = FloorRequest.status == "done"
    rows = db.session.execute(
        select(
            SpeakersList.session_id, FloorRequest.category_id,
            func.count(case((done, 1))),
            func.count(case((FloorRequest.status == "not_reached", 1))),
            # A request without a limit of its own was timed against the list's default.
            func.count(case((done & (FloorRequest.elapsed_seconds > func.coalesce(
                FloorRequest.limit_seconds, SpeakersList.default_limit_seconds)), 1))),
        )
        .join(SpeakersList, SpeakersList.id == FloorRequest.list_id)
        # Points of order and replies are no interventions (their slots have roles of their own).
        .where(FloorRequest.event_id == event.id,
               FloorRequest.status.in_(("done", "not_reached")),
               FloorRequest.kind.in_(INTERVENTION_KINDS))
        .group_by(SpeakersList.session_id, FloorRequest.category_id)
    )
    facts = []
    for session_id, cat_id, interventions, not_reached, over_limit in rows:
        info = by_id.get(session_id)
        if info is None:
            continue
        facts.append(FloorFact(
            session_id=session_id, session_kind=info.kind, local_day=info.local_day,
            category_key=keys.get(cat_id, NOT_STATED) if cat_id is not None else NOT_STATED,
            interventions=int(interventions), not_reached=int(not_reached),
            over_limit=int(over_limit),
        ))
    return facts


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
