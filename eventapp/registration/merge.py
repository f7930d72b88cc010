"""Merging two records of the same person (an import and a self-registration, say).

The kept record absorbs the other: its registrations, its speaking slots, its account and
whatever details the kept record lacks. When both records are registered for the same
event, one registration survives: the one with the strongest status (approved, then
waitlisted, pending, declined, cancelled; the earlier one on a tie, so nobody loses their
place in the queue), with the invited-speaker flag and the wishes of both combined. A place
freed by dropping a second approved registration goes to the waiting list at once.

Every merge is on the audit trail in its own transaction: one "merged" entry per event the
dropped record took part in (and the event whose page ran the merge), saying which record
went into which and how much moved, and an entry for each registration, speaking slot and
check-in that moved or went. Packages above this one that keep rows per registration
(attendance's check-ins) move them through `register_absorb_hook` before a combined
registration is deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from eventapp.audit.record import Entry, record_many
from eventapp.audit.tracking import annotate
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest
from eventapp.people.models import Person
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.registration.statuses import promote_waitlisted
from eventapp.versioning import bump, programme_scope, session_scope

_STATUS_STRENGTH = {"approved": 0, "waitlisted": 1, "pending": 2, "unverified": 3, "declined": 4,
                    "cancelled": 5}
_FILLED_FIELDS = ("honorific", "first_name", "job_title", "organization_id", "category_id",
                  "gender", "gender_description", "migrant_experience")


class MergeError(ValueError):
    """The two records cannot be merged; the message is for the organizer."""


@dataclass
class MergeResult:
    moved_registrations: int = 0
    combined_registrations: int = 0
    moved_slots: int = 0
    dropped_slots: int = 0
    moved_floor_requests: int = 0
    # What the packages above moved with combined registrations ("check-ins moved": 2).
    moved_elsewhere: Counter[str] = field(default_factory=Counter)
    promoted: list[int] = field(default_factory=list)
    # The events the dropped record took part in, each named on its audit trail.
    events: set[int] = field(default_factory=set)


# (kept registration id, dropped registration id) -> what moved, by name ("check-ins moved").
AbsorbHook = Callable[[int, int], Mapping[str, int]]
_absorb_hooks: list[AbsorbHook] = []


def register_absorb_hook(hook: AbsorbHook) -> None:
    """Called, in the merge's transaction, before a combined registration is deleted, so the
    rows that name it follow the registration that stays (docs/LAYERS.md, registries)."""
    if hook not in _absorb_hooks:
        _absorb_hooks.append(hook)


def _record_label(person: Person) -> str:
    return f"{person.full_name} ({person.id})"


def _survivor(a: Registration, b: Registration) -> tuple[Registration, Registration]:
    def rank(r: Registration) -> tuple:
        return (_STATUS_STRENGTH[r.status], r.created_at, r.id)

    return (a, b) if rank(a) <= rank(b) else (b, a)


def _combine(into: Registration, other: Registration) -> None:
    into.is_invited_speaker = into.is_invited_speaker or other.is_invited_speaker
    if other.wishes_to_speak and not into.wishes_to_speak:
        into.wishes_to_speak = True
        into.speaking_topic = other.speaking_topic
    into.consent_public_list = into.consent_public_list or other.consent_public_list
    into.public_list_asked = into.public_list_asked or other.public_list_asked
    if other.accessibility_needs and other.accessibility_needs not in into.accessibility_needs:
        into.accessibility_needs = "\n".join(
            part for part in (into.accessibility_needs, other.accessibility_needs) if part
        )


def merge_people(keep: Person, drop: Person, *, event_id: int | None = None) -> MergeResult:
    """Fold ``drop`` into ``keep`` and delete ``drop``; commits. ``event_id``: the event whose
    page ran the merge, whose trail names it even if the records had nothing there."""
    if keep.id == drop.id:
        raise MergeError(_("Choose two different records."))
    if keep.user_id and drop.user_id:
        raise MergeError(_(
            "Both records belong to user accounts. Each account must keep its own record; "
            "ask one of the two people to register with the other account instead."
        ))
    result = MergeResult()
    if event_id is not None:
        result.events.add(event_id)
    freed_events: set[int] = set()
    kept_label, dropped_label = _record_label(keep), _record_label(drop)
    try:
        _merge_registrations(keep, drop, result, freed_events)
        _merge_slots(keep, drop, result)
        result.moved_floor_requests = _merge_floor_requests(keep, drop)
        # Unique columns move in two steps: clear on the dropped record first.
        user_id, email = drop.user_id, drop.email
        drop.user_id = None
        drop.email = None
        db.session.flush()
        if keep.user_id is None and user_id is not None:
            keep.user_id = user_id
        if not keep.email and email:
            keep.email = email
        for name in _FILLED_FIELDS:
            if not getattr(keep, name) and getattr(drop, name):
                setattr(keep, name, getattr(drop, name))
        db.session.delete(drop)
        _record_merge(keep.id, keep.full_name, (dropped_label, kept_label), result)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for event_id in sorted(freed_events):
        event = db.session.get(Event, event_id)
        result.promoted.extend(r.id for r in promote_waitlisted(event))
    return result


def _merge_registrations(
    keep: Person, drop: Person, result: MergeResult, freed_events: set[int]
) -> None:
    kept = {r.event_id: r for r in db.session.scalars(
        select(Registration).where(Registration.person_id == keep.id))}
    for registration in db.session.scalars(
        select(Registration).where(Registration.person_id == drop.id)
    ).all():
        result.events.add(registration.event_id)
        other = kept.get(registration.event_id)
        if other is None:
            registration.person_id = keep.id
            # The listener writes the change of person; the action says why.
            annotate(registration, "moved by a merge")
            result.moved_registrations += 1
            continue
        survivor, loser = _survivor(other, registration)
        _combine(survivor, loser)
        if loser.status == "approved" and not loser.is_invited_speaker:
            freed_events.add(loser.event_id)
        for hook in _absorb_hooks:
            result.moved_elsewhere.update(hook(survivor.id, loser.id))
        annotate(loser, "combined by a merge",
                 changes={"kept registration": (None, survivor.id)})
        db.session.delete(loser)
        db.session.flush()
        survivor.person_id = keep.id
        result.combined_registrations += 1
    db.session.flush()


def _merge_slots(keep: Person, drop: Person, result: MergeResult) -> None:
    kept = set(db.session.execute(
        select(SpeakingSlot.session_id, SpeakingSlot.role)
        .where(SpeakingSlot.person_id == keep.id)).all())
    slots = db.session.execute(
        select(SpeakingSlot.id, SpeakingSlot.session_id, SpeakingSlot.role, Session.event_id)
        .join(Session, SpeakingSlot.session_id == Session.id)
        .where(SpeakingSlot.person_id == drop.id)).all()
    duplicates = [slot_id for slot_id, session_id, role, _ in slots if (session_id, role) in kept]
    result.events.update(event_id for *_, event_id in slots)
    # Set-based statements below: the flush listener does not see them, so each turn is
    # recorded here, in the session's history.
    change = {"person": (_record_label(drop), _record_label(keep))}
    record_many([Entry(event_id, "speaker", slot_id, f"{keep.full_name} ({role})",
                       "deleted by a merge" if slot_id in duplicates else "moved by a merge",
                       change, subject=f"session:{session_id}")
                 for slot_id, session_id, role, event_id in slots])
    # Bulk statements bypass the flush hook: the panels they change are named here.
    bump(db.session, {programme_scope(event_id) for *_, event_id in slots}
         | {session_scope(session_id) for _, session_id, _, _ in slots})
    if duplicates:
        # The same turn listed twice: keep the kept record's.
        db.session.execute(delete(SpeakingSlot).where(SpeakingSlot.id.in_(duplicates)))
        result.dropped_slots = len(duplicates)
    moved = db.session.execute(
        update(SpeakingSlot).where(SpeakingSlot.person_id == drop.id)
        .values(person_id=keep.id)
    )
    result.moved_slots = moved.rowcount or 0
    db.session.expire_all()


def _merge_floor_requests(keep: Person, drop: Person) -> int:
    """Requests for the floor follow the person. Where both records are active on one list,
    the waiting one is withdrawn (one active request per person and list)."""
    active = {}
    for request in db.session.scalars(
        select(FloorRequest).where(FloorRequest.person_id.in_((keep.id, drop.id)),
                                   FloorRequest.status.in_(("waiting", "speaking")))
        .order_by(FloorRequest.person_id == drop.id, FloorRequest.id)
    ):
        other = active.setdefault(request.list_id, request)
        if other is not request:
            loser = request if request.status == "waiting" else other
            loser.status = "withdrawn"
    db.session.flush()
    moved = db.session.execute(
        update(FloorRequest).where(FloorRequest.person_id == drop.id)
        .values(person_id=keep.id)).rowcount or 0
    db.session.expire_all()
    return moved


def _record_merge(keep_id: int, label: str, records: tuple[str, str],
                  result: MergeResult) -> None:
    """One "merged" entry on each event's trail: which record went into which, what moved."""
    changes: dict[str, tuple[object, object]] = {"record": records}
    counts = {
        "registrations moved": result.moved_registrations,
        "registrations combined": result.combined_registrations,
        "speaking slots moved": result.moved_slots,
        "speaking slots dropped": result.dropped_slots,
        "requests for the floor moved": result.moved_floor_requests,
        **result.moved_elsewhere,
    }
    changes.update({name: (None, count) for name, count in counts.items() if count})
    record_many([Entry(event_id, "person", keep_id, label, "merged", changes)
                 for event_id in sorted(result.events)]
                or [Entry(None, "person", keep_id, label, "merged", changes)])
