"""The level of representation: proposed by the participant, accredited by the organizers.

Protocol order on the floor follows the accredited level (``Registration.delegation_role``),
never a level a participant states. When the organizers change it, the packages above that
copy the level (the floor's waiting requests) are told in the same transaction through
`on_level_accredited`, which they fill at start-up (docs/LAYERS.md).
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from eventapp.extensions import db
from eventapp.registration.errors import RegistrationError
from eventapp.registration.models import DELEGATION_ROLES, Registration

LEVELS = tuple(key for key, _label in DELEGATION_ROLES)

LevelAccredited = Callable[[int, str], object]
_HANDLERS: dict[str, LevelAccredited] = {}


def on_level_accredited(name: str, handler: LevelAccredited) -> None:
    """Call `handler(registration_id, level)` whenever an accredited level changes; a name
    registered again replaces its handler (each app's start-up registers)."""
    _HANDLERS[name] = handler


def accredit_level(registration: Registration, level: str) -> bool:
    """Set the accredited level; whether it changed. Commits."""
    if level not in LEVELS:
        raise RegistrationError(_("Choose a delegation role from the list."))
    if registration.delegation_role == level:
        return False
    registration.delegation_role = level
    for handler in _HANDLERS.values():
        handler(registration.id, level)
    db.session.commit()
    return True
