"""The SELECTs behind the floor pages: a fixed number, whatever the length of the list.

Figures are aggregated in SQL (interventions and seconds per category and organization,
targets, participant shares), so a long list or a large event sends back more rows, never
more statements.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from eventapp.balance.models import BalanceTarget
from eventapp.extensions import db
from eventapp.floor.models import INTERVENTION_KINDS, FloorBudget, FloorRequest, SpeakersList
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event, Session
from eventapp.registration.models import Registration


def list_for_session(session_id: int) -> SpeakersList | None:
    """The session's list, its speaking-time budgets joined in (no query of their own)."""
    return db.session.scalars(
        select(SpeakersList).where(SpeakersList.session_id == session_id)
        .options(joinedload(SpeakersList.budgets).joinedload(FloorBudget.category))
    ).unique().first()


def requests_of(speakers_list: SpeakersList) -> list[FloorRequest]:
    """Every request of the list with person, organization and category (one query)."""
    return list(db.session.scalars(
        select(FloorRequest)
        .where(FloorRequest.list_id == speakers_list.id)
        .options(joinedload(FloorRequest.person), joinedload(FloorRequest.organization),
                 joinedload(FloorRequest.category))
        .order_by(FloorRequest.position, FloorRequest.id)
    ).unique())


def categories_by_id() -> dict[int, StakeholderCategory]:
    return {c.id: c for c in db.session.scalars(select(StakeholderCategory))}


def organization_key(organization_id: int | None, person_id: int) -> str:
    """One voice: the organization, or the person speaking without one."""
    return f"org:{organization_id}" if organization_id is not None else f"person:{person_id}"


@dataclass
class Spoken:
    count: int = 0
    seconds: int = 0

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass
class Tallies:
    """What each category and organization has said: in this session and in the event."""

    session_category: dict[int | None, Spoken] = field(default_factory=dict)
    session_organization: dict[str, Spoken] = field(default_factory=dict)
    event_category: dict[int | None, Spoken] = field(default_factory=dict)
    event_organization: dict[str, Spoken] = field(default_factory=dict)
    # Interventions given so far in this session (done, or speaking now): the ordering input.
    given_category: Counter = field(default_factory=Counter)
    given_organization: Counter = field(default_factory=Counter)


def tallies(speakers_list: SpeakersList) -> Tallies:
    """One grouped query over the event's floor interventions."""
    here = case((FloorRequest.list_id == speakers_list.id, 1), else_=0)
    own = case((FloorRequest.organization_id.is_(None), FloorRequest.person_id), else_=None)
    rows = db.session.execute(
        select(here, FloorRequest.status, FloorRequest.category_id,
               FloorRequest.organization_id, own,
               func.count(FloorRequest.id),
               func.coalesce(func.sum(FloorRequest.elapsed_seconds), 0))
        # Points of order and replies are procedural: no intervention, no budget time.
        .where(FloorRequest.event_id == speakers_list.event_id,
               FloorRequest.status.in_(("done", "speaking", "interrupted")),
               FloorRequest.kind.in_(INTERVENTION_KINDS))
        .group_by(here, FloorRequest.status, FloorRequest.category_id,
                  FloorRequest.organization_id, own)
    )
    result = Tallies()
    for is_here, status, category_id, organization_id, person_id, count, seconds in rows:
        org = organization_key(organization_id, person_id or 0)
        if is_here:
            result.given_category[category_id] += int(count)
            result.given_organization[org] += int(count)
        if status != "done":
            continue
        pairs = [(result.event_category, category_id), (result.event_organization, org)]
        if is_here:
            pairs += [(result.session_category, category_id),
                      (result.session_organization, org)]
        for table, key in pairs:
            spoken = table.setdefault(key, Spoken())
            spoken.count += int(count)
            spoken.seconds += int(seconds)
    return result


@dataclass(frozen=True)
class Targets:
    """Percent per category id, and whether they are the event's targets or participant shares."""

    percents: dict[int, Fraction]
    source: str  # "target" | "participants"


def targets(event_id: int) -> Targets:
    """The event's minimum targets; without any, shares of approved participants who are
    not invited speakers (two queries either way)."""
    set_targets = {
        category_id: Fraction(str(percent))
        for category_id, percent in db.session.execute(
            select(BalanceTarget.category_id, BalanceTarget.min_percent)
            .where(BalanceTarget.event_id == event_id, BalanceTarget.min_percent.is_not(None))
        )
    }
    counts = dict(db.session.execute(
        select(Registration.category_id, func.count(Registration.id))
        .where(Registration.event_id == event_id, Registration.status == "approved",
               Registration.is_invited_speaker.is_(False))
        .group_by(Registration.category_id)
    ).all())
    if set_targets:
        return Targets(set_targets, "target")
    total = sum(counts.values())
    if not total:
        return Targets({}, "participants")
    return Targets({cid: Fraction(int(n) * 100, total) for cid, n in counts.items()},
                   "participants")


def approved_registration(event_id: int, person_id: int) -> Registration | None:
    """The person's approved registration for the event: whom a chair may put on the floor."""
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event_id,
                                   Registration.person_id == person_id,
                                   Registration.status == "approved")
    )


def walk_in_choices(event_id: int) -> list[tuple[int, str]]:
    """Approved participants of the event, for the chair's walk-in picker (one query)."""
    rows = db.session.execute(
        select(Person.id, Person.first_name, Person.last_name, Organization.name)
        .join(Registration, Registration.person_id == Person.id)
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .where(Registration.event_id == event_id, Registration.status == "approved")
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    return [(pid, " ".join(p for p in (first, last) if p) + (f" ({org})" if org else ""))
            for pid, first, last, org in rows]


def screen_stamp(slug: str, session_id: int) -> tuple | None:
    """(published, session status, list id, version, list opened at) in ONE query: the 304 path."""
    row = db.session.execute(
        select(Event.is_published, Session.status, SpeakersList.id, SpeakersList.version,
               SpeakersList.opened_at)
        .join(Session, Session.event_id == Event.id)
        .outerjoin(SpeakersList, SpeakersList.session_id == Session.id)
        .where(Event.slug == slug, Session.id == session_id)
    ).first()
    return tuple(row) if row is not None else None
