"""Sessions: adding and editing one (every rule checked, warnings to accept), cancelling,
deleting and restoring it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from eventapp.extensions import db
from eventapp.programme import service
from eventapp.programme.event_scope import current_event, event_slug
from eventapp.programme.forms import SessionForm
from eventapp.programme.models import Event, Session
from eventapp.programme.organize.common import _attach, _session, _split, bp
from eventapp.programme.rules import Problem
from eventapp.programme.session_changes import (
    check_session,
    data_of,
    save_session,
    session_data_from_local,
    set_session_status,
)

# Where each rule's message goes on the session form.
_TIME_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}
_SESSION_FIELDS = {"starts_at": "day", "ends_at": "end_time", "room": "room",
                   "person": "start_time"}


_SESSION_VERSIONS = ("title_fr", "title_es", "description_fr", "description_es")


def _save_session_form(event: Event, form: SessionForm,
                       session: Session | None) -> tuple[Session | None, list[Problem]]:
    """Save when every rule passes (and warnings are accepted); else mark the form."""
    data, problems = session_data_from_local(
        event, title=form.title.data, kind=form.kind.data, day=form.day.data,
        start=form.start_time.data, end=form.end_time.data, room_id=form.room.data,
        description=form.description.data or "",
        versions={name: getattr(form, name).data or "" for name in _SESSION_VERSIONS},
    )
    if data is None:
        _attach(form, problems, _TIME_FIELDS)
        return None, []
    problems = check_session(event, data, session_id=session.id if session else None)
    blocking, warnings = _split(problems)
    if blocking or (warnings and not form.accept_warnings.data):
        _attach(form, blocking, _SESSION_FIELDS)
        return None, warnings
    saved = save_session(event, data, session)
    db.session.commit()
    return saved, []


def _rules_on_checked_fields(event: Event, form: SessionForm, session: Session | None) -> None:
    """The form refused some fields: still tell what the rules say about the times and room.

    So an empty title and reversed times, or a room clash, are told in one submission.
    """
    if any(getattr(form, name).errors for name in ("day", "start_time", "end_time")):
        return
    if None in (form.day.data, form.start_time.data, form.end_time.data):
        return
    data, problems = session_data_from_local(
        event, title=form.title.data or "", kind=form.kind.data or "", day=form.day.data,
        start=form.start_time.data, end=form.end_time.data,
        room_id=None if form.room.errors else form.room.data)
    if data is not None:
        problems = check_session(event, data, session_id=session.id if session else None)
    _attach(form, _split(problems)[0], _TIME_FIELDS if data is None else _SESSION_FIELDS)


def _render_session_form(event: Event, form: SessionForm, session: Session | None,
                         warnings: list[Problem]) -> ResponseReturnValue:
    status = 400 if form.is_submitted() else 200
    return render_template("organize/session_form.html", event=event, form=form,
                           session=session, warnings=warnings), status


@bp.route("/events/<slug>/sessions/new", methods=["GET", "POST"])
def new_session() -> ResponseReturnValue:
    event = current_event()
    form = SessionForm()
    form.set_rooms(service.event_rooms(event))
    if not form.is_submitted():
        form.day.data = event.start_date
    warnings: list[Problem] = []
    if form.validate_on_submit():
        saved, warnings = _save_session_form(event, form, None)
        if saved is not None:
            flash(_("Session “%(title)s” added.", title=saved.title), "success")
            return redirect(url_for(".session", slug=event_slug(), session_id=saved.id))
    elif form.is_submitted():
        _rules_on_checked_fields(event, form, None)
    return _render_session_form(event, form, None, warnings)


@bp.route("/events/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int) -> ResponseReturnValue:
    event = current_event()
    session = _session(event, session_id)
    form = SessionForm(obj=session)
    form.set_rooms(service.event_rooms(event))
    if not form.is_submitted():
        zone = event.zone
        form.day.data = session.starts_at.astimezone(zone).date()
        form.start_time.data = session.starts_at.astimezone(zone).time()
        form.end_time.data = session.ends_at.astimezone(zone).time()
        form.room.data = session.room_id
    warnings: list[Problem] = []
    if form.validate_on_submit():
        saved, warnings = _save_session_form(event, form, session)
        if saved is not None:
            flash(_("Session saved."), "success")
            return redirect(url_for(".session", slug=event_slug(), session_id=saved.id))
    elif form.is_submitted():
        _rules_on_checked_fields(event, form, session)
    return _render_session_form(event, form, session, warnings)


_STATUS_ACTIONS = {
    "cancel": ("cancelled", _l("Session cancelled. It stays in calendars, marked cancelled.")),
    "delete": ("deleted", _l("Session deleted.")),
}


@bp.route("/events/<slug>/sessions/<int:session_id>/cancel", methods=["GET", "POST"],
          defaults={"action": "cancel"})
@bp.route("/events/<slug>/sessions/<int:session_id>/delete", methods=["GET", "POST"],
          defaults={"action": "delete"})
def session_status(session_id: int, action: str) -> ResponseReturnValue:
    event = current_event()
    status, message = _STATUS_ACTIONS[action]
    if request.method == "POST":
        found = db.session.scalar(
            select(Session).where(Session.id == session_id, Session.event_id == event.id)
        )
        # Deleting twice is harmless; cancelling a deleted session must not bring it back.
        if found is None or (found.status == "deleted" and status != "deleted"):
            abort(404)
        set_session_status(found, status)
        db.session.commit()
        flash(str(message), "success")
        if status == "deleted":
            return redirect(url_for(".event", slug=event_slug()))
        return redirect(url_for(".session", slug=event_slug(), session_id=session_id))
    session = _session(event, session_id)
    return render_template("organize/session_confirm.html", event=event, session=session,
                           action=action)


@bp.post("/events/<slug>/sessions/<int:session_id>/restore")
def restore_session(session_id: int) -> Response:
    event = current_event()
    session = _session(event, session_id)
    # While it was cancelled its room or speakers may have been booked elsewhere.
    blocking, _warnings = _split(check_session(event, data_of(session), session_id=session.id))
    if blocking:
        for problem in blocking:
            flash(_("The session was not restored: %(reason)s", reason=problem.message),
                  "error")
    else:
        set_session_status(session, "scheduled")
        db.session.commit()
        flash(_("Session restored to the programme."), "success")
    return redirect(url_for(".session", slug=event_slug(), session_id=session_id))
