"""Calendar feeds, the personal agenda, agenda stars and schedule exports."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp import compression, fragment_cache
from eventapp.accounts.access import safe_next_url
from eventapp.accounts.models import User
from eventapp.calendars import agenda, ics, queries, schedule_pieces, tokens
from eventapp.calendars.event_feed import build_event_feed
from eventapp.calendars.links import subscription_links, webcal_url
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.i18n import language_etag, supported
from eventapp.i18n.content import localized
from eventapp.i18n.recipient import in_language, language_of
from eventapp.links import public_base_url, public_url
from eventapp.programme import queries as programme_queries
from eventapp.programme.event_scope import attach_event_loader, current_event, event_slug
from eventapp.programme.models import Session

bp = Blueprint("calendars", __name__)
# Lazy: the feeds and schedule exports answer from the event's stamp, without its row.
attach_event_loader(bp, organizer=False, lazy=True, published_only=True)

PUBLIC_CACHE = "public, max-age=0, must-revalidate, no-transform"
# A personal feed lists what one person attends or speaks at: no cache, shared or private,
# may keep it (a secret link can leak through a kept copy). Revalidation still works: the
# ETag lets a calendar app that asks again with If-None-Match get a 304.
PRIVATE_CACHE = "no-store"


def _reference_year() -> int:
    return utcnow().year


def _session_url(slug: str, session_id: int) -> str:
    # From PUBLIC_BASE_URL, never the request's Host: the body is cached and shared.
    return public_url("public.session", slug=slug, session_id=session_id)


def _entries(sessions: Iterable[Session]) -> list[ics.CalendarEntry]:
    return [
        ics.entry_for_session(s, url=_session_url(s.event.slug, s.id)) for s in sessions
    ]


def _not_modified(validator: queries.Validator) -> bool:
    if request.if_none_match:
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); W/ tags match too.
        # Encoding suffixes were already taken off (see eventapp.compression).
        return request.if_none_match.contains_weak(language_etag(validator.etag))
    since = request.if_modified_since
    if since is not None and validator.last_modified is not None:
        return validator.last_modified.replace(microsecond=0) <= since
    return False


def _export_response(
    validator: queries.Validator | None, build: Callable[[], bytes], *,
    content_type: str, cache_control: str, filename: str | None = None,
    cache_key: Hashable | None = None,
) -> Response:
    """An export's body, or 304 when the client's copy is current.

    With a cache_key (which must name the content version), the body is built once per
    version and kept compressed in each encoding a client asked for, so a hit costs no
    build and no compression. Without one, it is built now and compressed on the way out.
    """
    if validator is not None and _not_modified(validator):
        response = Response(status=304, content_type=content_type)
    elif cache_key is None:
        response = Response(build(), content_type=content_type)
    else:
        body, encoding = compression.cached_encoded(
            fragment_cache.cache, cache_key, build, compression.negotiate()
        )
        response = Response(body, content_type=content_type)
        if encoding is not None:
            response.headers["Content-Encoding"] = encoding
    if filename is not None and response.status_code == 200:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if validator is not None:
        response.set_etag(language_etag(validator.etag))
        if validator.last_modified is not None:
            response.last_modified = validator.last_modified
    response.headers["Cache-Control"] = cache_control
    return response


def _calendar_response(
    validator: queries.Validator | None, build: Callable[[], bytes], filename: str,
    *, cache_control: str, cache_key: Hashable | None = None,
) -> Response:
    return _export_response(validator, build, content_type=ics.CONTENT_TYPE,
                            cache_control=cache_control, filename=filename,
                            cache_key=cache_key)


def _published_stamp(slug: str) -> queries.EventStamp:
    """The event's feed stamp (shared by the feed and the schedule exports), or 404."""
    year = _reference_year()
    stamp = fragment_cache.validators.get_or_compute(
        ("event.ics", slug, year),
        current_app.config["FEED_VALIDATOR_TTL_SECONDS"],
        lambda: queries.event_feed_stamp(slug, year),
    )
    if stamp is None or not stamp.published:
        abort(404)
    return stamp


def _cache_key(kind: str, stamp: queries.EventStamp) -> Hashable | None:
    # The ETag covers everything in the body (URLs come from PUBLIC_BASE_URL, never the
    # Host), so equal tags mean equal bytes. Unset versions cannot tell contents apart.
    return (kind, stamp.event_id, stamp.validator.etag) if stamp.reusable else None


@bp.get("/events/<slug>/calendar.ics")
def event_feed() -> Response:
    slug = event_slug()
    stamp = _published_stamp(slug)
    year = _reference_year()

    def build() -> bytes:
        body = build_event_feed(stamp.event_id, year, _session_url, public_base_url())
        if body is None:  # deleted since its stamp was read
            abort(404)
        return body

    return _calendar_response(stamp.validator, build, ics.safe_filename(slug),
                              cache_control=PUBLIC_CACHE,
                              cache_key=_cache_key("event.ics", stamp))


@bp.get("/events/<slug>/sessions/<int:session_id>/calendar.ics")
def session_ics(session_id: int) -> Response:
    session = queries.feed_session_or_404(current_event(), session_id)
    body = ics.build_calendar(_entries([session]), reference_year=_reference_year())
    filename = ics.safe_filename(f"{event_slug()}-session-{session.id}")
    return _calendar_response(None, lambda: body, filename, cache_control=PUBLIC_CACHE)


def _personal_calendar(owner: tokens.FeedOwner | User, validator: queries.Validator,
                       filename: str) -> Response:
    """The owner's agenda in the language the link asks for (`?lang=`), else the owner's,
    whoever fetches it: a calendar app sends its own Accept-Language, or none. The ETag
    names that language too."""
    year = _reference_year()

    def build() -> bytes:
        sessions = queries.personal_sessions(owner.id)
        zone = sessions[0].event.timezone if sessions else "UTC"
        feed = ics.FeedInfo(name=_("My agenda"), zone=zone)
        return ics.build_calendar(_entries(sessions), reference_year=year, feed=feed)

    language = supported(request.args.get("lang")) or language_of(owner)
    with in_language(language):
        return _calendar_response(validator, build, filename, cache_control=PRIVATE_CACHE)


@bp.get("/me/agenda.ics")
@login_required
def my_agenda_ics() -> Response:
    validator = queries.personal_feed_validator(current_user.id, _reference_year())
    return _personal_calendar(current_user, validator, "my-agenda.ics")


@bp.get("/feeds/<token>.ics")
def personal_feed(token: str) -> Response:
    owner = tokens.owner_for(token)
    if owner is None:
        abort(404)
    validator = queries.personal_feed_validator(owner.id, _reference_year())
    return _personal_calendar(owner, validator, "my-agenda.ics")


@bp.get("/me/agenda")
@login_required
def my_agenda() -> ResponseReturnValue:
    sessions = queries.personal_sessions(current_user.id, include_deleted=False)
    speaking = queries.speaking_session_ids(current_user.id)
    feed_token = tokens.token_of(current_user.id)
    feed_url = (
        public_url("calendars.personal_feed", token=feed_token.token)
        if feed_token else None
    )
    return render_template(
        "calendars/my_agenda.html",
        events=agenda.group_by_event_and_day(sessions),
        speaking=speaking,
        feed_url=feed_url,
        webcal=webcal_url(feed_url) if feed_url else None,
        subscribe=subscription_links(feed_url, _("My agenda")) if feed_url else None,
    )


@bp.post("/me/agenda/subscription")
@login_required
def regenerate_subscription() -> ResponseReturnValue:
    had_one = tokens.token_of(current_user.id) is not None
    tokens.regenerate(current_user.id)
    db.session.commit()
    flash(_("A new subscription link was created; the old one no longer works.") if had_one
          else _("Your subscription link is ready."), "success")
    return redirect(url_for("calendars.my_agenda") + "#subscribe")


@bp.post("/me/agenda/subscription/revoke")
@login_required
def revoke_subscription() -> ResponseReturnValue:
    tokens.revoke(current_user.id)
    db.session.commit()
    flash(_("Your subscription link was turned off. Calendars using it stop updating."),
          "success")
    return redirect(url_for("calendars.my_agenda") + "#subscribe")


def _back(session_id: int) -> ResponseReturnValue:
    target = safe_next_url(request.form.get("next"))
    return redirect(target or url_for("public.session", slug=event_slug(),
                                      session_id=session_id))


@bp.post("/events/<slug>/sessions/<int:session_id>/star")
@login_required
def star(session_id: int) -> ResponseReturnValue:
    session = programme_queries.session_of_event_or_404(current_event(), session_id)
    try:
        agenda.star(current_user.id, session)
    except agenda.NotStarrable as exc:
        flash(str(exc), "error")
        return _back(session_id)
    db.session.commit()
    flash(_("“%(title)s” is in your agenda.", title=localized(session, "title")), "success")
    return _back(session_id)


@bp.post("/events/<slug>/sessions/<int:session_id>/unstar")
@login_required
def unstar(session_id: int) -> ResponseReturnValue:
    # Cancelled sessions can still be removed from an agenda.
    session = queries.feed_session_or_404(current_event(), session_id)
    agenda.unstar(current_user.id, session)
    db.session.commit()
    flash(_("“%(title)s” was removed from your agenda.", title=localized(session, "title")),
          "success")
    return _back(session_id)


def _schedule_response(kind: str, content_type: str) -> Response:
    stamp = _published_stamp(event_slug())

    def build() -> bytes:
        body = schedule_pieces.build_schedule_export(
            kind, stamp.event_id,
            event_url=public_url("public.event", slug=event_slug()),
            site_url=public_url("public.events"),
            session_url=_session_url,
            # The published version's number once there is one (it is part of the ETag);
            # before that, the content's own tag.
            version=(str(stamp.schedule_version) if stamp.schedule_version is not None
                     else stamp.validator.etag[:12]),
        )
        if body is None:  # deleted since its stamp was read
            abort(404)
        return body

    response = _export_response(
        stamp.validator, build, content_type=content_type,
        cache_control=PUBLIC_CACHE, cache_key=_cache_key(kind, stamp),
    )
    # Public data that web-based schedule apps fetch from their own origin.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/events/<slug>/schedule.xml")
def schedule_xml() -> Response:
    return _schedule_response("schedule.xml", "application/xml; charset=utf-8")


@bp.get("/events/<slug>/schedule.json")
def schedule_json() -> Response:
    return _schedule_response("schedule.json", "application/json; charset=utf-8")
