"""The chair console: one page per session under /organize, its actions POST beneath it.

Without JavaScript each action is a form POST answered by a redirect to the console with a
message. With JavaScript (static/js/floor-console.js) the same POST asks for JSON and gets
the message and the console's freshly rendered body back, so nothing reloads.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import chair, clock, heard, presence, queries, state, walk_in
from eventapp.floor.forms import (
    ChairForm,
    HeardForm,
    MoveForm,
    OpenForm,
    PlannedForm,
    SettingsForm,
    WalkInForm,
)
from eventapp.floor.locking import AlreadyDone, FloorError
from eventapp.floor.models import STATUS_LABELS, FloorRequest, SpeakersList
from eventapp.floor.room_console import room_context
from eventapp.i18n.content import localized
from eventapp.programme import queries as programme_queries
from eventapp.programme.event_scope import attach_event_loader, current_event
from eventapp.programme.models import Event, Session
from eventapp.teams.roles import Capability

bp = Blueprint("floor_console", __name__,
               url_prefix="/organize/events/<slug>/sessions/<int:session_id>/floor")
attach_event_loader(bp, organizer=True, capability=Capability.RUN_FLOOR)

SHORTCUTS = (
    ("N", _l("give the floor to the next suggested speaker")),
    ("S", _l("stop the clock and record the intervention")),
    ("P", _l("pause or resume the clock")),
    (_l("J or ↓"), _l("select the next person in the queue")),
    (_l("K or ↑"), _l("select the previous person in the queue")),
    (_l("G or Enter"), _l("give the floor to the selected person")),
    ("U / D", _l("move the selected person up / down")),
    ("X", _l("skip the selected person")),
)


@bp.app_template_global("floor_status_label")
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status.replace("_", " ")))


def _load(session_id: int) -> tuple[Event, Session]:
    """The URL's event (loaded by the blueprint) and its session, drafts included."""
    event = current_event()
    return event, programme_queries.session_of_event_or_404(event, session_id, public=False)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def console_context(event: Event, session: Session, *, walk_form: WalkInForm | None = None,
                    settings_form: SettingsForm | None = None) -> dict:
    """The console's template context; a refused form passed in is shown as the chair typed it."""
    speakers_list = queries.list_for_session(session.id)
    floor = state.build(session, speakers_list)
    if settings_form is None and speakers_list is not None:
        settings_form = SettingsForm(formdata=None, obj=speakers_list)
    walk_form = walk_form or WalkInForm(formdata=None)
    walk_form.person_id.choices = [("", _("Someone not registered (type below)")),
                                   *[(str(i), label)
                                     for i, label in queries.walk_in_choices(event.id)]]
    categories = queries.categories_by_id()
    walk_form.category_id.choices = [("", _("Choose…")), *[
        (str(c.id), localized(c, "name")) for c in sorted(categories.values(),
                                                          key=lambda c: (c.sort_order, c.name))
        if not c.is_retired]]
    planned_form = PlannedForm(formdata=None)
    on_list = {r.slot_id for r in floor.queue if r.slot_id} | (
        {floor.current.slot_id} if floor.current and floor.current.slot_id else set())
    planned_form.slot_id.choices = [
        (str(slot.id), _("%(name)s (%(role)s)", name=slot.person.full_name,
                          role=str(slot.role_label)))
        for slot in session.slots if slot.role != "floor" and slot.id not in on_list]
    now = utcnow()
    clock_text = ""
    if floor.current is not None:
        left = clock.remaining(state.clock_of(floor.current), floor.current.limit_seconds, now)
        clock_text = clock.format_seconds(left if left is not None else clock.elapsed(
            state.clock_of(floor.current), now))
    # Marks who is present (in the room when its door scans, else checked in today), once
    # the desks or the door are in use, or the list asks it.
    present = presence.present_for_console(event, session)
    show_presence = (bool(present) or session.door_scanning
                     or bool(speakers_list and speakers_list.present_only))
    return {"event": event, "session": session, "floor": floor,
            "present_ids": present, "show_presence": show_presence,
            "settings_form": settings_form if speakers_list else None,
            "now": now, "clock_text": clock_text,
            "walk_form": walk_form, "planned_form": planned_form, "open_form": OpenForm(),
            "action_form": ChairForm(), "shortcuts": SHORTCUTS,
            **room_context(event, floor, now, categories=categories,
                           people=walk_form.person_id.choices[1:])}


@bp.get("")
def console(session_id: int) -> ResponseReturnValue:
    event, session = _load(session_id)
    context = console_context(event, session)
    if _wants_json():
        return _json(context, None, "info")
    return render_template("floor/console.html", **context)


def _json(context: dict, message: str | None, category: str,
          status: int = 200) -> ResponseReturnValue:
    html = render_template("floor/_console_body.html", **context)
    return jsonify({"message": message, "category": category,
                    "version": context["floor"].version, "html": html}), status


def _done(event: Event, session: Session, message: str | None,
          category: str = "success", kept: dict | None = None) -> ResponseReturnValue:
    """The answer to an action: JSON with the fresh body, or back to the console.

    ``kept`` holds a refused form as posted: it is rendered with what the chair typed (in
    the JSON body, or in the page itself instead of a redirect that would lose it).
    """
    if _wants_json():
        db.session.expire_all()
        return _json(console_context(event, session, **(kept or {})), message, category)
    if message:
        flash(message, category)
    if kept:
        db.session.expire_all()
        return render_template("floor/console.html",
                               **console_context(event, session, **kept)), 422
    return redirect(url_for("floor_console.console", slug=event.slug, session_id=session.id))


def _list_of(session: Session) -> SpeakersList:
    speakers_list = queries.list_for_session(session.id)
    if speakers_list is None:
        abort(404)
    return speakers_list


def _person_name(request_obj: FloorRequest) -> str:
    return request_obj.person.full_name


@bp.post("/open")
def open_list(session_id: int) -> ResponseReturnValue:
    event, session = _load(session_id)
    form = OpenForm()
    form.validate()
    chair.open_list(session, policy=form.policy.data or None)
    return _done(event, session, _("The list of speakers is open."))


ACTIONS: dict[str, Callable] = {}


def _action(name: str) -> Callable:
    def register(func: Callable) -> Callable:
        ACTIONS[name] = func
        return func
    return register


@_action("close")
def _close(list_id: int, form: ChairForm) -> str:
    chair.close_list(list_id)
    return _("The list is closed; anyone still waiting is recorded as not reached.")


@_action("reopen")
def _reopen(list_id: int, form: ChairForm) -> str:
    chair.reopen_list(list_id)
    return _("The list of speakers is open again.")


@_action("give")
def _give(list_id: int, form: ChairForm) -> str:
    if form.request_id.data is None:
        raise FloorError(_("Choose whom to give the floor to."))
    given = chair.give_floor(list_id, form.request_id.data)
    return _("%(name)s has the floor.", name=_person_name(given))


@_action("give-next")
def _give_next(list_id: int, form: ChairForm) -> str:
    given = chair.give_floor(list_id, expected_request_id=form.expected_request_id.data)
    return _("%(name)s has the floor.", name=_person_name(given))


@_action("pause")
def _pause(list_id: int, form: ChairForm) -> str:
    chair.pause(list_id, form.request_id.data)
    return _("The clock is paused.")


@_action("resume")
def _resume(list_id: int, form: ChairForm) -> str:
    chair.resume(list_id, form.request_id.data)
    return _("The clock is running again.")


@_action("stop")
def _stop(list_id: int, form: ChairForm) -> str:
    done = chair.stop(list_id, form.request_id.data)
    minutes, seconds = divmod(done.elapsed_seconds, 60)
    return _("%(name)s spoke %(minutes)s min %(seconds)s s; the time is recorded.",
             name=_person_name(done), minutes=minutes, seconds=str(seconds).zfill(2))


def _take_off(status: str) -> Callable:
    def act(list_id: int, form: ChairForm) -> str:
        if form.request_id.data is None:
            raise FloorError(_("Choose whom to take off the list."))
        chair.take_off(list_id, form.request_id.data, status)
        return _("Skipped.") if status == "skipped" else _("Removed from the list.")
    return act


ACTIONS["skip"] = _take_off("skipped")
ACTIONS["remove"] = _take_off("removed")


def act(session_id: int, action: str) -> ResponseReturnValue:
    return _run(session_id, ChairForm(), ACTIONS[action])


# One URL per action (.../floor/stop, .../floor/give-next, ...), all served by `act`.
for _name in ACTIONS:
    bp.add_url_rule(f"/{_name}", endpoint="act", view_func=act, methods=["POST"],
                    defaults={"action": _name})


@bp.post("/move")
def move(session_id: int) -> ResponseReturnValue:
    def act(list_id: int, form: MoveForm) -> str:
        if form.request_id.data is None:
            raise FloorError(_("Choose whom to move."))
        chair.move(list_id, form.request_id.data,
                   direction=form.direction.data or "up", to_index=form.to_index.data)
        return _("The queue is reordered.")
    return _run(session_id, MoveForm(), act)


@bp.post("/settings")
def settings(session_id: int) -> ResponseReturnValue:
    def act(list_id: int, form: SettingsForm) -> str:
        chair.update_settings(
            list_id, policy=form.policy.data,
            default_limit_seconds=form.default_limit_seconds.data,
            per_category_limit=form.per_category_limit.data,
            per_organization_limit=form.per_organization_limit.data,
            screen_next_count=form.screen_next_count.data,
            screen_show_previous=form.screen_show_previous.data,
            present_only=form.present_only.data)
        return _("The list's settings are saved.")
    form = SettingsForm()
    return _run(session_id, form, act, kept={"settings_form": form})


class _WalkInChecked(WalkInForm):
    """A walk-in form that, when some fields are refused, also tells what the walk-in rules
    would refuse in the others, so the chair corrects everything at once."""

    def validate(self, extra_validators: dict | None = None) -> bool:
        if super().validate(extra_validators):
            return True
        if "csrf_token" not in self.errors:
            for name, problem in walk_in.typed_walk_in_problems(self).items():
                field = getattr(self, name)
                if not field.errors:
                    field.errors = [*field.errors, problem]
        return False


@bp.post("/walk-in")
def add_walk_in(session_id: int) -> ResponseReturnValue:
    def act(list_id: int, form: WalkInForm) -> str:
        added = walk_in.add_walk_in(list_id, form)
        return _("%(name)s is on the list as a walk-in.", name=_person_name(added))
    form = _WalkInChecked()
    form.person_id.choices = []
    form.category_id.choices = []
    return _run(session_id, form, act, kept={"walk_form": form})


@bp.post("/add-planned")
def add_planned(session_id: int) -> ResponseReturnValue:
    def act(list_id: int, form: PlannedForm) -> str:
        added = walk_in.add_planned(list_id, form.slot_id.data)
        return _("%(name)s is on the list.", name=_person_name(added))
    return _run(session_id, PlannedForm(), act)


@bp.post("/mark-heard")
def mark_heard(session_id: int) -> ResponseReturnValue:
    """Mark a planned speaker heard without timing them, or take the mark back."""
    event, session = _load(session_id)
    form = HeardForm()
    if not form.validate():
        return _done(event, session, _("Choose one of the session's planned speakers."), "error")
    try:
        slot = heard.set_heard(session, form.slot_id.data, heard=form.heard.data == "1")
    except FloorError as error:
        return _done(event, session, str(error), "error")
    if slot.heard_at is None:
        return _done(event, session, _("%(name)s is no longer marked as heard.",
                                       name=slot.person.full_name))
    return _done(event, session, _("%(name)s is marked as heard; their planned minutes count "
                                   "as speaking time.", name=slot.person.full_name))


def _run(session_id: int, form: ChairForm, act: Callable,
         kept: dict | None = None) -> ResponseReturnValue:
    """Validate, act, answer. Nothing here compares versions: a participant's request never
    refuses the chair. A refused form in ``kept`` comes back as the chair typed it."""
    event, session = _load(session_id)
    speakers_list = _list_of(session)
    if not form.validate():
        errors = "; ".join(_("%(field)s: %(errors)s", field=getattr(form, name).label.text,
                             errors=" ".join(str(m) for m in messages))
                           for name, messages in form.errors.items())
        return _done(event, session, errors, "error", kept)
    try:
        message = act(speakers_list.id, form)
    except AlreadyDone as error:
        return _done(event, session, str(error), "info")
    except FloorError as error:
        db.session.rollback()
        return _done(event, session, str(error), "error", kept)
    return _done(event, session, message)
