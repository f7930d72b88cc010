"""What the desk's and the doors' scan forms send: a badge code, a registration number, the
desk's name; read here once for both pages."""

from __future__ import annotations

from collections.abc import Callable

from flask import jsonify, render_template, request, session
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from eventapp.attendance import desk
from eventapp.attendance.checkins import clean_desk_label
from eventapp.programme.models import Event
from eventapp.request_input import parse_id

DESK_LABEL_KEY = "desk_label"

# Makes the recorder of a page from the desk's name and the user's id (the door's presence);
# None: the desk's check-in.
RecorderFor = Callable[[str, int | None], desk.Recorder]


class CsrfForm(FlaskForm):
    """CSRF only: the desk's fields are read from the request."""


def desk_label() -> str:
    """This device's name for its desk or door, kept in the login session."""
    return session.get(DESK_LABEL_KEY, "")


def _remember_desk_label() -> None:
    if "desk" in request.form:
        label = clean_desk_label(request.form.get("desk", ""))
        if label != desk_label():  # an unchanged session sends no new cookie
            session[DESK_LABEL_KEY] = label


def scanned_answer(event: Event, recorder_for: RecorderFor | None = None
                   ) -> desk.DeskAnswer | None:
    """The answer to the code or registration number sent; None when the form names nobody.
    Commits what it records."""
    _remember_desk_label()
    label, user_id = desk_label(), current_user.id
    recorder = recorder_for(label, user_id) if recorder_for is not None else None
    code = request.form.get("code", "").strip()
    registration_id = parse_id(request.form.get("registration_id", ""))
    if code:
        return desk.answer_code(event, code, desk=label, user_id=user_id, recorder=recorder)
    if registration_id is not None:
        return desk.answer_registration(event, registration_id, desk=label, user_id=user_id,
                                        recorder=recorder)
    if request.form.get("registration_id", "").strip():
        return desk.DeskAnswer(desk.REFUSED, refusal=desk.UNKNOWN)
    return None


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def answer_json(answer: desk.DeskAnswer, slug: str, **context: object) -> BaseResponse:
    """The answer alone, for the desk's script: rendered from the answer's own values, so it
    costs no query after the commit."""
    return jsonify({"outcome": answer.outcome, "html": render_template(
        "attendance/_desk_answer.html", answer=answer, slug=slug, **context)})
