"""What attendance tells the packages below it at start-up (docs/LAYERS.md)."""

from __future__ import annotations

from eventapp.attendance.checkins import absorb_check_ins
from eventapp.attendance.models import CheckIn
from eventapp.registration.merge import register_absorb_hook
from eventapp.versioning import attendance_scope, event_scopes, register_scopes


def register() -> None:
    # A check-in, or its undoing, changes what the desk dashboard and the balance report's
    # funnel show: the attendance version, never the programme's.
    register_scopes(CheckIn, event_scopes(attendance_scope))
    # Merging two records of a person combines their registrations: check-ins follow.
    register_absorb_hook(absorb_check_ins)
