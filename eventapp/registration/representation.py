"""The level of representation: proposed by the participant, accredited by the organizers.

Protocol order on the floor follows the accredited level (``Registration.delegation_role``),
never a level a participant states. When the organizers change it, requests for the floor
still waiting take the new level at once, so a list's protocol order follows the decision;
their lists' versions are raised so every screen shows the new order.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.registration.accreditation import RegistrationError
from eventapp.registration.models import DELEGATION_ROLES, Registration

LEVELS = tuple(key for key, _label in DELEGATION_ROLES)


def accredit_level(registration: Registration, level: str) -> bool:
    """Set the accredited level; whether it changed. Commits."""
    if level not in LEVELS:
        raise RegistrationError(_("Choose a delegation role from the list."))
    if registration.delegation_role == level:
        return False
    registration.delegation_role = level
    waiting = select(FloorRequest.list_id).where(
        FloorRequest.registration_id == registration.id, FloorRequest.kind == "request",
        FloorRequest.status == "waiting")
    list_ids = set(db.session.scalars(waiting))
    if list_ids:
        db.session.execute(
            update(FloorRequest).where(FloorRequest.registration_id == registration.id,
                                       FloorRequest.kind == "request",
                                       FloorRequest.status == "waiting")
            .values(delegation_role=level))
        db.session.execute(
            update(SpeakersList).where(SpeakersList.id.in_(list_ids))
            .values(version=SpeakersList.version + 1, updated_at=utcnow()))
    db.session.commit()
    return True
