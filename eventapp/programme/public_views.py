"""Public programme pages: published events only."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from eventapp import fragment_cache
from eventapp.calendars import page_extras
from eventapp.fragment_cache import anonymous_page
from eventapp.i18n.content import localized
from eventapp.links import public_base_url
from eventapp.programme import fragments, page_stamps, queries, session_parts
from eventapp.programme.event_scope import attach_event_loader, current_event, event_slug

bp = Blueprint("public", __name__)
# Lazy: the agenda and session pages answer from their stamp; the event row is read only
# when a part of the page is rendered anew.
attach_event_loader(bp, organizer=False, lazy=True, published_only=True)


@bp.get("/")
@bp.get("/events/")
def events() -> ResponseReturnValue:
    return render_template("programme/events.html", events=queries.published_events())


@bp.get("/events/<slug>/")
def event() -> ResponseReturnValue:
    event = current_event()
    return render_template("programme/event.html", event=event,
                           **page_extras.event_context(event))


@bp.get("/events/<slug>/agenda")
def agenda() -> ResponseReturnValue:
    slug = event_slug()
    stamp = page_stamps.agenda_stamp(slug, _visitor_id())
    if stamp is None or not stamp.published:
        abort(404)
    return anonymous_page(("agenda", slug), stamp.versions,
                          lambda: _render_agenda(slug, stamp))


def _visitor_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


_BODY_PLACEHOLDER = "<!--agenda-body-->"
# Where each session's piece goes in the days skeleton. Escaped text never contains "<".
_PIECE_SLOT = "<!--agenda-piece-->"


def _render_agenda(slug: str, stamp: page_stamps.AgendaStamp) -> bytes:
    # The shared part is kept on the stamp's versions (programme, global), cut at its star
    # markers, so each visitor's buttons are joined in without a search.
    versions = stamp.versions
    reusable = versions[0] is not None
    title, parts = fragment_cache.versioned(
        ("agenda", slug, versions), reusable,
        lambda: _agenda_shared(stamp.event_id, reusable))
    body = page_extras.fill_agenda_stars(parts, slug, stamp.starred)
    # The page is rendered around a placeholder and the large body spliced in after: passing
    # it through the template would copy and re-check it several times.
    shell = render_template("programme/agenda.html", page_title=title,
                            agenda_body=Markup(_BODY_PLACEHOLDER))  # noqa: S704
    before, after = shell.split(_BODY_PLACEHOLDER, 1)
    return b"".join((before.encode(), body, after.encode()))


def _agenda_shared(event_id: int, reusable: bool) -> tuple[str, tuple[bytes, ...]]:
    """Title and shared body, from parts each kept on what it shows.

    After a change to one session only that session's piece is rendered: the head is kept
    on the event's own row (its links on the configured origin), the days on the sessions'
    start times, the others' pieces on their versions.
    """
    programme = fragments.session_stamps(event_id, statuses=("scheduled",), agenda_order=True)
    if programme is None:  # deleted since its stamp was read
        abort(404)
    event = programme.event
    head = fragment_cache.versioned(
        ("agenda-head", event.id, event.updated_at, public_base_url()), reusable,
        _agenda_head)
    starts = tuple(stamp.starts_at_utc for stamp in programme.sessions)
    days = fragment_cache.cache.get_or_build(
        ("agenda-days", event.timezone, starts), lambda: _days_skeleton(event, programme))
    pieces = fragments.assemble("agenda", programme, None, _render_agenda_item)
    title = _("Agenda · %(event)s", event=localized(event, "title"))
    return title, _join_pieces(head, days, pieces)


def _agenda_head() -> tuple[bytes, ...]:
    event = current_event()
    return page_extras.split_at_stars(render_template(
        "programme/_agenda_head.html", event=event, **page_extras.event_context(event)))


def _days_skeleton(event: fragments.EventFacts,
                   programme: fragments.ProgrammeStamps) -> tuple[bytes, ...]:
    """The days with a slot per session, cut at the slots: it depends only on when the
    sessions start (which day, how many a day), so it outlives most changes."""
    sessions = programme.sessions
    skeleton = render_template(
        "programme/_agenda_days.html", piece=Markup(_PIECE_SLOT),  # noqa: S704
        event=event, days=queries.sessions_by_local_day(event, sessions),
        first_session=sessions[0] if sessions else None)
    return tuple(part.encode() for part in skeleton.split(_PIECE_SLOT))


def _join_pieces(head: tuple[bytes, ...], between: tuple[bytes, ...],
                 pieces: list) -> tuple[bytes, ...]:
    """Head, days and pieces as the shared part cut at its star markers (text, session id,
    text, ...), without searching the whole page: head and pieces are kept already cut."""
    # The days list the sessions in the order of the stamps, so slot i takes piece i.
    parts = list(head)
    text = [parts.pop(), between[0]]
    for piece, after in zip(pieces, between[1:], strict=True):
        text.append(piece[0])
        for index in range(1, len(piece), 2):
            parts += [b"".join(text), piece[index]]
            text = [piece[index + 1]]
        text.append(after)
    parts.append(b"".join(text))
    return tuple(parts)


def _render_agenda_item(session: fragments.ShownSession) -> tuple[bytes, ...]:
    # Kept cut at its star marker and encoded, ready to join (see _join_pieces).
    return page_extras.split_at_stars(render_template(
        "programme/_agenda_item.html", event=session.event, session=session).strip())


_SESSION_MARKERS = re.compile(r"<!--session-(?:star|floor)-->")


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(session_id: int) -> ResponseReturnValue:
    slug = event_slug()
    stamp = page_stamps.session_page_stamp(slug, session_id, _visitor_id())
    if stamp is None or not stamp.published or stamp.status != "scheduled":
        abort(404)
    # The shared part is kept on what it shows: the session's own version, the event's row
    # and the room's names (see the stamp), so a change to another session leaves it. Its
    # absolute calendar links come from PUBLIC_BASE_URL, never the Host, so nothing a visitor
    # sends can add entries; the star button and the list of speakers are this visitor's.
    version = stamp.programme_version
    key = ("session-page", session_id, stamp.shown, request.path)
    title, starrable, before, middle, after = fragment_cache.versioned(
        key, version is not None, lambda: _session_shared(session_id))
    star = page_extras.session_star(slug, session_id, starrable, stamp.starred)
    parts = "".join(session_parts.part(name).render(slug, session_id)
                    for name in stamp.parts_shown)
    body = before + star + middle + parts + after
    # Our own autoescaped template output, put together around the two markers.
    return render_template("programme/session.html", page_title=title,
                           session_body=Markup(body))  # noqa: S704


def _session_shared(session_id: int) -> tuple[str, bool, str, str, str]:
    event = current_event()
    session = queries.session_of_event_or_404(event, session_id)
    body = render_template("programme/_session_body.html", event=event, session=session,
                           **page_extras.session_context(event, session))
    before, middle, after = _SESSION_MARKERS.split(body)
    title = _("%(session)s · %(event)s", session=localized(session, "title"),
              event=localized(event, "title"))
    return (title, session.is_starrable, before, middle, after)


