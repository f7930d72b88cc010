"""What the programme pages show from this package: star buttons and 'Add to calendar' menus.

The agenda body is cached and shared by everyone, so it only carries a marker per session;
the personal star buttons (with this visitor's CSRF token) are put in after the cache.
Links to feeds and exports name the page's language, so that a French visitor subscribes to
the French feed (the body is cached per language, so the links may be too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import SimpleNamespace

from flask import render_template, request, url_for
from flask_wtf.csrf import generate_csrf

from eventapp import fragment_cache
from eventapp.calendars import ics
from eventapp.calendars.links import calendar_links, subscription_links, webcal_url
from eventapp.i18n import DEFAULT_LANGUAGE, current_language
from eventapp.i18n.content import localized
from eventapp.links import public_url
from eventapp.programme.models import Event, Session

MARKER_RE = re.compile(r"<!--agenda-star:(\d+)-->")


def split_at_stars(body: str) -> tuple[bytes, ...]:
    """The shared agenda body cut at its markers, encoded once: text, session id, ..., text."""
    return tuple(part.encode() for part in MARKER_RE.split(body))


def fill_agenda_stars(parts: Sequence[bytes], slug: str, starred: frozenset[int] | None) -> bytes:
    """Join the body back with this visitor's buttons where the markers were.

    `starred` is None for an anonymous visitor (no buttons), else the sessions they starred.
    """
    if starred is None:
        return b"".join(parts[0::2])
    rendered = _star_buttons(slug)
    pieces = [parts[0]]
    for index in range(1, len(parts), 2):
        session_id = parts[index]
        pieces.append(rendered[int(session_id) in starred].replace(_STUB_ID, session_id))
        pieces.append(parts[index + 1])
    return b"".join(pieces)


# The buttons are rendered once per page and language with these in place of the session's
# id and the visitor's CSRF token, and kept; each page stamps its own in. Neither can occur
# in rendered text by chance: the id is longer than any, the token's marker is not escaped text.
_STUB_ID = b"999999999"
_TOKEN_SLOT = b"<!--csrf-token-->"


def _star_buttons(slug: str) -> dict[bool, bytes]:
    token = generate_csrf().encode()
    kept = fragment_cache.cache.get_or_build(
        ("agenda-star-buttons", slug, request.path), lambda: _render_star_buttons(slug, token))
    return {flag: button.replace(_TOKEN_SLOT, token) for flag, button in kept.items()}


def _render_star_buttons(slug: str, token: bytes) -> dict[bool, bytes]:
    event = SimpleNamespace(slug=slug)
    stub = SimpleNamespace(id=int(_STUB_ID))
    back = request.path
    return {
        flag: render_template(
            "calendars/_star_stub.html", event=event, session=stub, starred=flag,
            next_url=f"{back}#session-{stub.id}", described_by=f"session-{stub.id}-title",
        ).encode().replace(token, _TOKEN_SLOT)
        for flag in (False, True)
    }


def session_star(slug: str, session_id: int, starrable: bool, starred: bool | None) -> str:
    """This visitor's star button (or a way to log in) for a session page.

    `starred` is None for an anonymous visitor, else whether they starred the session.
    """
    if not starrable:
        return ""
    event = SimpleNamespace(slug=slug)
    return render_template("calendars/_session_star.html", event=event,
                           session=SimpleNamespace(id=session_id, is_starrable=True),
                           agenda_starred=starred).strip()


def language_args() -> dict[str, str]:
    """`lang=` for links to feeds and exports, unless the page is in English (plain links)."""
    language = current_language()
    return {} if language == DEFAULT_LANGUAGE else {"lang": language}


def session_context(event: Event, session: Session) -> dict:
    """What the shared part of a session page shows from this package: nothing personal."""
    entry = ics.entry_for_session(
        session,
        url=public_url("public.session", slug=event.slug, session_id=session.id),
    )
    return {
        "calendar_links": calendar_links(entry),
        "session_ics_url": url_for(
            "calendars.session_ics", slug=event.slug, session_id=session.id, **language_args()
        ),
    }


def event_context(event: Event) -> dict:
    # The agenda page that carries this is cached for everyone: never the request's Host.
    lang = language_args()
    feed_url = public_url("calendars.event_feed", slug=event.slug, **lang)
    return {
        "event_calendar": {
            "ics_url": url_for("calendars.event_feed", slug=event.slug, **lang),
            "webcal": webcal_url(feed_url),
            "links": subscription_links(feed_url, localized(event, "title")),
            "schedule_xml": url_for("calendars.schedule_xml", slug=event.slug, **lang),
            "schedule_json": url_for("calendars.schedule_json", slug=event.slug, **lang),
        }
    }
