"""The one blueprint of the desk's pages (desk_views) and its dashboard (dashboard_views)."""

from __future__ import annotations

from flask import Blueprint

from eventapp.programme.event_scope import attach_event_loader
from eventapp.teams.roles import Capability

# Desk staff check people in and see badge details; revoking a badge and undoing a check-in
# are an organizer's (those views say so with @requires).
bp = Blueprint("desk", __name__, url_prefix="/organize")
attach_event_loader(bp, organizer=True, capability=Capability.CHECK_IN)
