"""What the programme's back-office views share: the blueprint, loaders, form problems.

Every view of `bp` checks for an organizer and loads the URL's event once, before it runs
(see eventapp.programme.event_scope); views take the event from `current_event()`.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_wtf import FlaskForm

from eventapp.extensions import db
from eventapp.programme import queries
from eventapp.programme.event_scope import attach_event_loader
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.rules import Problem
from eventapp.teams.roles import Capability

bp = Blueprint("organize", __name__, url_prefix="/organize")
attach_event_loader(bp, organizer=True, capability=Capability.ORGANIZE)


def _session(event: Event, session_id: int) -> Session:
    return queries.session_of_event_or_404(event, session_id, public=False)


def _slot(session: Session, slot_id: int) -> SpeakingSlot:
    for slot in session.slots:
        if slot.id == slot_id:
            return slot
    abort(404)


def _room(event: Event, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        abort(404)
    return room


def _attach(form: FlaskForm, problems: list[Problem], fields: dict[str, str]) -> None:
    """Put each blocking problem's message on the form field it is about."""
    for problem in problems:
        if problem.is_warning:
            continue
        name = fields.get(problem.field, problem.field)
        field = getattr(form, name, None) or next(iter(form))
        field.errors = [*field.errors, problem.message]


def _split(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    return [p for p in problems if not p.is_warning], [p for p in problems if p.is_warning]
