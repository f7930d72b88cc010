"""A session's door page: scan a badge, type its code or a registration number, or find the
person by name, and record them present in the session; and the organizer's switch and undo.

The page answers as the desk does (the POST renders the page, or the answer alone for the
desk's script), with the desk's scripts: static/js/desk.js and desk-camera.js.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from eventapp.attendance import door
from eventapp.attendance.blueprint import bp
from eventapp.attendance.desk import DeskAnswer
from eventapp.attendance.models import SessionPresence
from eventapp.attendance.presence import undo_presence
from eventapp.attendance.scan_form import (
    CsrfForm,
    answer_json,
    desk_label,
    scanned_answer,
    wants_json,
)
from eventapp.extensions import db
from eventapp.programme.event_scope import current_event, event_slug, requires
from eventapp.programme.models import Session
from eventapp.registration.organize_forms import STATUS_LABELS
from eventapp.teams.roles import Capability


def _session(session_id: int) -> Session:
    session = door.session_of_event(current_event(), session_id)
    if session is None:
        abort(404)
    return session


def _closed(session: Session) -> tuple[str, int]:
    """A clear page, with 404: this session's door does not scan."""
    return render_template("attendance/door_off.html", event=current_event(),
                           session=session), 404


def _render(session: Session, answer: DeskAnswer | None = None,
            status: int = 200) -> tuple[str, int]:
    event = current_event()
    query = " ".join(request.args.get("q", "").split())[:100]
    hits = door.door_search(event, session, query) if query else []
    return render_template(
        "attendance/door.html", event=event, session=session, answer=answer, query=query,
        hits=hits, desk_label=desk_label(), form=CsrfForm(), STATUS_LABELS=STATUS_LABELS,
        slug=event_slug(), door=session, recent=door.recent_presences(session.id),
    ), status


@bp.get("/events/<slug>/sessions/<int:session_id>/door")
def door_page(session_id: int) -> tuple[str, int]:
    session = _session(session_id)
    return _render(session) if door.door_is_open(session) else _closed(session)


@bp.post("/events/<slug>/sessions/<int:session_id>/door")
def door_scan(session_id: int) -> tuple[str, int] | BaseResponse:
    """Record a scanned or typed code, or a registration number, present in the session;
    the answer is the door page, or with ``Accept: application/json`` the answer alone."""
    event, session = current_event(), _session(session_id)
    if not door.door_is_open(session):
        return _closed(session)
    if not CsrfForm().validate_on_submit():
        flash(_("The scan could not be confirmed. Scan again."), "error")
        return redirect(url_for(".door_page", slug=event_slug(), session_id=session_id))
    answer = scanned_answer(event, lambda label, user_id: door.door_recorder(
        event, session, desk=label, user_id=user_id))
    if answer is None:
        if wants_json():
            return jsonify({"outcome": "empty", "html": ""}), 422
        flash(_("Scan a badge, type its code, or search for the person by name."), "error")
        return _render(session, status=422)
    if wants_json():
        return answer_json(answer, event_slug(), door=session)
    return _render(session, answer)


@bp.post("/events/<slug>/sessions/<int:session_id>/door/settings")
@requires(Capability.ORGANIZE)
def door_settings(session_id: int) -> BaseResponse:
    """Turn the session's door scanning on or off (on the audit trail as a session change)."""
    session = _session(session_id)
    choice = request.form.get("door_scanning", "")
    if not CsrfForm().validate_on_submit():
        flash(_("The change could not be confirmed. Try again."), "error")
    elif choice not in ("on", "off"):
        flash(_("Choose whether the door scans: on or off."), "error")
    else:
        wanted = choice == "on"
        if wanted != session.door_scanning:
            session.door_scanning = wanted
            db.session.commit()
        if wanted:
            flash(_("Door scanning is on: the session's door page records who enters."),
                  "success")
        else:
            flash(_("Door scanning is off for this session."), "success")
    return redirect(url_for("organize.session", slug=event_slug(), session_id=session_id))


@bp.post("/events/<slug>/session-presences/<int:presence_id>/undo")
@requires(Capability.ORGANIZE)
def undo_door_scan(presence_id: int) -> BaseResponse:
    event = current_event()
    presence = db.session.scalar(select(SessionPresence).where(
        SessionPresence.id == presence_id, SessionPresence.event_id == event.id))
    if presence is None:
        abort(404)
    session_id = presence.session_id
    if not CsrfForm().validate_on_submit():
        flash(_("The change could not be confirmed. Try again."), "error")
    elif undo_presence(presence, user_id=current_user.id):
        db.session.commit()
        flash(_("The presence in the session is undone; it stays in the record as undone."),
              "success")
    else:
        flash(_("This presence was already undone."), "info")
    if request.form.get("back") == "badge":  # undone from the person's badge page
        return redirect(url_for(".badge_details", slug=event_slug(),
                                registration_id=presence.registration_id))
    return redirect(url_for(".door_page", slug=event_slug(), session_id=session_id))
