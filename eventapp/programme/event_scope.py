"""The event of a URL, loaded once per request for every view of a blueprint.

`attach_event_loader(bp, organizer=True, capability=Capability.ORGANIZE)` is all a
blueprint needs:

1. a URL value preprocessor takes any `slug` out of the view arguments into `g.event_slug`,
   so views no longer take it;
2. a `before_request` first checks access, and only then loads the event into `g.event`,
   answering 404 for an unknown slug. The order matters: an unknown address must not tell
   an anonymous visitor which events exist.

The access check of an organizer blueprint is the event's team (see eventapp.teams):
anonymous visitors are sent to the login page; site administrators pass everywhere; an
account in no team gets 403; a member of other teams gets 404 for an event whose team they
are not in (as for an unknown one); a member whose role lacks the capability gets 403. A
blueprint names the capability its views need (`capability=`); a view that needs another
is marked `@requires(...)` (any of those given), such as the team page, deleting the event,
or the session pages a chair may read. A viewer's READ covers GET and HEAD of the views
that need ORGANIZE. Views without a slug (the event list, a new event) pass when some role
of the account would; `@requires(*ANY_ROLE)` lets every team member in.

Views read the event with `current_event()` and the URL's slug with `event_slug()`. A view
that must answer something other than 404 when its event is gone (a second click on
"Delete") is marked `@event_may_be_missing` and finds `g.event` set to None. Views without
a slug in their URL load nothing.

Public blueprints pass `lazy=True, published_only=True`: the `before_request` loads
nothing, and the first `current_event()` of the request reads the event (one SELECT, kept
in `g`), answering 404 for an unknown or unpublished one. Cached public pages answer from
their stamp and never ask, so they keep their one statement. A public view that shows
organizers a draft too (the room's screen) is marked `@drafts_for_organizers`; a public
view on an organizer blueprint (the published balance summary) is marked `@public_view`,
which skips the access check and loads the event lazily, published only.

`published_only=True` is for public pages: an unpublished event is answered as an unknown
one. A view that finds its event itself, in the one query that also reads the versions of
its cached page, is marked `@loads_own_event`: the loader checks access and leaves the
lookup to it, so the cached page costs no query more.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, g, request
from flask_login import current_user
from sqlalchemy import Select, bindparam, select
from werkzeug.wrappers import Response

from eventapp.extensions import db, login_manager
from eventapp.programme.models import Event
from eventapp.teams.access import is_admin, may_see_event, my_team_roles
from eventapp.teams.roles import Capability, allows

View = TypeVar("View", bound=Callable[..., Any])

# Every capability: a view marked @requires(*ANY_ROLE) lets every member of the team in.
ANY_ROLE = frozenset(Capability)


def attach_event_loader(bp: Blueprint, *, organizer: bool,
                        capability: Capability | None = None, lazy: bool = False,
                        published_only: bool = False) -> None:
    """Check access, then load the URL's event once, before every view of `bp`.

    An organizer blueprint names the `capability` its views need (a view marked
    `@requires` needs its own). With `lazy`, the event is loaded by the first
    `current_event()` instead; with `published_only`, an unpublished event answers 404 like
    an unknown one.
    """
    if organizer and capability is None:
        raise ValueError(f"The organizer blueprint {bp.name!r} must name its capability.")
    needed_by_blueprint = frozenset({capability}) if capability is not None else frozenset()

    @bp.url_value_preprocessor
    def take_slug(endpoint: str | None, values: dict[str, Any] | None) -> None:
        g.event_slug = values.pop("slug", None) if values else None
        # Set on every request: an application context (and its `g`) may outlive one.
        g.pop("event", None)
        view = current_app.view_functions.get(endpoint or "")
        g.event_public = getattr(view, "event_public", False)
        g.event_published_only = published_only or g.event_public
        g.event_drafts_for_organizers = getattr(view, "drafts_for_organizers", False)

    @bp.before_request
    def check_then_load() -> Response | None:
        # Flask answers OPTIONS itself; it never reached a view, nor an access check.
        if request.method == "OPTIONS":
            return None
        view = current_app.view_functions.get(request.endpoint or "")
        if organizer and not g.event_public:
            refused = _team_gate(getattr(view, "event_capabilities", needed_by_blueprint),
                                 getattr(view, "event_may_be_missing", False))
            if refused is not None:
                return refused
        if g.event_slug is not None and not (lazy or g.event_public
                                             or getattr(view, "loads_own_event", False)):
            g.event = _visible_event(g.event_slug)
            if g.event is None and not getattr(view, "event_may_be_missing", False):
                abort(404)
        return None


def _team_gate(needed: frozenset[Capability], may_be_missing: bool) -> Response | None:
    """None when this request may go on; else the login page, or abort with 403 or 404."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if is_admin():
        return None
    roles = my_team_roles()
    slug = g.event_slug
    found = roles.get(slug) if slug is not None else None
    if found is None and slug is not None and may_be_missing \
            and event_by_slug(slug) is None:
        # A second "Delete" by the owner finds the event gone (and the team with it).
        return None
    if not roles:
        abort(403)
    if slug is None:
        if not any(allows(role.role, needed, request.method) for role in roles.values()):
            abort(403)
        return None
    if found is None:
        # Another team's event is answered as an unknown one.
        abort(404)
    if not allows(found.role, needed, request.method):
        abort(403)
    return None


def event_by_slug(slug: str) -> Event | None:
    return db.session.scalar(_event_of_slug(), {"slug": slug})


@cache
def _event_of_slug() -> Select:
    # Built once: every event page runs it (see login_sessions.user_of).
    return select(Event).where(Event.slug == bindparam("slug"))


def _visible_event(slug: str) -> Event | None:
    """The event, or None when it does not exist or is a draft this visitor may not see."""
    event = event_by_slug(slug)
    if event is None or event.is_published or not g.event_published_only:
        return event
    if g.event_drafts_for_organizers and may_see_event(slug):
        return event
    return None


def current_event() -> Event:
    """The event of this request's URL: loaded by the blueprint's event loader, or on this
    first call by a lazy one (404 when it is unknown or hidden from this visitor)."""
    if "event" not in g:
        slug = g.get("event_slug")
        event = _visible_event(slug) if slug is not None else None
        if event is None:
            abort(404)
        g.event = event
    return g.event


def event_slug() -> str:
    """The slug as the URL gave it: for links after a commit, which expires the event (its
    `slug` would be read again from the database)."""
    return g.event_slug


def event_may_be_missing(view: View) -> View:
    """Let the view run with `g.event` None when its slug names no event."""
    view.event_may_be_missing = True  # type: ignore[attr-defined]
    return view


def requires(*capabilities: Capability) -> Callable[[View], View]:
    """On an organizer blueprint, this view needs any one of `capabilities` instead of the
    blueprint's own."""

    def mark(view: View) -> View:
        view.event_capabilities = frozenset(capabilities)  # type: ignore[attr-defined]
        return view

    return mark


def drafts_for_organizers(view: View) -> View:
    """On a `published_only` blueprint, let the event's team (and administrators) see this
    view of an unpublished event."""
    view.drafts_for_organizers = True  # type: ignore[attr-defined]
    return view


def public_view(view: View) -> View:
    """On an organizer blueprint, a page for everyone: no access check, and the event is
    loaded on first use, published only."""
    view.event_public = True  # type: ignore[attr-defined]
    return view


def loads_own_event(view: View) -> View:
    """Let the view find its event itself (with its cached page's versions): nothing loaded."""
    view.loads_own_event = True  # type: ignore[attr-defined]
    return view
