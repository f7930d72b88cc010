"""The desk dashboard: arrivals per hour and category, and who is present, for one day.

The page reads without JavaScript; static/js/desk-dashboard.js polls dashboard.json, which
answers 304 while the event's check-ins and registrations are unchanged (their versions and
the day make the entity tag), and otherwise the body a reload would show.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from eventapp.attendance.blueprint import bp
from eventapp.attendance.checkins import event_day
from eventapp.attendance.dashboard import dashboard_for
from eventapp.db_types import utcnow
from eventapp.i18n import language_etag
from eventapp.programme.event_scope import current_event, requires
from eventapp.programme.models import Event
from eventapp.teams.roles import Capability
from eventapp.versioning import attendance_scope, current_versions, registrations_scope


def _day(event: Event) -> date:
    """The day asked for (?day=YYYY-MM-DD), or today at the event."""
    try:
        return date.fromisoformat(request.args.get("day", "")[:10])
    except ValueError:
        return event_day(event, utcnow())


def _etag(event: Event, day: date) -> str | None:
    versions = current_versions([attendance_scope(event.id), registrations_scope(event.id)])
    if versions is None:
        return None
    return language_etag("desk-" + day.isoformat() + "-" + "-".join(
        version or "" for _, version in versions))


@bp.get("/events/<slug>/check-in/dashboard")
@requires(Capability.CHECK_IN, Capability.ORGANIZE)
def dashboard() -> str:
    event = current_event()
    day = _day(event)
    return render_template("attendance/dashboard.html", event=event,
                           board=dashboard_for(event, day))


@bp.get("/events/<slug>/check-in/dashboard.json")
@requires(Capability.CHECK_IN, Capability.ORGANIZE)
def dashboard_json() -> BaseResponse:
    event = current_event()
    day = _day(event)
    tag = _etag(event, day)
    if tag is not None and tag in request.if_none_match:
        return current_app.response_class(status=304)
    board = dashboard_for(event, day)
    response = current_app.json.response({
        "day": day.isoformat(),
        "html": render_template("attendance/_dashboard_body.html", event=event, board=board),
    })
    if tag is not None:
        response.set_etag(tag)
    return response
