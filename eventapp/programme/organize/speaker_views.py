"""A session's panel: the speaker editor, adding an existing or a new person, editing,
moving and removing a speaking slot."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from eventapp.audit.queries import history as audit_history
from eventapp.extensions import db
from eventapp.people.categories import active_categories
from eventapp.people.models import Person
from eventapp.programme import service
from eventapp.programme.editor_boxes import session_editor_boxes
from eventapp.programme.event_scope import current_event, event_slug, requires
from eventapp.programme.forms import (
    NEW_ORGANIZATION,
    ExistingSpeakerForm,
    NewSpeakerForm,
    SlotForm,
)
from eventapp.programme.models import Event, Session
from eventapp.programme.organize.common import _attach, _session, _slot, _split, bp
from eventapp.programme.rules import Problem
from eventapp.request_input import parse_id
from eventapp.teams.roles import Capability


def _render_editor(event: Event, session: Session, *, existing: ExistingSpeakerForm | None = None,
                   new: NewSpeakerForm | None = None, warnings: list[Problem] | None = None,
                   warned_form: str = "", status: int = 200) -> ResponseReturnValue:
    existing = existing or ExistingSpeakerForm(formdata=None)
    new = new or NewSpeakerForm(formdata=None)
    existing.set_people(service.speaker_choices())
    new.set_choices(service.organization_choices(), active_categories())
    planned = sum(s.planned_minutes or 0 for s in session.slots)
    return render_template(
        "organize/session.html", event=event, session=session, existing_form=existing,
        new_form=new, planned_total=planned, warnings=warnings or [],
        warned_form=warned_form, **session_editor_boxes(event, session),
        history=audit_history(event.id, f"session:{session.id}"),
        history_subject=f"session:{session.id}",
    ), status


@bp.get("/events/<slug>/sessions/<int:session_id>/")
@requires(Capability.ORGANIZE, Capability.RUN_FLOOR)
def session(session_id: int) -> ResponseReturnValue:
    event = current_event()
    return _render_editor(event, _session(event, session_id))


_SPEAKER_FIELDS = {"person": "person", "planned_minutes": "planned_minutes", "role": "role"}


def _add(session: Session, person: Person,
         form: ExistingSpeakerForm | NewSpeakerForm) -> tuple[bool, list[Problem]]:
    """Add the speaker if the rules allow; (added, warnings awaiting acceptance)."""
    role, minutes = form.role.data, form.planned_minutes.data
    blocking, warnings = _split(service.check_speaker(session, person, role, minutes))
    if blocking or (warnings and not form.accept_warnings.data):
        _attach(form, blocking, _SPEAKER_FIELDS)
        return False, warnings
    try:
        service.add_speaker(session, person, role, minutes)
        db.session.commit()
    except IntegrityError:
        # Two identical submissions racing each other: the second one meets the constraint.
        db.session.rollback()
        form.person.errors = [*form.person.errors,
                              _("%(name)s already has this role here.",
                                name=person.full_name)]
        return False, []
    return True, []


def _rules_on_checked_fields(session: Session, form: ExistingSpeakerForm) -> None:
    """Some fields were refused: still tell a clash of the chosen person in this submission."""
    person = db.session.get(Person, form.person.data) if (
        form.person.data and not form.person.errors) else None
    if person is None or form.role.errors:
        return
    minutes = None if form.planned_minutes.errors else form.planned_minutes.data
    blocking, _warnings = _split(service.check_speaker(session, person, form.role.data, minutes))
    _attach(form, blocking, _SPEAKER_FIELDS)


@bp.post("/events/<slug>/sessions/<int:session_id>/speakers")
def add_existing_speaker(session_id: int) -> ResponseReturnValue:
    event = current_event()
    session = _session(event, session_id)
    form = ExistingSpeakerForm()
    form.set_people(service.speaker_choices())
    warnings: list[Problem] = []
    if form.validate_on_submit():
        person = db.get_or_404(Person, form.person.data)
        added, warnings = _add(session, person, form)
        if added:
            flash(_("%(name)s added to the panel.", name=person.full_name), "success")
            return redirect(url_for(".session", slug=event_slug(), session_id=session_id))
    else:
        _rules_on_checked_fields(session, form)
    return _render_editor(event, _session(event, session_id), existing=form,
                          warnings=warnings, warned_form="existing", status=400)


def _new_person_data(form: NewSpeakerForm) -> service.NewPersonData:
    choice = form.organization.data or ""
    new_org = None
    if choice == NEW_ORGANIZATION:
        new_org = service.NewOrganizationData(
            name=form.org_name.data or "", category_id=parse_id(form.org_category.data) or 0,
            country=(form.org_country.data or "").upper(),
            governance_level=form.org_governance_level.data,
        )
    return service.NewPersonData(
        first_name=form.first_name.data or "", last_name=form.last_name.data or "",
        honorific=form.honorific.data or "", job_title=form.job_title.data or "",
        gender=form.gender.data or None,
        organization_id=parse_id(choice),
        new_organization=new_org,
        category_id=parse_id(form.category.data),
    )


@bp.post("/events/<slug>/sessions/<int:session_id>/speakers/new")
def add_new_speaker(session_id: int) -> ResponseReturnValue:
    event = current_event()
    session = _session(event, session_id)
    form = NewSpeakerForm()
    form.set_choices(service.organization_choices(), active_categories())
    warnings: list[Problem] = []
    if form.validate_on_submit():
        try:
            person = service.find_or_create_person(_new_person_data(form))
        except service.ProgrammeError as exc:
            db.session.rollback()
            _attach(form, [Problem(exc.field, str(exc))], {})
        else:
            name = person.full_name
            added, warnings = _add(session, person, form)
            if added:
                flash(_("%(name)s added to the panel.", name=name), "success")
                return redirect(url_for(".session", slug=event_slug(), session_id=session_id))
            # Nothing of a refused submission is kept, not even the new person.
            db.session.rollback()
    return _render_editor(event, _session(event, session_id), new=form,
                          warnings=warnings, warned_form="new", status=400)


@bp.route("/events/<slug>/sessions/<int:session_id>/speakers/<int:slot_id>/edit",
          methods=["GET", "POST"])
def edit_slot(session_id: int, slot_id: int) -> ResponseReturnValue:
    event = current_event()
    session = _session(event, session_id)
    slot = _slot(session, slot_id)
    form = SlotForm(obj=slot)
    warnings: list[Problem] = []
    if form.validate_on_submit():
        role, minutes = form.role.data, form.planned_minutes.data
        problems = service.check_speaker(session, slot.person, role, minutes, slot_id=slot.id)
        blocking, warnings = _split(problems)
        if blocking or (warnings and not form.accept_warnings.data):
            _attach(form, blocking, {"person": "role"})
        else:
            service.update_speaker(slot, role, minutes)
            db.session.commit()
            flash(_("%(name)s's part saved.", name=slot.person.full_name), "success")
            return redirect(url_for(".session", slug=event_slug(), session_id=session_id))
    status = 400 if form.is_submitted() else 200
    return render_template("organize/slot_form.html", event=event, session=session,
                           slot=slot, form=form, warnings=warnings), status


@bp.post("/events/<slug>/sessions/<int:session_id>/speakers/<int:slot_id>/move")
def move_slot(session_id: int, slot_id: int) -> Response:
    event = current_event()
    session = _session(event, session_id)
    slot = _slot(session, slot_id)
    offsets = {"up": -1, "down": 1}
    direction = request.form.get("direction", "")
    if direction not in offsets:
        abort(400)
    service.move_speaker(slot, offsets[direction])
    db.session.commit()
    return redirect(url_for(".session", slug=event_slug(), session_id=session_id,
                            _anchor=f"slot-{slot.id}"))


@bp.route("/events/<slug>/sessions/<int:session_id>/speakers/<int:slot_id>/remove",
          methods=["GET", "POST"])
def remove_slot(session_id: int, slot_id: int) -> ResponseReturnValue:
    event = current_event()
    session = _session(event, session_id)
    if request.method == "POST":
        slot = next((s for s in session.slots if s.id == slot_id), None)
        if slot is None:
            flash(_("That speaker was already removed."), "success")
        else:
            name = slot.person.full_name
            service.remove_speaker(slot)
            db.session.commit()
            flash(_("%(name)s removed from the panel.", name=name), "success")
        return redirect(url_for(".session", slug=event_slug(), session_id=session_id))
    return render_template("organize/slot_remove.html", event=event, session=session,
                           slot=_slot(session, slot_id))
