"""The timetable editor: one day of the programme as a grid, and moves made on it.

The page is a plain table that reads without scripts; static/js/timetable.js adds the
dragging and the keyboard. A move or a check answers JSON with the message and the grid
re-rendered, so the page always shows what the server holds.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, get_template_attribute, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from eventapp import fragment_cache
from eventapp.i18n.formatting import short_date
from eventapp.programme import service
from eventapp.programme.event_scope import current_event
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


def _render_editor(event: Event, day: date, step: int) -> str:
    grid = _grid(event, day, step)
    # One address built, the others by substitution: url_for per block cost more than the
    # rest of the block.
    pattern = url_for("organize.edit_session", slug=event.slug, session_id=0)
    head, tail = pattern.rsplit("/0/", 1)

    def edit_url(session_id: int) -> str:
        return f"{head}/{session_id}/{tail}"

    labels = _Labels()
    macro = get_template_attribute("organize/_timetable_block.html", "block")
    slug, zone = event.slug, event.timezone

    def block_html(cell: Block) -> Markup:
        # Kept on everything the block shows, so a move renders only the blocks it changed.
        key = ("timetable-block", slug, zone, cell.session, cell.speakers, cell.first_row,
               cell.span, cell.column)
        return Markup(fragment_cache.cache.get_or_build(  # noqa: S704 - our template's output
            key, lambda: str(macro(cell, event, edit_url, labels))))

    return render_template("organize/_timetable_editor.html", event=event, grid=grid,
                           version_of=version_of, labels=labels, edit_url=edit_url,
                           block_html=block_html)


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


def _answer(event: Event, outcome: MoveOutcome, *, checking: bool) -> ResponseReturnValue:
    if outcome.status == "missing":
        abort(404)
    body: dict[str, object] = {
        "ok": outcome.status == "moved", "status": outcome.status,
        "message": outcome.message,
        "messages": [p.message for p in outcome.problems],
    }
    if checking:
        return body, 200 if outcome.status == "moved" else _STATUS_CODES[outcome.status]
    if outcome.status == "moved":
        place = outcome.after
        body["message"] = _("“%(title)s” moved to %(day)s, %(start)s–%(end)s, %(room)s.",
                            title=place["title"],
                            day=short_date(date.fromisoformat(place["day"])),
                            start=place["start"], end=place["end"],
                            room=outcome.room_name or _("no room"))
        body["session"] = {k: v for k, v in place.items() if k != "title"}
        body["undo"] = {**outcome.before, "version": place["version"]}
    body["grid"] = str(editor_html(event, _view_day(event), parse_step(request.form.get("step"))))
    return body, _STATUS_CODES[outcome.status]


def _view_day(event: Event) -> date:
    try:
        day = date.fromisoformat(request.form.get("view_day", ""))
    except ValueError:
        return event.start_date
    return day if event.start_date <= day <= event.end_date else event.start_date


@bp.post("/events/<slug>/timetable/check")
def timetable_check() -> ResponseReturnValue:
    event = current_event()
    parsed = _parse_move(event)
    if isinstance(parsed, str):
        return {"ok": False, "status": "refused", "message": parsed, "messages": [parsed]}, 400
    return _answer(event, preview_move(event, parsed), checking=True)


@bp.post("/events/<slug>/timetable/move")
def timetable_move() -> ResponseReturnValue:
    event = current_event()
    parsed = _parse_move(event)
    if isinstance(parsed, str):
        return {"ok": False, "status": "refused", "message": parsed, "messages": [parsed]}, 400
    outcome = move_session(event, parsed, accept_warnings=request.form.get("accept_warnings")
                           == "1")
    return _answer(event, outcome, checking=False)
