"""What the chair does to a list of speakers: every action under the list's lock.

Each action names what it acts on (the request it stops, pauses, gives the floor to, takes
off or moves; for "next", the suggestion the chair saw), so requests and withdrawals by
participants never refuse it; an action already done by another chair raises AlreadyDone
and writes nothing (see floor.locking). Stopping an intervention records its seconds on a
speaking slot of the session, which is what the balance report reads.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventapp.audit.tracking import annotate
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import clock, interjections, queries
from eventapp.floor.locking import AlreadyDone, FloorError, locked_list
from eventapp.floor.models import (
    INTERJECTION_KINDS,
    INTERVENTION_KINDS,
    SCREEN_NEXT_MAX,
    STATUS_LABELS,
    FloorRequest,
    SpeakersList,
)
from eventapp.floor.state import build
from eventapp.people.models import Person
from eventapp.programme.models import Session, SpeakingSlot


def open_list(session: Session, *, policy: str | None = None,
              default_limit_seconds: int | None = None) -> SpeakersList:
    """Open the session's list, creating it the first time (then the policy defaults to
    balanced for interactive dialogues, arrival otherwise)."""
    existing = queries.list_for_session(session.id)
    if existing is None:
        speakers_list = SpeakersList(
            session_id=session.id, event_id=session.event_id, is_open=True,
            policy=policy or ("balanced" if session.kind == "interactive-dialogue"
                              else "arrival"),
            default_limit_seconds=default_limit_seconds or 180,
        )
        db.session.add(speakers_list)
        try:
            db.session.commit()
            return speakers_list
        except IntegrityError:
            # Two organizers opening at once: the unique session_id kept one list.
            db.session.rollback()
            existing = queries.list_for_session(session.id)
            if existing is None:
                raise
    with locked_list(existing.id) as speakers_list:
        speakers_list.is_open = True
        speakers_list.closed_at = None
    return speakers_list


def close_list(list_id: int) -> None:
    """Close: a running intervention is stopped and recorded, the waiting are not reached.

    Closing a closed list changes nothing, so a second chair's close is harmless."""
    with locked_list(list_id) as speakers_list:
        now = utcnow()
        for request in _requests(speakers_list):
            if request.status in ("speaking", "interrupted"):
                _finish(speakers_list, request, now)
            elif request.status == "waiting":
                request.status = "not_reached"
                request.finished_at = now
        if speakers_list.is_open:
            speakers_list.closed_at = now
        speakers_list.is_open = False


def reopen_list(list_id: int) -> None:
    with locked_list(list_id) as speakers_list:
        speakers_list.is_open = True
        speakers_list.closed_at = None


def update_settings(list_id: int, *, policy: str, default_limit_seconds: int,
                    per_category_limit: int | None,
                    per_organization_limit: int | None,
                    screen_next_count: int | None = None,
                    screen_show_previous: bool | None = None,
                    present_only: bool | None = None) -> None:
    """Save the list's rules; the screen's two settings and the presence rule are kept as
    they are when None."""
    with locked_list(list_id) as speakers_list:
        speakers_list.policy = policy
        speakers_list.default_limit_seconds = default_limit_seconds
        speakers_list.per_category_limit = per_category_limit
        speakers_list.per_organization_limit = per_organization_limit
        if screen_next_count is not None:
            speakers_list.screen_next_count = max(0, min(SCREEN_NEXT_MAX, screen_next_count))
        if screen_show_previous is not None:
            speakers_list.screen_show_previous = screen_show_previous
        if present_only is not None:
            speakers_list.present_only = present_only


def give_floor(list_id: int, request_id: int | None = None, *,
               expected_request_id: int | None = None) -> FloorRequest:
    """Give the floor to this request, or ("next") to the suggestion the chair saw.

    ``expected_request_id`` names the suggestion shown on the chair's page: if that person is
    still waiting they get the floor, even if someone who asked since would now come first;
    if not, nothing is done and the chair is told why. Without it, the list's current
    suggestion is called. A speaker still holding the floor is stopped and recorded first.
    """
    with locked_list(list_id) as speakers_list:
        if not speakers_list.is_open:
            raise FloorError(_("The list is closed: reopen it to give the floor."))
        session = db.session.get(Session, speakers_list.session_id)
        state = build(session, speakers_list, with_rows=False)
        interjections.refuse_while_running(state.current)
        named = request_id if request_id is not None else expected_request_id
        if named is None:
            request = state.suggested_first()
            if request is None:
                raise FloorError(_("Nobody is waiting for the floor."))
        else:
            request = next((r for r in state.queue if r.id == named), None)
            if request is None:
                raise _not_waiting(speakers_list, named, as_next=request_id is None)
        now = utcnow()
        if state.current is not None:
            _finish(speakers_list, state.current, now)
            db.session.flush()
        started = clock.start(now)
        request.status = "speaking"
        # Recorded against the list's own suggestion: a queue the chair reordered by hand
        # is the chair's choice even when called with "next". "Next" on the suggestion the
        # chair saw counts as following it, unless the chair's own order was on show
        # (arrival policy), where a newcomer never goes first anyway.
        suggestion = state.suggested_requests[0] if state.suggested_requests else None
        followed = suggestion is not None and suggestion.id == request.id
        if request_id is None and expected_request_id is not None \
                and speakers_list.policy != "arrival":
            followed = True
        request.given_by = "suggestion" if followed else "chair"
        request.limit_seconds = request.limit_seconds or speakers_list.default_limit_seconds
        request.started_at = now
        request.running_since = started.running_since
        request.elapsed_seconds = started.elapsed_seconds
        if followed or suggestion is None:
            annotate(request, "floor given")
        else:
            # The chair chose someone else than the list's suggestion: said so, with whom.
            with db.session.no_autoflush:
                suggested = suggestion.person.full_name
            annotate(request, "floor given out of the suggested order",
                     changes={"suggested": (None, suggested)})
        return request


def pause(list_id: int, request_id: int | None = None) -> FloorRequest:
    """Pause the named speaker's clock (without a name: whoever speaks)."""
    with locked_list(list_id) as speakers_list:
        request = _speaking(speakers_list, request_id)
        if request.running_since is None:
            raise AlreadyDone(_("The clock is already paused."))
        paused = clock.pause(_clock(request), utcnow())
        request.elapsed_seconds, request.running_since = paused.elapsed_seconds, None
        return request


def resume(list_id: int, request_id: int | None = None) -> FloorRequest:
    with locked_list(list_id) as speakers_list:
        request = _speaking(speakers_list, request_id)
        if request.running_since is not None:
            raise AlreadyDone(_("The clock is already running."))
        resumed = clock.resume(_clock(request), utcnow())
        request.running_since = resumed.running_since
        return request


def stop(list_id: int, request_id: int | None = None) -> FloorRequest:
    """Stop the named intervention and record it; stopping it twice records it once."""
    with locked_list(list_id) as speakers_list:
        request = _speaking(speakers_list, request_id)
        _finish(speakers_list, request, utcnow())
        return request


def take_off(list_id: int, request_id: int, status: str) -> None:
    """Skip or remove a waiting request (or the speaker, whose time is then recorded)."""
    if status not in ("skipped", "removed"):
        raise ValueError(status)
    with locked_list(list_id) as speakers_list:
        request = _request(speakers_list, request_id)
        now = utcnow()
        if request.status == "speaking":
            _finish(speakers_list, request, now)
            return
        if request.status == status:
            raise AlreadyDone(_("%(name)s is already off the list.",
                                name=request.person.full_name))
        if request.status != "waiting":
            raise FloorError(_("That person is no longer waiting for the floor."))
        request.status = status
        request.finished_at = now


def move(list_id: int, request_id: int, *, direction: str | None = None,
         to_index: int | None = None) -> None:
    """Reorder the queue: one place up or down, or to an index (drag and drop)."""
    with locked_list(list_id) as speakers_list:
        queue = [r for r in _requests(speakers_list) if r.status == "waiting"]
        request = next((r for r in queue if r.id == request_id), None)
        if request is None:
            raise FloorError(_("That person is no longer waiting for the floor."))
        index = queue.index(request)
        if to_index is None:
            to_index = index - 1 if direction == "up" else index + 1
        to_index = max(0, min(len(queue) - 1, to_index))
        queue.insert(to_index, queue.pop(index))
        if to_index != index:
            annotate(request, "moved", changes={"place in queue": (index + 1, to_index + 1)})
        # Renumber below every other request: finished ones keep their numbers.
        base = min((r.position for r in queue), default=0)
        for offset, item in enumerate(queue):
            item.position = base + offset


def add_speaker(list_id: int, person: Person, *, kind: str,
                organization_id: int | None, category_id: int | None,
                delegation_role: str = "delegate", slot_id: int | None = None,
                registration_id: int | None = None) -> FloorRequest:
    """Put someone in the queue on the chair's word: a walk-in or a planned speaker."""
    with locked_list(list_id) as speakers_list:
        if _active_for(speakers_list, person.id):
            raise FloorError(_("%(name)s is already on the list.", name=person.full_name))
        request = FloorRequest(
            list_id=speakers_list.id, event_id=speakers_list.event_id, person_id=person.id,
            registration_id=registration_id, organization_id=organization_id,
            category_id=category_id, delegation_role=delegation_role, kind=kind,
            status="waiting", position=next_position(speakers_list.id), slot_id=slot_id,
            requested_at=utcnow(),
        )
        db.session.add(request)
        db.session.flush()
        return request


def next_position(list_id: int) -> int:
    return (db.session.scalar(
        select(func.max(FloorRequest.position)).where(FloorRequest.list_id == list_id)
    ) or 0) + 1


# --- inside the lock ---------------------------------------------------------------------


def _requests(speakers_list: SpeakersList) -> list[FloorRequest]:
    return list(db.session.scalars(
        select(FloorRequest).where(FloorRequest.list_id == speakers_list.id)
        .order_by(FloorRequest.position, FloorRequest.id)
    ))


def _request(speakers_list: SpeakersList, request_id: int) -> FloorRequest:
    request = db.session.get(FloorRequest, request_id)
    if request is None or request.list_id != speakers_list.id:
        raise FloorError(_("That request is not on this list."))
    return request


def _active_for(speakers_list: SpeakersList, person_id: int) -> FloorRequest | None:
    return db.session.scalar(
        select(FloorRequest).where(FloorRequest.list_id == speakers_list.id,
                                   FloorRequest.person_id == person_id,
                                   FloorRequest.status.in_(("waiting", "speaking",
                                                            "interrupted")),
                                   FloorRequest.kind.in_(INTERVENTION_KINDS))
    )


def _speaking(speakers_list: SpeakersList, request_id: int | None) -> FloorRequest:
    """The named request if it has the floor; without a name, whoever has it."""
    if request_id is not None:
        request = _request(speakers_list, request_id)
        if request.status == "done":
            raise AlreadyDone(_(
                "%(name)s's intervention is already stopped and recorded (%(time)s).",
                name=request.person.full_name,
                time=clock.format_seconds(request.elapsed_seconds)))
        if request.status != "speaking":
            raise FloorError(_("%(name)s does not have the floor.",
                               name=request.person.full_name))
        return request
    request = db.session.scalar(
        select(FloorRequest).where(FloorRequest.list_id == speakers_list.id,
                                   FloorRequest.status == "speaking")
    )
    if request is None:
        raise FloorError(_("Nobody has the floor."))
    return request


def _not_waiting(speakers_list: SpeakersList, request_id: int, *, as_next: bool) -> FloorError:
    """Why the named person cannot be given the floor: already has it, or left the queue."""
    request = _request(speakers_list, request_id)
    if request.status == "speaking":
        return AlreadyDone(_("%(name)s already has the floor.", name=request.person.full_name))
    if as_next:
        return FloorError(_(
            "%(name)s is no longer waiting (%(status)s), so nobody was given the floor; "
            "here is the current list.", name=request.person.full_name,
            status=str(STATUS_LABELS.get(request.status, request.status))))
    return FloorError(_("That person is no longer waiting for the floor."))


def _clock(request: FloorRequest) -> clock.Clock:
    return clock.Clock(request.elapsed_seconds, request.running_since)


def _finish(speakers_list: SpeakersList, request: FloorRequest, now: datetime) -> None:
    """End the intervention and add its seconds to the person's slot in the session."""
    if request.kind in INTERJECTION_KINDS:
        interjections.finish(speakers_list, request, now)
        return
    seconds = clock.stop(_clock(request), now)
    request.status = "done"
    request.elapsed_seconds = seconds
    request.running_since = None
    request.finished_at = now
    slot = _slot_for(speakers_list, request)
    slot.actual_seconds = (slot.actual_seconds or 0) + seconds
    request.slot = slot


def _slot_for(speakers_list: SpeakersList, request: FloorRequest) -> SpeakingSlot:
    if request.kind == "planned" and request.slot_id is not None:
        slot = db.session.get(SpeakingSlot, request.slot_id)
        if slot is not None:
            return slot
    # One 'floor' slot per person and session (the table's unique rule): a second
    # intervention adds its seconds; the number of interventions comes from the requests.
    slot = db.session.scalar(
        select(SpeakingSlot).where(SpeakingSlot.session_id == speakers_list.session_id,
                                   SpeakingSlot.person_id == request.person_id,
                                   SpeakingSlot.role == "floor")
    )
    if slot is None:
        last = db.session.scalar(
            select(func.max(SpeakingSlot.position))
            .where(SpeakingSlot.session_id == speakers_list.session_id)
        )
        slot = SpeakingSlot(session=db.session.get(Session, speakers_list.session_id),
                            person_id=request.person_id,
                            role="floor", position=(last or 0) + 1, planned_minutes=None)
        db.session.add(slot)
        db.session.flush()
    return slot
