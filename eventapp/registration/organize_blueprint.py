"""The organizer blueprint of registration, below the modules that add pages to it.

`organize_views` (the list, accreditation, import, settings, merge) and
`organize_organizations` both route on this one blueprint, so every endpoint keeps its
`registration_organize.` name while neither module needs the other's. Every route is for
organizers and names its event: the event loader checks access, then loads the event once
(`current_event()`, see eventapp.programme.event_scope).
"""

from __future__ import annotations

from flask import Blueprint

from eventapp.programme.event_scope import attach_event_loader
from eventapp.teams.roles import Capability

bp = Blueprint("registration_organize", __name__, url_prefix="/organize")
attach_event_loader(bp, organizer=True, capability=Capability.ORGANIZE)
