"""Public programme pages: published events only."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from markupsafe import Markup

from eventapp.calendars import page_extras
from eventapp.floor.views import session_floor_context
from eventapp.fragment_cache import anonymous_page, render_versioned
from eventapp.programme import queries
from eventapp.versioning import event_stamp, programme_scope

bp = Blueprint("public", __name__)


@bp.get("/")
@bp.get("/events/")
def events():  # noqa: ANN201
    return render_template("programme/events.html", events=queries.published_events())


@bp.get("/events/<slug>/")
def event(slug: str):  # noqa: ANN201
    event = queries.published_event_or_404(slug)
    return render_template("programme/event.html", event=event,
                           **page_extras.event_context(event))


@bp.get("/events/<slug>/agenda")
def agenda(slug: str):  # noqa: ANN201
    stamp = event_stamp(slug)
    if stamp is None or not stamp[1]:
        abort(404)
    return anonymous_page(("agenda", slug), stamp[2], lambda: _render_agenda(slug))


def _render_agenda(slug: str) -> str:
    event = queries.published_event_or_404(slug)

    def days_context() -> dict:
        sessions = queries.agenda_sessions(event)
        return {
            "event": event,
            "days": queries.sessions_by_local_day(event, sessions),
            "first_session": sessions[0] if sessions else None,
        }

    body = render_versioned(
        ("agenda", event.id),
        [programme_scope(event.id)],
        "programme/_agenda_days.html",
        days_context,
    )
    # The shared fragment carries markers; this visitor's star buttons go in here (one query).
    body = page_extras.fill_agenda_stars(body, event)
    # The body is our own rendered, autoescaped template output.
    return render_template("programme/agenda.html", event=event, agenda_body=Markup(body),  # noqa: S704
                           **page_extras.event_context(event))


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int):  # noqa: ANN201
    event = queries.published_event_or_404(slug)
    session = queries.session_of_event_or_404(event, session_id)
    return render_template("programme/session.html", event=event, session=session,
                           **page_extras.session_context(event, session),
                           **session_floor_context(event, session))
