"""The rooms of an event: list and add, rename, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from eventapp.extensions import db
from eventapp.programme import service
from eventapp.programme.event_scope import current_event, event_slug
from eventapp.programme.forms import RoomForm
from eventapp.programme.models import Event
from eventapp.programme.organize.common import _room, bp


def _add_name_problem(form: RoomForm, event: Event, room_id: int | None) -> None:
    """Other fields were refused: still check the name, so one submit tells every mistake."""
    if not form.is_submitted() or "csrf_token" in form.errors or form.name.errors:
        return
    problem = service.room_name_problem(event, form.name.data or "", room_id)
    if problem is not None:
        form.name.errors = [*form.name.errors, problem]


@bp.route("/events/<slug>/rooms", methods=["GET", "POST"])
def rooms() -> ResponseReturnValue:
    event = current_event()
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
            return redirect(url_for(".rooms", slug=event_slug()))
    else:
        _add_name_problem(form, event, None)
    status = 400 if form.is_submitted() else 200
    return render_template("organize/rooms.html", event=event, form=form,
                           rooms=service.event_rooms(event)), status


@bp.route("/events/<slug>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def edit_room(room_id: int) -> ResponseReturnValue:
    event = current_event()
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
            return redirect(url_for(".rooms", slug=event_slug()))
    else:
        _add_name_problem(form, event, room.id)
    status = 400 if form.is_submitted() else 200
    return render_template("organize/room_form.html", event=event, room=room,
                           form=form), status


@bp.route("/events/<slug>/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def delete_room(room_id: int) -> ResponseReturnValue:
    event = current_event()
    room = _room(event, room_id)
    if request.method == "POST":
        name = room.name
        service.delete_room(room)
        db.session.commit()
        flash(_("Room “%(name)s” deleted.", name=name), "success")
        return redirect(url_for(".rooms", slug=event_slug()))
    return render_template("organize/room_delete.html", event=event, room=room,
                           sessions=service.sessions_in_room(room))
