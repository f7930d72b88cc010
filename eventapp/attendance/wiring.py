"""What attendance tells the packages below it at start-up (docs/LAYERS.md)."""

from __future__ import annotations

from eventapp.attendance.checkins import absorb_check_ins
from eventapp.attendance.door import door_summary
from eventapp.attendance.models import CheckIn, SessionPresence
from eventapp.programme.editor_boxes import add_session_editor_box
from eventapp.registration.merge import register_absorb_hook
from eventapp.versioning import attendance_scope, event_scopes, register_scopes


def register() -> None:
    # A check-in, or its undoing, changes what the desk dashboard and the balance report's
    # funnel show: the attendance version, never the programme's. A presence in a session
    # changes the floor console's presence marks of a session whose door scans.
    register_scopes(CheckIn, event_scopes(attendance_scope))
    register_scopes(SessionPresence, event_scopes(attendance_scope))
    # The session's organizer page shows its door: the switch and who is present.
    add_session_editor_box("door_box", door_summary)
    # Merging two records of a person combines their registrations: check-ins follow.
    register_absorb_hook(absorb_check_ins)
