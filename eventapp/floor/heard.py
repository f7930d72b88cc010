"""The chair marks a planned speaker heard without timing them (a chair's own remarks, say).

The mark is an instant on the speaking slot (`heard_at`); in a session that has been run, the
balance report then counts the slot's planned minutes as heard instead of as "planned, not
heard". Marking twice keeps the first instant, and the mark can be taken back. The slot is
named by its id, so no version of the whole list is checked; when the session has a list, the
change is made under the list's lock and raises its version so every chair's console refreshes.
"""

from __future__ import annotations

from flask_babel import gettext as _

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import queries
from eventapp.floor.locking import FloorError, locked_list
from eventapp.programme.models import Session, SpeakingSlot


def markable(slot: SpeakingSlot) -> bool:
    """Planned speakers no clock timed: a timed slot's recorded time counts instead."""
    return slot.actual_seconds is None


def set_heard(session: Session, slot_id: int, *, heard: bool = True) -> SpeakingSlot:
    """Mark the session's slot heard (or take the mark back); doing it twice changes nothing."""
    speakers_list = queries.list_for_session(session.id)
    if speakers_list is None:
        slot = _apply(session.id, slot_id, heard)
        db.session.commit()
        return slot
    with locked_list(speakers_list.id):
        return _apply(session.id, slot_id, heard)


def _apply(session_id: int, slot_id: int, heard: bool) -> SpeakingSlot:
    slot = db.session.get(SpeakingSlot, slot_id)
    if slot is None or slot.session_id != session_id:
        raise FloorError(_("Choose one of the session's planned speakers."))
    if heard and not markable(slot):
        raise FloorError(_("%(name)s was timed: the recorded time counts.",
                           name=slot.person.full_name))
    if heard and slot.heard_at is None:
        slot.heard_at = utcnow()
    elif not heard:
        slot.heard_at = None
    return slot
