"""Requests for the floor follow the level of representation the organizers accredit.

Registration sits below the floor (docs/LAYERS.md), so it announces a changed level through
`registration.representation.on_level_accredited`; this handler, registered at start-up,
gives the person's waiting requests the new level in the same transaction, and raises their
lists' versions so every screen shows the new protocol order.
"""

from __future__ import annotations

from sqlalchemy import select, update

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList


def follow_accredited_level(registration_id: int, level: str) -> None:
    waiting = (FloorRequest.registration_id == registration_id,
               FloorRequest.kind == "request", FloorRequest.status == "waiting")
    list_ids = set(db.session.scalars(select(FloorRequest.list_id).where(*waiting)))
    if not list_ids:
        return
    db.session.execute(update(FloorRequest).where(*waiting).values(delegation_role=level))
    db.session.execute(
        update(SpeakersList).where(SpeakersList.id.in_(list_ids))
        .values(version=SpeakersList.version + 1, updated_at=utcnow()))
