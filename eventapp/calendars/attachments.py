"""The event's calendar as an e-mail attachment (registration confirmations)."""

from __future__ import annotations

from eventapp.calendars import ics, queries
from eventapp.db_types import utcnow
from eventapp.links import public_url
from eventapp.programme.models import Event


def _session_url(slug: str, session_id: int) -> str:
    # A mail attachment: never from the request's Host (see eventapp/links.py).
    return public_url("public.session", slug=slug, session_id=session_id)


def event_calendar_attachment(event: Event) -> tuple[str, str, bytes]:
    """(filename, content type, bytes): the published programme, as the feed serves it."""
    _, sessions = queries.event_with_feed_sessions(event.id)
    entries = [ics.entry_for_session(s, url=_session_url(event.slug, s.id)) for s in sessions]
    body = ics.build_calendar(
        entries, reference_year=utcnow().year,
        feed=ics.FeedInfo(name=event.title, zone=event.timezone),
    )
    return ics.safe_filename(event.slug), "text/calendar", body


def event_calendar_attachments(event: Event) -> tuple[tuple[str, str, bytes], ...]:
    """Attachments for a message about this event: none while the event is a draft."""
    return (event_calendar_attachment(event),) if event.is_published else ()
