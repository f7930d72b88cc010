"""The event of a URL, loaded once per request for every view of a blueprint.

`attach_event_loader(bp, organizer=True)` is all a blueprint needs:

1. a URL value preprocessor takes any `slug` out of the view arguments into `g.event_slug`,
   so views no longer take it;
2. a `before_request` first checks access (with `organizer=True`: anonymous visitors are
   sent to the login page and other users get 403, exactly as `organizer_required` does),
   and only then loads the event into `g.event`, answering 404 for an unknown slug. The
   order matters: an unknown address must not tell an anonymous visitor which events exist.

Views read the event with `current_event()` and the URL's slug with `event_slug()`. A view
that must answer something other than 404 when its event is gone (a second click on
"Delete") is marked `@event_may_be_missing` and finds `g.event` set to None. Views without
a slug in their URL load nothing.

`published_only=True` is for public pages: an unpublished event is answered as an unknown
one. A view that finds its event itself, in the one query that also reads the versions of
its cached page, is marked `@loads_own_event`: the loader checks access and leaves the
lookup to it, so the cached page costs no query more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, g, request
from sqlalchemy import select
from werkzeug.wrappers import Response

from eventapp.accounts.access import organizer_required
from eventapp.extensions import db
from eventapp.programme.models import Event

View = TypeVar("View", bound=Callable[..., Any])

# organizer_required around a view that does nothing: its answer (a redirect to the login
# page, or 403) when access is refused, None when the request may go on.
_organizer_gate = organizer_required(lambda: None)


def attach_event_loader(bp: Blueprint, *, organizer: bool, published_only: bool = False
                        ) -> None:
    """Check access, then load the URL's event once, before every view of `bp`."""

    @bp.url_value_preprocessor
    def take_slug(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        g.event_slug = values.pop("slug", None) if values else None

    @bp.before_request
    def check_then_load() -> Response | None:
        # Flask answers OPTIONS itself; it never reached a view, nor an access check.
        if request.method == "OPTIONS":
            return None
        if organizer:
            refused = _organizer_gate()
            if refused is not None:
                return refused
        view = current_app.view_functions.get(request.endpoint or "")
        if g.event_slug is not None and not getattr(view, "loads_own_event", False):
            g.event = event_by_slug(g.event_slug)
            if published_only and g.event is not None and not g.event.is_published:
                g.event = None
            if g.event is None and not getattr(view, "event_may_be_missing", False):
                abort(404)
        return None


def event_by_slug(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def current_event() -> Event:
    """The event of this request's URL, loaded by the blueprint's event loader."""
    return g.event


def event_slug() -> str:
    """The slug as the URL gave it: for links after a commit, which expires the event (its
    `slug` would be read again from the database)."""
    return g.event_slug


def event_may_be_missing(view: View) -> View:
    """Let the view run with `g.event` None when its slug names no event."""
    view.event_may_be_missing = True  # type: ignore[attr-defined]
    return view


def loads_own_event(view: View) -> View:
    """Let the view find its event itself (with its cached page's versions): nothing loaded."""
    view.loads_own_event = True  # type: ignore[attr-defined]
    return view
