"""Public programme pages: published events only."""

from __future__ import annotations

from flask import Blueprint, render_template

from eventapp.programme import queries

bp = Blueprint("public", __name__)


@bp.get("/")
@bp.get("/events/")
def events():  # noqa: ANN201
    return render_template("programme/events.html", events=queries.published_events())


@bp.get("/events/<slug>/")
def event(slug: str):  # noqa: ANN201
    event = queries.published_event_or_404(slug)
    return render_template("programme/event.html", event=event)


@bp.get("/events/<slug>/agenda")
def agenda(slug: str):  # noqa: ANN201
    event = queries.published_event_or_404(slug)
    sessions = queries.agenda_sessions(event)
    return render_template(
        "programme/agenda.html",
        event=event,
        days=queries.sessions_by_local_day(event, sessions),
        first_session=sessions[0] if sessions else None,
    )


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int):  # noqa: ANN201
    event = queries.published_event_or_404(slug)
    session = queries.session_of_event_or_404(event, session_id)
    return render_template("programme/session.html", event=event, session=session)
