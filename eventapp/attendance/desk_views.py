"""The check-in desk: scan or type a badge code, or find a person by name, and check them in.

The answer is the page itself, rendered by the POST (not a redirect): the desk sees it at once,
and the code field is empty and focused again for the next badge. A USB scanner types the code
and presses Enter; the camera script (static/js/desk-camera.js) fills the same field.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from eventapp.attendance import desk
from eventapp.attendance.badge_codes import badge_code_for, reissue_badge, revoke_badge
from eventapp.attendance.blueprint import bp
from eventapp.attendance.checkins import event_day, undo_check_in
from eventapp.attendance.door import door_sessions, presences_of
from eventapp.attendance.models import CheckIn
from eventapp.attendance.scan_form import (
    CsrfForm,
    answer_json,
    desk_label,
    scanned_answer,
    wants_json,
)
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.event_scope import current_event, event_slug, requires
from eventapp.registration.organize_forms import STATUS_LABELS
from eventapp.teams.roles import Capability


def _render(answer: desk.DeskAnswer | None = None, status: int = 200) -> tuple[str, int]:
    event = current_event()
    query = " ".join(request.args.get("q", "").split())[:100]
    hits = desk.search(event, query) if query else []
    return render_template(
        "attendance/desk.html", event=event, answer=answer, query=query, hits=hits,
        desk_label=desk_label(), form=CsrfForm(), STATUS_LABELS=STATUS_LABELS,
        slug=event_slug(), door_sessions=door_sessions(event),
    ), status


@bp.get("/events/<slug>/check-in")
def desk_page() -> tuple[str, int]:
    return _render()


@bp.post("/events/<slug>/check-in")
def check_in() -> tuple[str, int] | BaseResponse:
    """Check in a scanned or typed code, or a registration number; the answer is the desk
    page, or with ``Accept: application/json`` the answer alone."""
    event = current_event()
    if not CsrfForm().validate_on_submit():
        flash(_("The check-in could not be confirmed. Scan again."), "error")
        return redirect(url_for(".desk_page", slug=event_slug()))
    answer = scanned_answer(event)
    if answer is None:
        if wants_json():
            return jsonify({"outcome": "empty", "html": ""}), 422
        flash(_("Scan a badge, type its code, or search for the person by name."), "error")
        return _render(status=422)
    return answer_json(answer, event_slug()) if wants_json() else _render(answer)


@bp.get("/events/<slug>/check-in/registrations/<int:registration_id>")
def badge_details(registration_id: int) -> str:
    event = current_event()
    registration = desk.registration_of_event(event, registration_id)
    if registration is None:
        abort(404)
    check_ins = db.session.scalars(
        select(CheckIn).where(CheckIn.registration_id == registration.id)
        .order_by(CheckIn.checked_in_at, CheckIn.id)).all()
    return render_template(
        "attendance/badge_details.html", event=event, registration=registration,
        code=badge_code_for(registration), check_ins=check_ins, form=CsrfForm(),
        presences=presences_of(registration.id),
        today=event_day(event, utcnow()), STATUS_LABELS=STATUS_LABELS)


@bp.post("/events/<slug>/check-in/registrations/<int:registration_id>/badge/revoke")
@requires(Capability.ORGANIZE)
def revoke(registration_id: int) -> BaseResponse:
    return _badge_action(registration_id, "revoke")


@bp.post("/events/<slug>/check-in/registrations/<int:registration_id>/badge/reissue")
@requires(Capability.ORGANIZE)
def reissue(registration_id: int) -> BaseResponse:
    return _badge_action(registration_id, "reissue")


def _badge_action(registration_id: int, action: str) -> BaseResponse:
    event = current_event()
    registration = desk.registration_of_event(event, registration_id)
    if registration is None:
        abort(404)
    if not CsrfForm().validate_on_submit():
        flash(_("The change could not be confirmed. Try again."), "error")
    elif action == "revoke":
        revoke_badge(registration)
        db.session.commit()
        flash(_("The badge is revoked: its code is refused at the desk."), "success")
    elif registration.status != "approved":
        flash(_("Only an approved registration has a badge."), "error")
    else:
        reissue_badge(registration)
        db.session.commit()
        flash(_("A new badge is issued: print it again. Earlier codes are refused."),
              "success")
    return redirect(url_for(".badge_details", slug=event_slug(),
                            registration_id=registration_id))


@bp.post("/events/<slug>/check-ins/<int:check_in_id>/undo")
@requires(Capability.ORGANIZE)
def undo(check_in_id: int) -> BaseResponse:
    event = current_event()
    record = db.session.scalar(select(CheckIn).where(CheckIn.id == check_in_id,
                                                     CheckIn.event_id == event.id))
    if record is None:
        abort(404)
    registration_id = record.registration_id
    if not CsrfForm().validate_on_submit():
        flash(_("The change could not be confirmed. Try again."), "error")
    elif undo_check_in(record, user_id=current_user.id):
        db.session.commit()
        flash(_("The check-in is undone; it stays in the record as undone."), "success")
    else:
        flash(_("This check-in was already undone."), "info")
    return redirect(url_for(".badge_details", slug=event_slug(),
                            registration_id=registration_id))
