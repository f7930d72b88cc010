"""What the programme pages show from this package: star buttons and 'Add to calendar' menus.

The agenda body is cached and shared by everyone, so it only carries a marker per session;
the personal star buttons (with this visitor's CSRF token) are put in after the cache.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from flask import render_template, request, url_for
from flask_login import current_user

from eventapp.calendars import ics, queries
from eventapp.calendars.links import calendar_links, subscription_links, webcal_url
from eventapp.links import public_url
from eventapp.programme.models import Event, Session

MARKER_RE = re.compile(r"<!--agenda-star:(\d+)-->")


def _starred(event: Event) -> frozenset[int] | None:
    if not current_user.is_authenticated:
        return None
    return queries.starred_session_ids(current_user.id, event.id)


def fill_agenda_stars(body: str, event: Event) -> str:
    """Replace the markers with this visitor's buttons: one query, one pass over the page."""
    starred = _starred(event)
    if starred is None:
        return MARKER_RE.sub("", body)
    # Render both buttons once with a placeholder id, then stamp ids in: cheap for 300 sessions.
    placeholder = 999999999
    stub = SimpleNamespace(id=placeholder)
    back = request.path
    rendered = {
        flag: render_template(
            "calendars/_star_stub.html", event=event, session=stub, starred=flag,
            next_url=f"{back}#session-{placeholder}",
            described_by=f"session-{placeholder}-title",
        )
        for flag in (False, True)
    }

    def button(match: re.Match) -> str:
        session_id = match.group(1)
        return rendered[int(session_id) in starred].replace(str(placeholder), session_id)

    return MARKER_RE.sub(button, body)


def session_context(event: Event, session: Session) -> dict:
    starred = _starred(event)
    entry = ics.entry_for_session(
        session,
        url=public_url("public.session", slug=event.slug, session_id=session.id),
    )
    return {
        "agenda_starred": None if starred is None else session.id in starred,
        "calendar_links": calendar_links(entry),
        "session_ics_url": url_for(
            "calendars.session_ics", slug=event.slug, session_id=session.id
        ),
    }


def event_context(event: Event) -> dict:
    # The agenda page that carries this is cached for everyone: never the request's Host.
    feed_url = public_url("calendars.event_feed", slug=event.slug)
    return {
        "event_calendar": {
            "ics_url": url_for("calendars.event_feed", slug=event.slug),
            "webcal": webcal_url(feed_url),
            "links": subscription_links(feed_url, event.title),
            "schedule_xml": url_for("calendars.schedule_xml", slug=event.slug),
            "schedule_json": url_for("calendars.schedule_json", slug=event.slug),
        }
    }
