"""Organizer back office for the programme, under /organize/.

Views parse the form, call the programme's domain functions and render; every rule and
every message comes from rules.py / service.py / events.py. One blueprint (`bp`, named
"organize") serves all of them; each module below adds its routes to it when imported.
"""

from __future__ import annotations

from eventapp.programme.organize import (
    event_views,
    room_views,
    session_views,
    speaker_views,
    team_views,
    timetable_views,
    version_views,
)
from eventapp.programme.organize.common import bp

__all__ = ["bp", "event_views", "room_views", "session_views", "speaker_views",
           "team_views", "timetable_views", "version_views"]
