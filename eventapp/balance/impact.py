"""While building a panel: what each speaker does to the event's balance, and who could help.

`compute_panel_impact` is pure; `panel_impact` loads its inputs in a fixed number of queries
(six) so the session editor stays cheap whatever the size of the event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from eventapp.balance.measures import share
from eventapp.balance.metrics import NOT_STATED, NOT_STATED_LABEL, Target
from eventapp.balance.queries import (
    counted_seconds,
    load_categories,
    load_registration_counts,
    load_targets,
    speaker_category_id,
)
from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.programme.models import SPEAKER_ROLE_LABELS, Event, Session, SpeakingSlot
from eventapp.registration.models import Registration

DEFAULT_SLOT_MINUTES = 10.0
PRIORITY_CATEGORIES = 3
SUGGESTIONS_PER_CATEGORY = 3


@dataclass(frozen=True)
class Speaker:
    slot_id: int
    person_id: int
    name: str
    role: str
    category_key: str
    minutes: float


@dataclass(frozen=True)
class Candidate:
    registration_id: int
    person_id: int
    name: str
    category_key: str
    topic: str = ""


@dataclass(frozen=True)
class ShareChange:
    key: str
    label: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class ImpactOption:
    action: str  # "remove" or "add"
    person_id: int
    name: str
    detail: str
    category_key: str
    category_label: str
    minutes: float
    changes: tuple[ShareChange, ...]
    registration_id: int | None = None

    @property
    def own_change(self) -> ShareChange:
        return next(c for c in self.changes if c.key == self.category_key)


@dataclass(frozen=True)
class CategoryStanding:
    key: str
    label: str
    share: float | None
    target_min: float | None
    target_max: float | None
    registration_share: float | None
    gap: float  # how far below its target (or its registration share), as a share; 0 if not


@dataclass(frozen=True)
class PanelImpact:
    standings: list[CategoryStanding]
    priorities: list[CategoryStanding]
    removals: list[ImpactOption]
    additions: list[ImpactOption]
    typical_minutes: float
    total_minutes: float


def _shares(minutes: Mapping[str, float], total: float) -> dict[str, float | None]:
    return {key: share(value, total) for key, value in minutes.items()}


def standings(current: Mapping[str, float], labels: Mapping[str, str],
              targets: Mapping[str, Target],
              registration_counts: Mapping[str, int]) -> list[CategoryStanding]:
    total = sum(current.values())
    registrations = sum(registration_counts.values())
    result = []
    for key, label in labels.items():
        p = share(current.get(key, 0.0), total)
        target = targets.get(key, Target())
        p_reg = share(registration_counts.get(key, 0), registrations)
        # Below target when there is one, else below the category's share of registrations.
        reference = (target.min_percent / 100 if target.min_percent is not None
                     else p_reg or 0.0)
        gap = max(0.0, reference - (p or 0.0))
        result.append(CategoryStanding(key, label, p, target.min_percent, target.max_percent,
                                       p_reg, gap))
    return result


def priority_categories(rows: Sequence[CategoryStanding],
                        limit: int = PRIORITY_CATEGORIES) -> list[CategoryStanding]:
    """The categories furthest below where they should be, worst first."""
    below = [row for row in rows if row.gap > 1e-12 and row.key != NOT_STATED]
    return sorted(below, key=lambda row: (-row.gap, row.label))[:limit]


def compute_panel_impact(
    *,
    base_minutes: Mapping[str, float],
    speakers: Sequence[Speaker],
    candidates: Sequence[Candidate],
    labels: Mapping[str, str],
    targets: Mapping[str, Target],
    registration_counts: Mapping[str, int],
) -> PanelImpact:
    """Event minute shares per category now, without each speaker, and with each candidate.

    `base_minutes` is the event's speaking time per category outside this session; the
    session's current speakers are added to it, so the panel counts even before it is scheduled.
    """
    labels = dict(labels)
    current = dict.fromkeys(labels, 0.0)
    for key, value in base_minutes.items():
        current[key] = current.get(key, 0.0) + value
    for speaker in speakers:
        current[speaker.category_key] = current.get(speaker.category_key, 0.0) + speaker.minutes
    for key in current:
        labels.setdefault(key, str(NOT_STATED_LABEL) if key == NOT_STATED else key)
    total = sum(current.values())
    before = _shares(current, total)

    def option(action: str, key: str, delta: float, **kwargs: object) -> ImpactOption:
        changed = dict(current)
        changed[key] = changed.get(key, 0.0) + delta
        after = _shares(changed, total + delta)
        changes = tuple(ShareChange(k, labels[k], before.get(k), after[k]) for k in changed)
        return ImpactOption(action=action, category_key=key, category_label=labels[key],
                            changes=changes, **kwargs)

    positive = [s.minutes for s in speakers if s.minutes > 0]
    typical = sum(positive) / len(positive) if positive else DEFAULT_SLOT_MINUTES
    removals = [
        option("remove", s.category_key, -s.minutes, person_id=s.person_id, name=s.name,
               detail=str(SPEAKER_ROLE_LABELS.get(s.role, s.role)), minutes=s.minutes)
        for s in speakers
    ]
    on_panel = {s.person_id for s in speakers}
    additions = [
        option("add", c.category_key, typical, person_id=c.person_id, name=c.name,
               detail=c.topic, minutes=typical, registration_id=c.registration_id)
        for c in candidates
        if c.person_id not in on_panel
    ]
    rows = standings(current, labels, targets, registration_counts)
    return PanelImpact(standings=rows, priorities=priority_categories(rows), removals=removals,
                       additions=additions, typical_minutes=typical, total_minutes=total)


# --- Loading -----------------------------------------------------------------------------


def _name(honorific: str, first: str, last: str) -> str:
    return " ".join(part for part in (honorific, first, last) if part)


def _base_minutes(event: Event, session: Session, keys: Mapping[int, str]) -> dict[str, float]:
    category_id = speaker_category_id()
    rows = db.session.execute(
        select(category_id, func.coalesce(func.sum(counted_seconds()), 0))
        .select_from(SpeakingSlot)
        .join(Session, Session.id == SpeakingSlot.session_id)
        .join(Person, Person.id == SpeakingSlot.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Session.event_id == event.id, Session.status == "scheduled",
               Session.id != session.id)
        .group_by(category_id)
    )
    return {keys.get(cid, NOT_STATED): int(seconds) / 60 for cid, seconds in rows}


def _speakers(session: Session, keys: Mapping[int, str]) -> list[Speaker]:
    rows = db.session.execute(
        select(SpeakingSlot.id, SpeakingSlot.person_id, Person.honorific, Person.first_name,
               Person.last_name, SpeakingSlot.role, speaker_category_id(), counted_seconds())
        .join(Person, Person.id == SpeakingSlot.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(SpeakingSlot.session_id == session.id)
        .order_by(SpeakingSlot.position, SpeakingSlot.id)
    )
    return [
        Speaker(slot_id, person_id, _name(hon, first, last), role,
                keys.get(cid, NOT_STATED), int(seconds) / 60)
        for slot_id, person_id, hon, first, last, role, cid, seconds in rows
    ]


def _candidates(event: Event, session: Session, category_ids: Sequence[int],
                keys: Mapping[int, str]) -> list[Candidate]:
    if not category_ids:
        return []
    # At most a few people per category, chosen in the database whatever the event's size.
    rank = func.row_number().over(partition_by=Registration.category_id,
                                  order_by=(Registration.created_at, Registration.id))
    on_panel = select(SpeakingSlot.person_id).where(SpeakingSlot.session_id == session.id)
    inner = (
        select(Registration.id.label("registration_id"), Registration.person_id,
               Registration.category_id, Registration.speaking_topic, Person.honorific,
               Person.first_name, Person.last_name, rank.label("rank"))
        .join(Person, Person.id == Registration.person_id)
        .where(Registration.event_id == event.id, Registration.status == "approved",
               Registration.wishes_to_speak.is_(True),
               Registration.category_id.in_(category_ids),
               Registration.person_id.not_in(on_panel))
        .subquery()
    )
    rows = db.session.execute(select(inner).where(inner.c.rank <= SUGGESTIONS_PER_CATEGORY))
    order = {cid: i for i, cid in enumerate(category_ids)}
    found = sorted(rows, key=lambda r: (order[r.category_id], r.rank))
    return [Candidate(r.registration_id, r.person_id,
                      _name(r.honorific, r.first_name, r.last_name), keys[r.category_id],
                      r.speaking_topic or "")
            for r in found]


def panel_impact(event: Event, session: Session) -> PanelImpact:
    """The balance box of the session editor; six queries whatever the event's size."""
    categories = load_categories()
    keys = {c.id: c.key for c in categories}
    labels = {c.key: c.name for c in categories}
    targets = load_targets(event, categories)
    registration_counts = load_registration_counts(event, categories)
    base = _base_minutes(event, session, keys)
    speakers = _speakers(session, keys)
    # First pass without candidates: it tells which categories need a voice.
    draft = compute_panel_impact(base_minutes=base, speakers=speakers, candidates=(),
                                 labels=labels, targets=targets,
                                 registration_counts=registration_counts)
    ids = {c.key: c.id for c in categories}
    wanted = [ids[row.key] for row in draft.priorities if row.key in ids]
    candidates = _candidates(event, session, wanted, keys)
    return compute_panel_impact(base_minutes=base, speakers=speakers, candidates=candidates,
                                labels=labels, targets=targets,
                                registration_counts=registration_counts)
