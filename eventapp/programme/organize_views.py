"""Organizer back office for the programme, under /organize/.

Views parse the form, call the programme's domain functions and render; every rule and
every message comes from rules.py / service.py / events.py.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from eventapp.accounts.access import organizer_required
from eventapp.balance.impact import panel_impact
from eventapp.extensions import db
from eventapp.people.categories import active_categories
from eventapp.people.models import Person
from eventapp.programme import events as event_service
from eventapp.programme import queries, rescheduling, rules, service
from eventapp.programme.events import EventData, EventError
from eventapp.programme.forms import (
    NEW_ORGANIZATION,
    EventChangeForm,
    EventForm,
    ExistingSpeakerForm,
    NewSpeakerForm,
    RoomForm,
    SessionForm,
    SlotForm,
)
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.programme.rules import Problem
from eventapp.request_input import parse_id
from eventapp.timeutil import zone_choices

bp = Blueprint("organize", __name__, url_prefix="/organize")


# --- Helpers -------------------------------------------------------------------------------


def _event(slug: str) -> Event:
    return db.first_or_404(select(Event).where(Event.slug == slug))


def _session(event: Event, session_id: int) -> Session:
    return queries.session_of_event_or_404(event, session_id, public=False)


def _slot(session: Session, slot_id: int) -> SpeakingSlot:
    for slot in session.slots:
        if slot.id == slot_id:
            return slot
    abort(404)


def _room(event: Event, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        abort(404)
    return room


def _attach(form, problems: list[Problem], fields: dict[str, str]) -> None:  # noqa: ANN001
    """Put each blocking problem's message on the form field it is about."""
    for problem in problems:
        if problem.is_warning:
            continue
        name = fields.get(problem.field, problem.field)
        field = getattr(form, name, None) or next(iter(form))
        field.errors = [*field.errors, problem.message]


def _split(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    return [p for p in problems if not p.is_warning], [p for p in problems if p.is_warning]


# --- Events --------------------------------------------------------------------------------


@bp.get("/")
@organizer_required
def dashboard():  # noqa: ANN201
    events = db.session.scalars(select(Event).order_by(Event.start_date.desc())).all()
    return render_template("organize/dashboard.html", events=events)


_EVENT_VERSIONS = ("title_fr", "title_es", "theme_fr", "theme_es", "description_fr",
                   "description_es")


def _event_data(form: EventForm, *, published: bool) -> EventData:
    return EventData(
        slug=form.slug.data or "", title=form.title.data or "",
        timezone=form.timezone.data or "", start_date=form.start_date.data,
        end_date=form.end_date.data, theme=form.theme.data or "",
        description=form.description.data or "", venue=form.venue.data or "",
        city=form.city.data or "", country=form.country.data or "", is_published=published,
        **{name: getattr(form, name).data or "" for name in _EVENT_VERSIONS},
    )


def _save_event(form: EventForm, event: Event | None) -> Event | None:
    data = _event_data(form, published=event.is_published if event else False)
    try:
        saved = (event_service.update_event(event, data) if event
                 else event_service.create_event(data))
        db.session.commit()
    except EventError as exc:
        db.session.rollback()
        field = getattr(form, exc.field, form.slug)
        field.errors = [*field.errors, str(exc)]
        return None
    except IntegrityError:
        db.session.rollback()
        form.slug.errors = [*form.slug.errors,
                            _("Another event already uses the short name “%(slug)s”.",
                              slug=data.slug)]
        return None
    return saved


@bp.route("/events/new", methods=["GET", "POST"])
@organizer_required
def new_event():  # noqa: ANN201
    form = EventForm()
    if form.validate_on_submit():
        event = _save_event(form, None)
        if event is not None:
            flash(_("Event “%(title)s” created. It stays a draft until you publish it.",
                    title=event.title), "success")
            return redirect(url_for(".event", slug=event.slug))
    status = 400 if form.is_submitted() else 200
    return render_template("organize/event_form.html", form=form, event=None,
                           zones=zone_choices()), status


@bp.get("/events/<slug>/")
@organizer_required
def event(slug: str):  # noqa: ANN201
    event = _event(slug)
    sessions = service.organizer_sessions(event)
    days = queries.sessions_by_local_day(event, [s for s, _ in sessions])
    outside = rescheduling.outside_ids([s for s, _ in sessions], start_date=event.start_date,
                                       end_date=event.end_date, zone=event.zone)
    return render_template(
        "organize/event.html", event=event, rooms=service.event_rooms(event), days=days,
        speaker_counts={s.id: n for s, n in sessions},
        first_session=sessions[0][0] if sessions else None,
        outside=[s for s, _ in sessions if s.id in outside],
    )


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
@organizer_required
def edit_event(slug: str):  # noqa: ANN201
    event = _event(slug)
    form = EventForm(obj=event)
    if form.validate_on_submit():
        data = _event_data(form, published=event.is_published)
        try:
            event_service.validate_event(data, event_id=event.id)
        except EventError as exc:
            field = getattr(form, exc.field, form.slug)
            field.errors = [*field.errors, str(exc)]
        else:
            return _confirm_or_save(event, form, data)
    elif not form.is_submitted():
        # An event stored before the date rule: say so at once, on the date to fix.
        problem = rules.event_dates_problem(event.start_date, event.end_date)
        if problem is not None:
            field = getattr(form, problem.field)
            field.errors = [*field.errors, problem.message]
    status = 400 if form.is_submitted() else 200
    return render_template("organize/event_form.html", form=form, event=event,
                           zones=zone_choices()), status


def _confirm_or_save(event: Event, form: EventForm, data: EventData):  # noqa: ANN202
    """Apply an edit at once, or first ask about the sessions it moves or leaves out."""
    sessions = [s for s, _ in service.organizer_sessions(event)]
    timings = rescheduling.timings_of(sessions)
    change = EventChangeForm(request.form)
    plans = {mode: rescheduling.plan_event_change(
        timings, old_zone=event.zone, new_zone=ZoneInfo(data.timezone),
        start_date=data.start_date, end_date=data.end_date, mode=mode)
        for mode, _label in rescheduling.ZONE_MODES}
    valid = change.validate()
    plan = plans[change.zone_mode.data if valid else rescheduling.KEEP_LOCAL_TIMES]
    cancelled: list[Session] = []
    if plan.needs_confirmation:
        confirmed = (valid and request.form.get("confirmed") == "yes"
                     and change.fingerprint.data == rescheduling.fingerprint(timings))
        if not confirmed or plan.blocked:
            change.fingerprint.data = rescheduling.fingerprint(timings)
            return render_template(
                "organize/event_change_confirm.html", event=event, form=form, change=change,
                plans=plans, plan=plan, refused=confirmed and bool(plan.blocked),
            ), 400 if confirmed else 200
        cancelled = rescheduling.apply_event_change(
            sessions, plan, outside_action=change.outside_action.data)
    saved = _save_event(form, event)
    if saved is None:
        return render_template("organize/event_form.html", form=form, event=event,
                               zones=zone_choices()), 400
    flash(_("Event details saved."), "success")
    if plan.zone_changes and plan.moves:
        zones = {"old": plan.old_zone.key, "new": plan.new_zone.key}
        if plan.mode == rescheduling.KEEP_LOCAL_TIMES:
            flash(ngettext(
                "Time zone changed from %(old)s to %(new)s: %(num)d session(s) kept their "
                "local times.",
                "Time zone changed from %(old)s to %(new)s: %(num)d session(s) kept their "
                "local times.", len(plan.moves), **zones), "success")
        else:
            flash(ngettext(
                "Time zone changed from %(old)s to %(new)s: %(num)d session(s) kept their "
                "moments in time, so their local times changed.",
                "Time zone changed from %(old)s to %(new)s: %(num)d session(s) kept their "
                "moments in time, so their local times changed.", len(plan.moves), **zones),
                "success")
    if cancelled:
        flash(ngettext("%(num)d session(s) outside the new dates cancelled.",
                       "%(num)d session(s) outside the new dates cancelled.", len(cancelled)),
              "success")
    elif plan.outside:
        flash(ngettext("%(num)d session(s) are outside the event's dates; they are listed on "
                       "the event page until you move or cancel them.",
                       "%(num)d session(s) are outside the event's dates; they are listed on "
                       "the event page until you move or cancel them.", len(plan.outside)),
              "warning")
    return redirect(url_for(".event", slug=saved.slug))


@bp.post("/events/<slug>/publish")
@organizer_required
def publish_event(slug: str) -> Response:
    event = _event(slug)
    event_service.set_published(event, True)
    db.session.commit()
    flash(_("The event is published: its pages and agenda are public."), "success")
    return redirect(url_for(".event", slug=slug))


@bp.post("/events/<slug>/unpublish")
@organizer_required
def unpublish_event(slug: str) -> Response:
    event = _event(slug)
    event_service.set_published(event, False)
    db.session.commit()
    flash(_("The event is back to draft: only organizers can see it."), "success")
    return redirect(url_for(".event", slug=slug))


@bp.route("/events/<slug>/delete", methods=["GET", "POST"])
@organizer_required
def delete_event(slug: str):  # noqa: ANN201
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        if request.method == "POST":
            # A second click on "Delete" finds the work already done.
            flash(_("That event has already been deleted."), "success")
            return redirect(url_for(".dashboard"))
        abort(404)
    if request.method == "POST":
        title = event.title
        event_service.delete_event(event)
        db.session.commit()
        flash(_("Event “%(title)s” deleted.", title=title), "success")
        return redirect(url_for(".dashboard"))
    return render_template("organize/event_delete.html", event=event,
                           summary=event_service.deletion_summary(event))


# --- Rooms ---------------------------------------------------------------------------------


@bp.route("/events/<slug>/rooms", methods=["GET", "POST"])
@organizer_required
def rooms(slug: str):  # noqa: ANN201
    event = _event(slug)
    form = RoomForm()
    if form.validate_on_submit():
        try:
            room = service.add_room(event, form.name.data, form.capacity.data,
                                    name_fr=form.name_fr.data, name_es=form.name_es.data)
            db.session.commit()
        except service.ProgrammeError as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            flash(_("Room “%(name)s” added.", name=room.name), "success")
            return redirect(url_for(".rooms", slug=slug))
    status = 400 if form.is_submitted() else 200
    return render_template("organize/rooms.html", event=event, form=form,
                           rooms=service.event_rooms(event)), status


@bp.route("/events/<slug>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@organizer_required
def edit_room(slug: str, room_id: int):  # noqa: ANN201
    event = _event(slug)
    room = _room(event, room_id)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            service.update_room(room, form.name.data, form.capacity.data,
                                name_fr=form.name_fr.data, name_es=form.name_es.data)
            db.session.commit()
        except service.ProgrammeError as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            flash(_("Room saved."), "success")
            return redirect(url_for(".rooms", slug=slug))
    status = 400 if form.is_submitted() else 200
    return render_template("organize/room_form.html", event=event, room=room,
                           form=form), status


@bp.route("/events/<slug>/rooms/<int:room_id>/delete", methods=["GET", "POST"])
@organizer_required
def delete_room(slug: str, room_id: int):  # noqa: ANN201
    event = _event(slug)
    room = _room(event, room_id)
    if request.method == "POST":
        name = room.name
        service.delete_room(room)
        db.session.commit()
        flash(_("Room “%(name)s” deleted.", name=name), "success")
        return redirect(url_for(".rooms", slug=slug))
    return render_template("organize/room_delete.html", event=event, room=room,
                           sessions=service.sessions_in_room(room))


# --- Sessions ------------------------------------------------------------------------------

# Where each rule's message goes on the session form.
_TIME_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}
_SESSION_FIELDS = {"starts_at": "day", "ends_at": "end_time", "room": "room",
                   "person": "start_time"}


_SESSION_VERSIONS = ("title_fr", "title_es", "description_fr", "description_es")


def _save_session_form(event: Event, form: SessionForm,
                       session: Session | None) -> tuple[Session | None, list[Problem]]:
    """Save when every rule passes (and warnings are accepted); else mark the form."""
    data, problems = service.session_data_from_local(
        event, title=form.title.data, kind=form.kind.data, day=form.day.data,
        start=form.start_time.data, end=form.end_time.data, room_id=form.room.data,
        description=form.description.data or "",
        versions={name: getattr(form, name).data or "" for name in _SESSION_VERSIONS},
    )
    if data is None:
        _attach(form, problems, _TIME_FIELDS)
        return None, []
    problems = service.check_session(event, data, session_id=session.id if session else None)
    blocking, warnings = _split(problems)
    if blocking or (warnings and not form.accept_warnings.data):
        _attach(form, blocking, _SESSION_FIELDS)
        return None, warnings
    saved = service.save_session(event, data, session)
    db.session.commit()
    return saved, []


def _render_session_form(event: Event, form: SessionForm, session: Session | None,
                         warnings: list[Problem]):  # noqa: ANN202
    status = 400 if form.is_submitted() else 200
    return render_template("organize/session_form.html", event=event, form=form,
                           session=session, warnings=warnings), status


@bp.route("/events/<slug>/sessions/new", methods=["GET", "POST"])
@organizer_required
def new_session(slug: str):  # noqa: ANN201
    event = _event(slug)
    form = SessionForm()
    form.set_rooms(service.event_rooms(event))
    if not form.is_submitted():
        form.day.data = event.start_date
    warnings: list[Problem] = []
    if form.validate_on_submit():
        saved, warnings = _save_session_form(event, form, None)
        if saved is not None:
            flash(_("Session “%(title)s” added.", title=saved.title), "success")
            return redirect(url_for(".session", slug=slug, session_id=saved.id))
    return _render_session_form(event, form, None, warnings)


@bp.route("/events/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@organizer_required
def edit_session(slug: str, session_id: int):  # noqa: ANN201
    event = _event(slug)
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
            return redirect(url_for(".session", slug=slug, session_id=saved.id))
    return _render_session_form(event, form, session, warnings)


def _render_editor(event: Event, session: Session, *, existing: ExistingSpeakerForm | None = None,
                   new: NewSpeakerForm | None = None, warnings: list[Problem] | None = None,
                   warned_form: str = "", status: int = 200):  # noqa: ANN202
    existing = existing or ExistingSpeakerForm(formdata=None)
    new = new or NewSpeakerForm(formdata=None)
    existing.set_people(service.speaker_choices())
    new.set_choices(service.organization_choices(), active_categories())
    planned = sum(s.planned_minutes or 0 for s in session.slots)
    return render_template(
        "organize/session.html", event=event, session=session, existing_form=existing,
        new_form=new, planned_total=planned, warnings=warnings or [],
        warned_form=warned_form, balance_box=panel_impact(event, session),
    ), status


@bp.get("/events/<slug>/sessions/<int:session_id>/")
@organizer_required
def session(slug: str, session_id: int):  # noqa: ANN201
    event = _event(slug)
    return _render_editor(event, _session(event, session_id))


_SPEAKER_FIELDS = {"person": "person", "planned_minutes": "planned_minutes", "role": "role"}


def _add(session: Session, person: Person, form) -> tuple[bool, list[Problem]]:  # noqa: ANN001
    """Add the speaker if the rules allow; (added, warnings awaiting acceptance)."""
    role, minutes = form.role.data, form.planned_minutes.data
    blocking, warnings = _split(service.check_speaker(session, person, role, minutes))
    if blocking or (warnings and not form.accept_warnings.data):
        _attach(form, blocking, _SPEAKER_FIELDS)
        return False, warnings
    service.add_speaker(session, person, role, minutes)
    try:
        db.session.commit()
    except IntegrityError:
        # Two identical submissions racing each other: the second one meets the constraint.
        db.session.rollback()
        form.person.errors = [*form.person.errors,
                              _("%(name)s already has this role here.",
                                name=person.full_name)]
        return False, []
    return True, []


@bp.post("/events/<slug>/sessions/<int:session_id>/speakers")
@organizer_required
def add_existing_speaker(slug: str, session_id: int):  # noqa: ANN201
    event = _event(slug)
    session = _session(event, session_id)
    form = ExistingSpeakerForm()
    form.set_people(service.speaker_choices())
    warnings: list[Problem] = []
    if form.validate_on_submit():
        person = db.get_or_404(Person, form.person.data)
        added, warnings = _add(session, person, form)
        if added:
            flash(_("%(name)s added to the panel.", name=person.full_name), "success")
            return redirect(url_for(".session", slug=slug, session_id=session_id))
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
@organizer_required
def add_new_speaker(slug: str, session_id: int):  # noqa: ANN201
    event = _event(slug)
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
                return redirect(url_for(".session", slug=slug, session_id=session_id))
            # Nothing of a refused submission is kept, not even the new person.
            db.session.rollback()
    return _render_editor(event, _session(event, session_id), new=form,
                          warnings=warnings, warned_form="new", status=400)


@bp.route("/events/<slug>/sessions/<int:session_id>/speakers/<int:slot_id>/edit",
          methods=["GET", "POST"])
@organizer_required
def edit_slot(slug: str, session_id: int, slot_id: int):  # noqa: ANN201
    event = _event(slug)
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
            return redirect(url_for(".session", slug=slug, session_id=session_id))
    status = 400 if form.is_submitted() else 200
    return render_template("organize/slot_form.html", event=event, session=session,
                           slot=slot, form=form, warnings=warnings), status


@bp.post("/events/<slug>/sessions/<int:session_id>/speakers/<int:slot_id>/move")
@organizer_required
def move_slot(slug: str, session_id: int, slot_id: int) -> Response:
    event = _event(slug)
    session = _session(event, session_id)
    slot = _slot(session, slot_id)
    offsets = {"up": -1, "down": 1}
    direction = request.form.get("direction", "")
    if direction not in offsets:
        abort(400)
    service.move_speaker(slot, offsets[direction])
    db.session.commit()
    return redirect(url_for(".session", slug=slug, session_id=session_id,
                            _anchor=f"slot-{slot.id}"))


@bp.route("/events/<slug>/sessions/<int:session_id>/speakers/<int:slot_id>/remove",
          methods=["GET", "POST"])
@organizer_required
def remove_slot(slug: str, session_id: int, slot_id: int):  # noqa: ANN201
    event = _event(slug)
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
        return redirect(url_for(".session", slug=slug, session_id=session_id))
    return render_template("organize/slot_remove.html", event=event, session=session,
                           slot=_slot(session, slot_id))


_STATUS_ACTIONS = {
    "cancel": ("cancelled", _l("Session cancelled. It stays in calendars, marked cancelled.")),
    "delete": ("deleted", _l("Session deleted.")),
}


@bp.route("/events/<slug>/sessions/<int:session_id>/cancel", methods=["GET", "POST"],
          defaults={"action": "cancel"})
@bp.route("/events/<slug>/sessions/<int:session_id>/delete", methods=["GET", "POST"],
          defaults={"action": "delete"})
@organizer_required
def session_status(slug: str, session_id: int, action: str):  # noqa: ANN201
    event = _event(slug)
    status, message = _STATUS_ACTIONS[action]
    if request.method == "POST":
        found = db.session.scalar(
            select(Session).where(Session.id == session_id, Session.event_id == event.id)
        )
        # Deleting twice is harmless; cancelling a deleted session must not bring it back.
        if found is None or (found.status == "deleted" and status != "deleted"):
            abort(404)
        service.set_session_status(found, status)
        db.session.commit()
        flash(str(message), "success")
        if status == "deleted":
            return redirect(url_for(".event", slug=slug))
        return redirect(url_for(".session", slug=slug, session_id=session_id))
    session = _session(event, session_id)
    return render_template("organize/session_confirm.html", event=event, session=session,
                           action=action)


@bp.post("/events/<slug>/sessions/<int:session_id>/restore")
@organizer_required
def restore_session(slug: str, session_id: int) -> Response:
    event = _event(slug)
    session = _session(event, session_id)
    # While it was cancelled its room or speakers may have been booked elsewhere.
    blocking, _warnings = _split(service.check_session(event, service.data_of(session),
                                               session_id=session.id))
    if blocking:
        for problem in blocking:
            flash(_("The session was not restored: %(reason)s", reason=problem.message),
                  "error")
    else:
        service.set_session_status(session, "scheduled")
        db.session.commit()
        flash(_("Session restored to the programme."), "success")
    return redirect(url_for(".session", slug=slug, session_id=session_id))
