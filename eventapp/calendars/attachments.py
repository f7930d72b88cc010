"""The event's dates as an e-mail attachment (registration confirmations).

One all-day VEVENT for the event's own dates, whatever the size of its programme: the
programme itself is one subscription away (the link is in the event's description), so a
confirmation costs the same at 5 sessions as at 500 and no mail carries a copy of the
programme that goes stale the moment a session moves. Its text and the feed it links to are
in the current language: build it inside `in_language(...)` for the recipient.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from icalendar import Calendar, vText
from icalendar import Event as VEvent

from eventapp.calendars import ics
from eventapp.calendars.links import webcal_url
from eventapp.calendars.page_extras import language_args
from eventapp.fragment_cache import VersionedCache
from eventapp.i18n.content import localized
from eventapp.links import public_url
from eventapp.programme.models import Event


def programme_feed_url(event: Event) -> str:
    # A mail attachment: never from the request's Host (see eventapp/links.py).
    return public_url("calendars.event_feed", slug=event.slug, **language_args())


def _description(event: Event) -> str:
    subscribe = webcal_url(programme_feed_url(event))
    return "\n".join((
        _("Programme: %(url)s", url=public_url("public.event", slug=event.slug)),
        _("Subscribe to the full programme in your calendar: %(url)s", url=subscribe),
    ))


def event_dates_calendar(event: Event) -> bytes:
    """A VCALENDAR with exactly one all-day VEVENT spanning the event's dates."""
    cal = Calendar()
    cal.add("prodid", ics.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    vevent = VEvent()
    vevent.add("uid", f"event-{event.id}@{ics.UID_DOMAIN}")
    # DTSTAMP follows the event's record rather than the clock: equal events, equal bytes.
    vevent.add("dtstamp", event.updated_at)
    vevent.add("dtstart", event.start_date)
    # All-day DTEND is exclusive (RFC 5545 3.6.1).
    vevent.add("dtend", event.end_date + timedelta(days=1))
    vevent.add("summary", vText(localized(event, "title")))
    place = ", ".join(part for part in (event.venue, event.city) if part)
    if place:
        vevent.add("location", vText(place))
    vevent.add("description", vText(_description(event)))
    vevent.add("url", public_url("public.event", slug=event.slug))
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "TRANSPARENT")  # a multi-day marker, not a block of busy time
    cal.add_component(vevent)
    return cal.to_ical()


def event_calendar_attachment(event: Event) -> tuple[str, str, bytes]:
    """(filename, content type, bytes): the event's dates, with the programme's subscribe link."""
    return ics.safe_filename(event.slug), "text/calendar", event_dates_calendar(event)


# Built once per event row and language, not once per registration: at the opening rush
# every confirmation carries the same attachment (building it costs about 2.5 ms).
_built = VersionedCache(max_entries=256, max_bytes=4 * 1024 * 1024)


def event_calendar_attachments(event: Event) -> tuple[tuple[str, str, bytes], ...]:
    """Attachments for a message about this event: none while the event is a draft."""
    if not event.is_published:
        return ()
    # Every change to the event's row raises updated_at; the address follows the configuration.
    key = (event.id, event.updated_at, public_url("public.event", slug=event.slug))
    return (_built.get_or_build(key, lambda: event_calendar_attachment(event)),)
