"""Public side of the floor: the projector screen, its JSON state, and participants' requests.

floor.json is polled every second by every screen in the room, so its unchanged answer is
one query: the list's version, compared with the screen's If-None-Match, answers 304. The
state lives only in the database, so any gunicorn worker gives the same answer.
"""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from eventapp import fragment_cache
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.floor import clock, queries, requests, state
from eventapp.floor.forms import FloorRequestForm, WithdrawForm
from eventapp.floor.locking import FloorError
from eventapp.floor.models import ORDER_POLICY_LABELS
from eventapp.i18n import language_etag
from eventapp.programme import queries as programme_queries
from eventapp.programme.event_scope import (
    attach_event_loader,
    current_event,
    drafts_for_organizers,
    event_slug,
)
from eventapp.programme.models import Event, Session
from eventapp.teams.access import may_see_event

bp = Blueprint("floor", __name__, url_prefix="/events/<slug>/sessions/<int:session_id>")
# Lazy: floor.json's 304 and me.json's answer come from the list's stamp, without the event.
attach_event_loader(bp, organizer=False, lazy=True, published_only=True)


def _may_view_drafts() -> bool:
    return may_see_event(event_slug())


def _event_and_session(session_id: int) -> tuple[Event, Session]:
    """The URL's event and session as this visitor may see them (organizers see drafts)."""
    event = current_event()
    session = programme_queries.session_of_event_or_404(event, session_id, public=False)
    # Asked last: a scheduled session of a published event needs no look at the visitor's roles.
    if session.status != "scheduled" and event.is_published and not _may_view_drafts():
        abort(404)
    return event, session


def etag_for(session_id: int, list_id: int | None, version: int | None,
             opened_at: datetime | None = None) -> str:
    # The version is a counter: the list's opening instant keeps a list created after a
    # database was emptied (ids reused on SQLite) from repeating an earlier tag.
    opened = int(opened_at.timestamp() * 1_000_000) if opened_at is not None else 0
    return f"floor-{session_id}-{list_id or 0}-{version or 0}-{opened}"


@bp.get("/floor.json")
@drafts_for_organizers
def floor_json(session_id: int) -> ResponseReturnValue:
    slug = event_slug()
    # Projector screens poll every second: a worker may answer from a validator it read a
    # moment ago (FLOOR_VALIDATOR_TTL_SECONDS, well inside the two-second promise). Who may
    # see it is still decided on every request, below.
    stamp = fragment_cache.validators.get_or_compute(
        ("floor.json", slug, session_id),
        current_app.config["FLOOR_VALIDATOR_TTL_SECONDS"],
        lambda: queries.screen_stamp(slug, session_id),
    )
    if stamp is None:
        abort(404)
    published, status, list_id, version, opened_at = stamp
    if status == "deleted" or (not published and not _may_view_drafts()):
        abort(404)
    if published and status != "scheduled" and not _may_view_drafts():
        abort(404)
    # Category names and the session title follow the visitor's language: one tag per language.
    tag = language_etag(etag_for(session_id, list_id, version, opened_at))
    if request.if_none_match.contains(tag):
        response = current_app.response_class(status=304)
    else:
        def snapshot() -> dict:
            _, session = _event_and_session(session_id)
            speakers_list = queries.list_for_session(session_id)
            return state.public_snapshot(state.build(session, speakers_list, with_rows=False))

        # The tag names the list's version, so one snapshot per tag serves every worker's polls.
        cached = fragment_cache.cache.get_or_build(("floor.json", session_id, tag), snapshot)
        response = jsonify(state.public_json(cached, utcnow()))
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/floor")
@drafts_for_organizers
def screen(session_id: int) -> ResponseReturnValue:
    event, session = _event_and_session(session_id)
    speakers_list = queries.list_for_session(session_id)
    floor = state.build(session, speakers_list, with_rows=False)
    data = state.public_json(floor, utcnow())
    return render_template("floor/screen.html", event=event, session=session, floor=floor,
                           data=data, clock_text=state.clock_text(data["current"]))


def session_floor_context(event: Event, session: Session) -> dict:
    """What the public session page shows about the floor: the list, and this visitor's
    place on it as the chair will call them, with the forms to ask or withdraw."""
    speakers_list = queries.list_for_session(session.id)
    if speakers_list is None:
        return {"floor_list": None}
    person = current_user.person if current_user.is_authenticated else None
    floor = state.build(None, speakers_list, with_rows=False) if person is not None else None
    standing = requests.standing(speakers_list, person, floor)
    holding = ("speaking", "interrupted")
    speaking = standing.request if standing.status in holding else None
    elapsed = clock.elapsed(state.clock_of(speaking), utcnow()) if speaking else 0
    limit = speaking.limit_seconds if speaking else None
    registration = standing.registration
    return {"floor_list": speakers_list, "floor_standing": standing,
            "floor_form": FloorRequestForm(formdata=None),
            "floor_withdraw_form": WithdrawForm(formdata=None),
            "floor_policy": str(ORDER_POLICY_LABELS.get(speakers_list.policy, "")),
            "floor_role_label": str(state.ROLE_LABELS.get(registration.delegation_role, ""))
            if registration is not None else "",
            "floor_clock": {"elapsed": elapsed, "limit": limit, "running": bool(
                speaking and speaking.running_since),
                "text": clock.format_seconds(limit - elapsed if limit else elapsed)}}


def standing_json(context: dict, html: str) -> dict:
    """me.json: the visitor's status, place and clock, and the standing part re-rendered."""
    standing = context["floor_standing"]
    holding = standing.status in ("speaking", "interrupted")
    return {"status": standing.status, "place": standing.position,
            "waiting": standing.waiting, "is_open": standing.is_open,
            "clock": context["floor_clock"] if holding else None,
            "html": html}


@bp.get("/floor/me.json")
@drafts_for_organizers
def me_json(session_id: int) -> ResponseReturnValue:
    """This participant's standing, polled by floor-standing.js every second or two.

    Unchanged, it answers 304 after two queries (the user, the list's stamp): the tag names
    the list's version and the user. The clock runs in the page from the figures sent.
    """
    if not current_user.is_authenticated:
        return jsonify({"error": _("Log in to see your place on the list.")}), 401
    stamp = queries.screen_stamp(event_slug(), session_id)
    if stamp is None:
        abort(404)
    published, status, list_id, version, opened_at = stamp
    if status == "deleted" or list_id is None or (
            (not published or status != "scheduled") and not _may_view_drafts()):
        abort(404)
    tag = language_etag(f"me-{current_user.id}-" + etag_for(session_id, list_id, version,
                                                              opened_at))
    if request.if_none_match.contains(tag):
        response = current_app.response_class(status=304)
    else:
        event, session = _event_and_session(session_id)
        context = session_floor_context(event, session)
        html = render_template("floor/_floor_standing.html", event=event, session=session,
                               **context)
        response = jsonify(standing_json(context, html))
    response.set_etag(tag)
    # Personal: never kept by any cache; the script sends the tag back itself.
    response.headers["Cache-Control"] = "no-store"
    return response


def _back(slug: str, session_id: int) -> ResponseReturnValue:
    return redirect(url_for("public.session", slug=slug, session_id=session_id) + "#floor")


@bp.post("/floor/request")
def ask(session_id: int) -> ResponseReturnValue:
    slug = event_slug()
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for(
            "public.session", slug=slug, session_id=session_id)))
    # A delegation_role posted by an older page is ignored: the level of representation is
    # the one the organizers accredited on the registration.
    FloorRequestForm().validate()
    programme_queries.session_of_event_or_404(current_event(), session_id)
    speakers_list = queries.list_for_session(session_id)
    if speakers_list is None:
        flash(_("This session has no list of speakers."), "error")
        return _back(slug, session_id)
    try:
        place = requests.ask(speakers_list, current_user.person)
    except FloorError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(slug, session_id)
    flash(_("You are on the list of speakers, at position %(position)s.", position=place),
          "success")
    return _back(slug, session_id)


@bp.post("/floor/withdraw")
def withdraw(session_id: int) -> ResponseReturnValue:
    slug = event_slug()
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for(
            "public.session", slug=slug, session_id=session_id)))
    WithdrawForm().validate()
    programme_queries.session_of_event_or_404(current_event(), session_id)
    speakers_list = queries.list_for_session(session_id)
    if speakers_list is None:
        abort(404)
    try:
        requests.withdraw(speakers_list, current_user.person)
    except FloorError as error:
        flash(str(error), "error")
        return _back(slug, session_id)
    flash(_("You are off the list of speakers."), "success")
    return _back(slug, session_id)
