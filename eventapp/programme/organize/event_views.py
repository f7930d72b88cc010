"""The organizer's events: the dashboard, creating, editing (and rescheduling what a new
zone or new dates move), publishing and deleting."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response
from wtforms import Field

from eventapp.extensions import db
from eventapp.i18n import current_language
from eventapp.programme import events as event_service
from eventapp.programme import queries, rescheduling, rules, service
from eventapp.programme.event_scope import (
    ANY_ROLE,
    current_event,
    event_may_be_missing,
    event_slug,
    requires,
)
from eventapp.programme.events import EventData, EventError
from eventapp.programme.forms import EventChangeForm, EventForm, NewEventForm
from eventapp.programme.models import Event, Session
from eventapp.programme.organize.common import bp
from eventapp.teams import service as team_service
from eventapp.teams.access import is_admin, may_anywhere, my_team_roles
from eventapp.teams.emails import queue_invitation
from eventapp.teams.roles import OWNER, Capability
from eventapp.timeutil import zone_choices

NEW_EVENT = frozenset({Capability.CREATE_EVENTS})


@bp.get("/")
@requires(*ANY_ROLE)
def dashboard() -> ResponseReturnValue:
    """Every event for site administrators; the events of the account's teams for others."""
    statement = select(Event).order_by(Event.start_date.desc())
    roles = {} if is_admin() else {found.event_id: found.role
                                   for found in my_team_roles().values()}
    if not is_admin():
        statement = statement.where(Event.id.in_(roles))
    return render_template("organize/dashboard.html", events=db.session.scalars(statement).all(),
                           roles=roles, may_create=may_anywhere(NEW_EVENT),
                           is_admin=is_admin())


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


def _rules_on_checked_fields(form: EventForm, event_id: int | None) -> bool:
    """Add the event rules' messages to the fields that passed their own checks.

    Run on every submission, so a bad short name, an unknown zone and reversed dates are
    all told at once. True when a rule is broken.
    """
    refused = frozenset(field.name for field in form if field.errors)
    problems = event_service.event_problems(_event_data(form, published=False),
                                            event_id=event_id, skip=refused)
    for problem in problems:
        field = getattr(form, problem.field, form.slug)
        field.errors = [*field.errors, str(problem)]
    return bool(problems)


def _save_event(form: EventForm, event: Event | None) -> Event | None:
    data = _event_data(form, published=event.is_published if event else False)
    try:
        saved = (event_service.update_event(event, data) if event
                 else event_service.create_event(data))
        if event is None:
            _give_ownership(saved, getattr(form, "owner_email", None))
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


def _give_ownership(event: Event, owner_email: Field | None) -> None:
    """The creator owns the new event, unless an administrator named an owner: that address
    is invited (by the outbox, in this transaction)."""
    if owner_email is not None and owner_email.data:
        invitation = team_service.invite(event.id, owner_email.data, OWNER,
                                         language=current_language(), invited_by=current_user)
        queue_invitation(invitation, event.title, current_user.email)
    else:
        team_service.add_member(event.id, current_user, OWNER)


@bp.route("/events/new", methods=["GET", "POST"])
@requires(Capability.CREATE_EVENTS)
def new_event() -> ResponseReturnValue:
    form = NewEventForm()
    if not is_admin():
        del form.owner_email
    valid = form.validate_on_submit()
    if form.is_submitted() and not _rules_on_checked_fields(form, None) and valid:
        event = _save_event(form, None)
        if event is not None:
            flash(_("Event “%(title)s” created. It stays a draft until you publish it.",
                    title=event.title), "success")
            owner = getattr(form, "owner_email", None)
            if owner is not None and owner.data:
                flash(_("We invited %(email)s to own the event.", email=owner.data.strip()),
                      "success")
            return redirect(url_for(".event", slug=event.slug))
    status = 400 if form.is_submitted() else 200
    return render_template("organize/event_form.html", form=form, event=None,
                           zones=zone_choices()), status


@bp.get("/events/<slug>/")
@requires(Capability.ORGANIZE, Capability.RUN_FLOOR)
def event() -> ResponseReturnValue:
    event = current_event()
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
def edit_event() -> ResponseReturnValue:
    event = current_event()
    form = EventForm(obj=event)
    valid = form.validate_on_submit()
    if form.is_submitted():
        if not _rules_on_checked_fields(form, event.id) and valid:
            return _confirm_or_save(event, form, _event_data(form, published=event.is_published))
    else:
        # An event stored before the date rule: say so at once, on the date to fix.
        problem = rules.event_dates_problem(event.start_date, event.end_date)
        if problem is not None:
            field = getattr(form, problem.field)
            field.errors = [*field.errors, problem.message]
    status = 400 if form.is_submitted() else 200
    return render_template("organize/event_form.html", form=form, event=event,
                           zones=zone_choices()), status


def _confirm_or_save(event: Event, form: EventForm, data: EventData) -> ResponseReturnValue:
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
def publish_event() -> Response:
    event = current_event()
    event_service.set_published(event, True)
    db.session.commit()
    flash(_("The event is published: its pages and agenda are public."), "success")
    return redirect(url_for(".event", slug=event_slug()))


@bp.post("/events/<slug>/unpublish")
def unpublish_event() -> Response:
    event = current_event()
    event_service.set_published(event, False)
    db.session.commit()
    flash(_("The event is back to draft: only organizers can see it."), "success")
    return redirect(url_for(".event", slug=event_slug()))


@bp.route("/events/<slug>/delete", methods=["GET", "POST"])
@requires(Capability.DELETE_EVENT)
@event_may_be_missing
def delete_event() -> ResponseReturnValue:
    event: Event | None = g.event
    if event is None:
        if request.method == "POST":
            # A second click on "Delete" finds the work already done.
            flash(_("That event has already been deleted."), "success")
            return redirect(_after_deleting())
        abort(404)
    if request.method == "POST":
        title = event.title
        event_service.delete_event(event)
        db.session.commit()
        flash(_("Event “%(title)s” deleted.", title=title), "success")
        return redirect(_after_deleting())
    return render_template("organize/event_delete.html", event=event,
                           summary=event_service.deletion_summary(event))


def _after_deleting() -> str:
    """The event list, or the public one for an owner whose only event this was."""
    return url_for(".dashboard") if current_user.is_organizer else url_for("public.events")
