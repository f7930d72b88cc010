"""'Add to calendar' links for web calendars: pure functions of one session's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from eventapp.calendars.ics import CalendarEntry

OUTLOOK_COM = "https://outlook.live.com/calendar/0/action/compose"
MICROSOFT_365 = "https://outlook.office.com/calendar/0/action/compose"
GOOGLE = "https://calendar.google.com/calendar/render"
# Web calendars cut long bodies off or reject the URL; the session page has the rest.
MAX_DETAILS = 1000


@dataclass(frozen=True)
class CalendarLinks:
    outlook_com: str
    microsoft_365: str
    google: str


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _google_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _details(entry: CalendarEntry) -> str:
    if len(entry.description) <= MAX_DETAILS:
        return entry.description
    return entry.description[: MAX_DETAILS - len(entry.url) - 3].rstrip() + "…\n\n" + entry.url


def _outlook(base: str, entry: CalendarEntry) -> str:
    query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": entry.title,
            "startdt": _iso_utc(entry.starts_at),
            "enddt": _iso_utc(entry.ends_at),
            "location": entry.location,
            "body": _details(entry),
        }
    )
    return f"{base}?{query}"


def calendar_links(entry: CalendarEntry) -> CalendarLinks:
    google = urlencode(
        {
            "action": "TEMPLATE",
            "text": entry.title,
            "dates": f"{_google_utc(entry.starts_at)}/{_google_utc(entry.ends_at)}",
            "details": _details(entry),
            "location": entry.location,
            "ctz": entry.zone,
        },
        safe="/",  # Google's own links keep the slash in dates and ctz literal
    )
    return CalendarLinks(
        outlook_com=_outlook(OUTLOOK_COM, entry),
        microsoft_365=_outlook(MICROSOFT_365, entry),
        google=f"{GOOGLE}?{google}",
    )


def webcal_url(https_url: str) -> str:
    """The same feed address with the webcal scheme, which opens the subscribe dialog."""
    parts = urlsplit(https_url)
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def subscription_links(feed_url: str, name: str) -> CalendarLinks:
    """Links that subscribe a web calendar to a feed, so it keeps following changes."""
    outlook = urlencode({"url": feed_url, "name": name})
    return CalendarLinks(
        outlook_com=f"https://outlook.live.com/calendar/0/addfromweb?{outlook}",
        microsoft_365=f"https://outlook.office.com/calendar/0/addfromweb?{outlook}",
        google="https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal_url(feed_url)}),
    )
