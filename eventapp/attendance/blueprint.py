"""The one blueprint of the desk's pages (desk_views) and its dashboard (dashboard_views)."""

from __future__ import annotations

from flask import Blueprint

from eventapp.programme.event_scope import attach_event_loader

# Organizers for now; desk staff (check in, see badge details, nothing else) join with the
# event teams' roles.
bp = Blueprint("desk", __name__, url_prefix="/organize")
attach_event_loader(bp, organizer=True)
