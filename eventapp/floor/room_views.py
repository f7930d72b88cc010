"""The chair's budgets and interjections: POSTs beside the console's own actions.

Same URL space and same answers as floor.console_views (a redirect with a message without
JavaScript, the re-rendered console body as JSON with it); refused budgets re-render the
console with what was typed and every error.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from eventapp.floor import budgets, interjections, queries
from eventapp.floor.console_views import (
    _done,
    _json,
    _list_of,
    _load,
    _wants_json,
    console_context,
)
from eventapp.floor.locking import FloorError
from eventapp.floor.room_console import room_context
from eventapp.floor.room_forms import (
    BUDGET_FIELD_PREFIX,
    BudgetsForm,
    EndInterjectionForm,
    InterjectForm,
)
from eventapp.programme.event_scope import attach_event_loader
from eventapp.teams.roles import Capability

bp = Blueprint("floor_room", __name__,
               url_prefix="/organize/events/<slug>/sessions/<int:session_id>/floor")
attach_event_loader(bp, organizer=True, capability=Capability.RUN_FLOOR)


def _form_errors(form: FlaskForm) -> str:
    return "; ".join(_("%(field)s: %(errors)s", field=getattr(form, name).label.text,
                       errors=" ".join(str(m) for m in messages))
                     for name, messages in form.errors.items())


def _typed_budgets() -> dict[int, str]:
    typed = {}
    for category_id in queries.categories_by_id():
        value = request.form.get(f"{BUDGET_FIELD_PREFIX}{category_id}")
        if value is not None:
            typed[category_id] = value[:20]
    return typed


@bp.post("/budgets")
def save_budgets(session_id: int) -> ResponseReturnValue:
    event, session = _load(session_id)
    speakers_list = _list_of(session)
    form = BudgetsForm()
    typed = _typed_budgets()
    if not form.validate():
        return _done(event, session, _form_errors(form), "error")
    parsed = budgets.parse(form.mode.data, typed)
    if parsed.errors:
        message = _("The budgets are not saved: correct the fields marked below.")
        context = console_context(event, session)
        context.update(room_context(event, context["floor"], context["now"], budgets_form=form,
                                    typed=typed, errors=parsed.errors))
        if _wants_json():
            return _json(context, message, "error")
        context["budget_message"] = message
        return render_template("floor/console.html", **context), 400
    budgets.save(speakers_list.id, parsed.values)
    return _done(event, session, _("The speaking-time budgets are saved.") if parsed.values
                 else _("The list has no speaking-time budgets now."))


@bp.post("/interject")
def interject(session_id: int) -> ResponseReturnValue:
    event, session = _load(session_id)
    speakers_list = _list_of(session)
    form = InterjectForm()
    form.person_id.choices = []
    if not form.validate():
        return _done(event, session, _form_errors(form), "error")
    person_id = int(form.person_id.data) if form.person_id.data.isdigit() else 0
    try:
        given = interjections.interject(speakers_list.id, kind=form.kind.data,
                                        person_id=person_id,
                                        speaker_request_id=form.speaker_request_id.data)
    except FloorError as error:
        return _done(event, session, str(error), "error")
    return _done(event, session, _("%(kind)s: %(name)s has the floor.",
                                   kind=interjections.KIND_LABELS[given.kind],
                                   name=given.person.full_name))


@bp.post("/interject/end")
def end_interjection(session_id: int) -> ResponseReturnValue:
    event, session = _load(session_id)
    speakers_list = _list_of(session)
    form = EndInterjectionForm()
    if not form.validate():
        return _done(event, session, _form_errors(form), "error")
    try:
        ended = interjections.end(speakers_list.id, form.interjection_id.data)
    except FloorError as error:
        return _done(event, session, str(error), "warning")
    minutes, seconds = divmod(ended.elapsed_seconds, 60)
    return _done(event, session, _(
        "%(kind)s ended after %(minutes)s min %(seconds)s s; the time is recorded apart.",
        kind=interjections.KIND_LABELS[ended.kind], minutes=minutes,
        seconds=str(seconds).zfill(2)))
