"""An event's calendar feed, assembled from one cached VEVENT per session.

After a change to one session only its VEVENT is serialised again: serialisation and line
folding are most of the cost of a feed.
"""

from __future__ import annotations

from collections.abc import Callable

from eventapp.calendars import ics
from eventapp.i18n.content import localized
from eventapp.programme import fragments


def build_event_feed(event_id: int, reference_year: int,
                     session_url: Callable[[str, int], str], host: str) -> bytes | None:
    """Every session of the event (cancelled and deleted too: feeds announce them).

    `host` is the configured origin of the absolute links in the body (never the request's
    Host): pieces built under another PUBLIC_BASE_URL differ. None if there is no such event.
    """
    programme = fragments.session_stamps(event_id, statuses=None, agenda_order=False)
    if programme is None:  # deleted since its stamp was read
        return None

    def render(session: fragments.ShownSession) -> bytes:
        entry = ics.entry_for_session(session, url=session_url(session.event.slug, session.id))
        return ics.vevent_bytes(entry)

    vevents = fragments.assemble("vevent", programme, host, render)
    event = programme.event
    feed = ics.FeedInfo(name=localized(event, "title"), zone=event.timezone)
    zones = {event.timezone} if programme.sessions else set()
    return ics.assemble_calendar(vevents, zones, reference_year=reference_year, feed=feed)
