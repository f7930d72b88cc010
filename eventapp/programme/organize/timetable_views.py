"""The timetable editor: one day of the programme as a grid, and moves made on it.

The page is a plain table that reads without scripts; static/js/timetable.js adds the
dragging and the keyboard. A move answers JSON with the message and the moved session's
block drawn for the page's rows and rooms, which the script puts in place; when the block
cannot be drawn so (see timetable.moved_block), or the move was refused, the answer
carries the whole grid instead, so the page always shows what the server holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import abort, get_template_attribute, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from eventapp import fragment_cache
from eventapp.i18n import current_language
from eventapp.i18n.formatting import short_date
from eventapp.programme import service
from eventapp.programme.event_scope import current_event, event_slug
from eventapp.programme.grid_moves import (
    MoveOutcome,
    MoveRequest,
    move_session,
    preview_move,
    version_of,
)
from eventapp.programme.models import SESSION_KIND_LABELS, Event
from eventapp.programme.organize.common import bp
from eventapp.programme.timetable import (
    Block,
    Grid,
    build_grid,
    moved_block,
    parse_step,
    timetable_entries,
)
from eventapp.versioning import current_versions, programme_scope


def _day(event: Event, value: str | None) -> date:
    """The asked day, or the event's first; a day outside the event's listed days is 404."""
    if not value:
        return event.start_date
    try:
        day = date.fromisoformat(value)
    except ValueError:
        abort(404)
    if not event.start_date <= day <= event.end_date:
        abort(404)
    return day


def _grid(event: Event, day: date, step: int) -> Grid:
    return build_grid(day=day, step=step, zone=event.zone, start=event.start_date,
                      end=event.end_date, rooms=service.event_rooms(event),
                      sessions=timetable_entries(event.id))


class _Labels:
    """A block's kind and speakers' count, translated once per page rather than per block."""

    def __init__(self) -> None:
        self._kinds: dict[str, str] = {}
        self._speakers: dict[int, str] = {}

    def kind(self, kind: str) -> str:
        if kind not in self._kinds:
            self._kinds[kind] = str(SESSION_KIND_LABELS.get(kind, kind))
        return self._kinds[kind]

    def speakers(self, count: int) -> str:
        if count not in self._speakers:
            self._speakers[count] = ngettext("%(num)d speaker", "%(num)d speakers", count)
        return self._speakers[count]


class _Blocks:
    """Draws the blocks of one grid, each kept on everything it shows, so a move renders
    only the blocks it changed."""

    def __init__(self, slug: str, zone: ZoneInfo) -> None:
        self.slug, self.zone, self.labels = slug, zone, _Labels()
        # One address built, the others by substitution: url_for per block cost more than
        # the rest of the block.
        head, tail = url_for("organize.edit_session", slug=slug, session_id=0).rsplit("/0/", 1)
        self._head, self._tail = head, tail
        self._macro = get_template_attribute("organize/_timetable_block.html", "block")

    def edit_url(self, session_id: int) -> str:
        return f"{self._head}/{session_id}/{self._tail}"

    def __call__(self, cell: Block) -> Markup:
        key = ("timetable-block", self.slug, self.zone.key, cell.session, cell.speakers,
               cell.first_row, cell.span, cell.column)
        return Markup(fragment_cache.cache.get_or_build(  # noqa: S704 - our template's output
            key, lambda: str(self._macro(cell, self.zone, self.edit_url, self.labels))))


def _render_editor(event: Event, day: date, step: int) -> str:
    blocks = _Blocks(event.slug, event.zone)
    return render_template("organize/_timetable_editor.html", event=event,
                           grid=_grid(event, day, step), version_of=version_of,
                           labels=blocks.labels, edit_url=blocks.edit_url, block_html=blocks)


def editor_html(event: Event, day: date, step: int) -> Markup:
    """The day tabs, grid and tray, kept per process on the programme's version.

    Every change to what the grid shows (a session, its speakers, a room, the event)
    replaces that version in the same transaction, so a kept grid is never stale.
    """
    versions = current_versions([programme_scope(event.id)])
    key = ("timetable", event.id, day, step, versions)
    return Markup(fragment_cache.versioned(  # noqa: S704 - rendered by our template
        key, versions is not None and versions[-1][1] is not None,
        lambda: _render_editor(event, day, step)))


@bp.get("/events/<slug>/timetable")
def timetable() -> ResponseReturnValue:
    event = current_event()
    day = _day(event, request.args.get("day"))
    step = parse_step(request.args.get("step"))
    return render_template("organize/timetable.html", event=event, current_step=step, day=day,
                           editor=editor_html(event, day, step))


def _parse_move(event: Event) -> MoveRequest | str:
    """The move in the posted fields, or the message saying which one is wrong."""
    form = request.form
    try:
        session_id = int(form.get("session_id", ""))
    except ValueError:
        return _("Choose a session to move.")
    try:
        day = date.fromisoformat(form.get("day", ""))
    except ValueError:
        return _("Give the day as YYYY-MM-DD.")
    times = {}
    for name in ("start", "end"):
        value = form.get(name, "")
        if not value and name == "end":
            times[name] = None
            continue
        try:
            times[name] = datetime.strptime(value, "%H:%M").time()
        except ValueError:
            return _("Give the times as HH:MM (24-hour clock).")
    duration = None
    if times["end"] is None:
        try:
            duration = int(form.get("duration", ""))
        except ValueError:
            return _("Give the end time or the length in minutes.")
        if not 0 < duration <= 24 * 60:
            return _("A session lasts between 1 minute and 24 hours.")
    room_value = form.get("room_id", "")
    try:
        room_id = int(room_value) if room_value else None
    except ValueError:
        return _("Choose one of this event's rooms.")
    return MoveRequest(session_id, day, times["start"], times["end"], duration, room_id,
                       form.get("version", ""))


_STATUS_CODES = {"moved": 200, "refused": 422, "warning": 422, "stale": 409}


@dataclass(frozen=True)
class _Page:
    """The event as the page draws it, read before a move commits (which expires it), and
    what the page shows, as its script posts it: the day, the step, the time of its first
    row and its rooms' ids in column order (None when not posted)."""

    slug: str
    zone: ZoneInfo
    start: date
    end: date
    day: date
    step: int
    first_row: time | None
    rooms: list[int] | None


def _page(event: Event) -> _Page:
    form = request.form
    try:
        day = date.fromisoformat(form.get("view_day", ""))
    except ValueError:
        day = event.start_date
    if not event.start_date <= day <= event.end_date:
        day = event.start_date
    try:
        first_row: time | None = datetime.strptime(form.get("view_from", ""), "%H:%M").time()
    except ValueError:
        first_row = None
    rooms_text = form.get("view_rooms", "")
    rooms = ([int(value) for value in rooms_text.split(",")]
             if rooms_text and len(rooms_text) <= 2000
             and all(value.isdigit() and len(value) < 12 for value in rooms_text.split(","))
             else None)
    return _Page(event_slug(), event.zone, event.start_date, event.end_date, day,
                 parse_step(form.get("step")), first_row, rooms)


def _problems_body(outcome: MoveOutcome) -> dict[str, object]:
    return {"ok": outcome.status == "moved", "status": outcome.status,
            "message": outcome.message, "messages": [p.message for p in outcome.problems]}


def _answer(event: Event, outcome: MoveOutcome, page: _Page | None = None
            ) -> ResponseReturnValue:
    """A check's answer (no page), or a move's refused with the whole grid, fresh."""
    if outcome.status == "missing":
        abort(404)
    body = _problems_body(outcome)
    if page is None:
        return body, 200 if outcome.status == "moved" else _STATUS_CODES[outcome.status]
    body["grid"] = str(editor_html(event, page.day, page.step))
    return body, _STATUS_CODES[outcome.status]


def _moved(outcome: MoveOutcome, page: _Page) -> ResponseReturnValue:
    """A move's answer: the message, the new place and the undo, and the moved block drawn
    for the page's rows and rooms (None: the page draws its grid again)."""
    place = outcome.after
    body = _problems_body(outcome)
    body["message"] = _("“%(title)s” moved to %(day)s, %(start)s–%(end)s, %(room)s.",
                        title=place["title"], day=short_date(date.fromisoformat(place["day"])),
                        start=place["start"], end=place["end"],
                        room=outcome.room_name or _("no room"))
    body["session"] = {k: v for k, v in place.items() if k != "title"}
    body["undo"] = {**outcome.before, "version": place["version"]}
    block = None
    if page.first_row is not None and page.rooms is not None and outcome.entry is not None:
        block = moved_block(day=page.day, step=page.step, zone=page.zone, start=page.start,
                            end=page.end, first_row=page.first_row, columns=page.rooms,
                            session=outcome.entry, speakers=outcome.speakers)
    body["block"] = None if block is None else {
        "html": str(_Blocks(page.slug, page.zone)(block)), "row": block.first_row,
        "span": block.span, "column": block.column}
    return body, 200


@bp.post("/events/<slug>/timetable/check")
def timetable_check() -> ResponseReturnValue:
    event = current_event()
    parsed = _parse_move(event)
    if isinstance(parsed, str):
        return {"ok": False, "status": "refused", "message": parsed, "messages": [parsed]}, 400
    return _answer(event, preview_move(event, parsed))


@bp.post("/events/<slug>/timetable/move")
def timetable_move() -> ResponseReturnValue:
    event = current_event()
    parsed = _parse_move(event)
    if isinstance(parsed, str):
        return {"ok": False, "status": "refused", "message": parsed, "messages": [parsed]}, 400
    page = _page(event)
    # The answer's language comes from the signed-in account: chosen now, as the move's
    # commit will expire the account (reading it again would be a statement).
    current_language()
    outcome = move_session(event, parsed, accept_warnings=request.form.get("accept_warnings")
                           == "1")
    if outcome.status == "moved":
        return _moved(outcome, page)
    return _answer(event, outcome, page)
