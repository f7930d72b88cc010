"""Points of order and rights of reply: given by the chair, they pause the speaker.

The speaker holding the floor becomes 'interrupted' with their clock stopped where it was;
the point of order (kind 'order') or reply (kind 'reply') takes the floor with a clock of its
own, so the screen, pause and resume treat it like any speaker. When it ends (the chair's
"end", or "stop", or closing the list) its seconds go on a slot of their own role
('point-of-order' / 'reply'), never on the speaker's, and the speaker's clock runs again
from the seconds they had.

Each action names its intent instead of the list's version: "a point of order while request
X speaks", "end interjection Y". A second chair pressing the same button finds the floor
changed and writes nothing.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import clock, queries
from eventapp.floor.locking import FloorError, locked_list
from eventapp.floor.models import INTERJECTION_KINDS, FloorRequest, SpeakersList
from eventapp.programme.models import Session, SpeakingSlot

KIND_LABELS = {"order": _l("Point of order"), "reply": _l("Right of reply")}
SLOT_ROLES = {"order": "point-of-order", "reply": "reply"}


def interject(list_id: int, *, kind: str, person_id: int, speaker_request_id: int | None,
              now: datetime | None = None) -> FloorRequest:
    """Give a participant a point of order or a reply while ``speaker_request_id`` speaks
    (None: while nobody has the floor)."""
    if kind not in INTERJECTION_KINDS:
        raise FloorError(_("Choose a point of order or a right of reply."))
    now = now if now is not None else utcnow()
    with locked_list(list_id) as speakers_list:
        if not speakers_list.is_open:
            raise FloorError(_("The list is closed: reopen it to give the floor."))
        registration = queries.approved_registration(speakers_list.event_id, person_id)
        if registration is None:
            raise FloorError(_("Choose a participant of this event."))
        speaker = _holding(speakers_list)
        if speaker is not None and speaker.kind in INTERJECTION_KINDS:
            raise FloorError(_("A point of order or reply already has the floor: end it "
                               "first."))
        if (speaker.id if speaker is not None else None) != speaker_request_id:
            raise FloorError(_("The floor changed since this page was loaded, so nothing "
                               "was done; here is the current state."))
        if speaker is not None and speaker.person_id == person_id:
            raise FloorError(_("%(name)s has the floor already.",
                               name=registration.person.full_name))
        if speaker is not None:
            paused = clock.pause(clock.Clock(speaker.elapsed_seconds, speaker.running_since),
                                 now)
            speaker.elapsed_seconds, speaker.running_since = paused.elapsed_seconds, None
            speaker.status = "interrupted"
            # The one-speaker index: the speaker leaves 'speaking' before anyone takes it.
            db.session.flush()
        interjection = FloorRequest(
            list_id=speakers_list.id, event_id=speakers_list.event_id, person_id=person_id,
            registration_id=registration.id, organization_id=registration.organization_id,
            category_id=registration.category_id,
            delegation_role=registration.delegation_role or "delegate", kind=kind,
            status="speaking", position=_next_position(speakers_list.id), requested_at=now,
            given_by="chair", started_at=now, running_since=now, elapsed_seconds=0,
            interrupts_id=speaker.id if speaker is not None else None,
        )
        db.session.add(interjection)
        db.session.flush()
        return interjection


def end(list_id: int, interjection_id: int, now: datetime | None = None) -> FloorRequest:
    """End this point of order or reply; ending one already ended says so and does nothing."""
    now = now if now is not None else utcnow()
    with locked_list(list_id) as speakers_list:
        interjection = db.session.get(FloorRequest, interjection_id)
        if (interjection is None or interjection.list_id != speakers_list.id
                or interjection.kind not in INTERJECTION_KINDS):
            raise FloorError(_("That point of order or reply is not on this list."))
        if interjection.status != "speaking":
            raise FloorError(_("That point of order or reply has already ended."))
        finish(speakers_list, interjection, now)
        return interjection


def refuse_while_running(current: FloorRequest | None) -> None:
    """Giving the floor to the next speaker waits until the interjection ends."""
    if current is not None and current.kind in INTERJECTION_KINDS:
        raise FloorError(_("A point of order or reply has the floor: end it first."))


def finish(speakers_list: SpeakersList, interjection: FloorRequest, now: datetime) -> None:
    """Record the interjection on its own slot and give the floor back to the speaker."""
    seconds = clock.stop(clock.Clock(interjection.elapsed_seconds, interjection.running_since),
                         now)
    interjection.status = "done"
    interjection.elapsed_seconds = seconds
    interjection.running_since = None
    interjection.finished_at = now
    slot = _slot(speakers_list, interjection)
    slot.actual_seconds = (slot.actual_seconds or 0) + seconds
    interjection.slot = slot
    db.session.flush()
    speaker = db.session.get(FloorRequest, interjection.interrupts_id) \
        if interjection.interrupts_id is not None else None
    if speaker is not None and speaker.status == "interrupted":
        # The speaker's seconds are as they were paused; their clock runs again from now.
        speaker.status = "speaking"
        speaker.running_since = now
        db.session.flush()


def _holding(speakers_list: SpeakersList) -> FloorRequest | None:
    return db.session.scalar(
        select(FloorRequest).where(FloorRequest.list_id == speakers_list.id,
                                   FloorRequest.status == "speaking"))


def _next_position(list_id: int) -> int:
    return (db.session.scalar(
        select(func.max(FloorRequest.position)).where(FloorRequest.list_id == list_id)
    ) or 0) + 1


def _slot(speakers_list: SpeakersList, interjection: FloorRequest) -> SpeakingSlot:
    """One slot per person, session and role (the table's unique rule); seconds add up."""
    role = SLOT_ROLES[interjection.kind]
    slot = db.session.scalar(
        select(SpeakingSlot).where(SpeakingSlot.session_id == speakers_list.session_id,
                                   SpeakingSlot.person_id == interjection.person_id,
                                   SpeakingSlot.role == role))
    if slot is None:
        last = db.session.scalar(select(func.max(SpeakingSlot.position))
                                 .where(SpeakingSlot.session_id == speakers_list.session_id))
        slot = SpeakingSlot(session=db.session.get(Session, speakers_list.session_id),
                            person_id=interjection.person_id, role=role,
                            position=(last or 0) + 1, planned_minutes=None)
        db.session.add(slot)
        db.session.flush()
    return slot
