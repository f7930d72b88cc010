"""Public programme pages: published events only."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from markupsafe import Markup

from eventapp import fragment_cache
from eventapp.calendars import page_extras
from eventapp.floor.views import session_floor_context
from eventapp.fragment_cache import anonymous_page
from eventapp.programme import fragments, queries
from eventapp.programme.models import Session
from eventapp.versioning import event_stamp

bp = Blueprint("public", __name__)


@bp.get("/")
@bp.get("/events/")
def events():  # noqa: ANN201
    return render_template("programme/events.html", events=queries.published_events())


@bp.get("/events/<slug>/")
def event(slug: str):  # noqa: ANN201
    event = queries.published_event_or_404(slug)
    return render_template("programme/event.html", event=event,
                           **page_extras.event_context(event))


@bp.get("/events/<slug>/agenda")
def agenda(slug: str):  # noqa: ANN201
    stamp = event_stamp(slug)
    if stamp is None or not stamp[1]:
        abort(404)
    return anonymous_page(("agenda", slug), stamp[2], lambda: _render_agenda(slug, stamp[2]))


_BODY_PLACEHOLDER = "<!--agenda-body-->"


def _render_agenda(slug: str, versions: tuple) -> bytes:
    event = queries.published_event_or_404(slug)

    def days_context() -> dict:
        # Only the sessions changed since their piece was rendered are loaded and rendered.
        stamps = fragments.session_stamps(event.id, statuses=("scheduled",), agenda_order=True)
        pieces = fragments.assemble("agenda", stamps, None, _render_agenda_item)
        return {
            "event": event,
            "days": queries.sessions_by_local_day(event, stamps),
            "first_session": stamps[0] if stamps else None,
            "items": {stamp.id: piece for stamp, piece in zip(stamps, pieces, strict=True)},
        }

    # The versions were read with the event's stamp: (programme, global). The fragment is kept
    # cut at its star markers, so each visitor's buttons are joined in without a search.
    parts = fragment_cache.versioned(
        ("agenda", event.id, versions), versions[0] is not None,
        lambda: page_extras.split_at_stars(
            render_template("programme/_agenda_days.html", **days_context())),
    )
    body = page_extras.fill_agenda_stars(parts, event)
    # The page is rendered around a placeholder and the large body spliced in after: passing
    # it through the template would copy and re-check it several times.
    shell = render_template("programme/agenda.html", event=event,
                            agenda_body=Markup(_BODY_PLACEHOLDER),  # noqa: S704
                            **page_extras.event_context(event))
    before, after = shell.split(_BODY_PLACEHOLDER, 1)
    return b"".join((before.encode(), body, after.encode()))


def _render_agenda_item(session: Session) -> Markup:
    # Our own autoescaped template output.
    return Markup(render_template("programme/_agenda_item.html", event=session.event,  # noqa: S704
                                  session=session).strip())


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int):  # noqa: ANN201
    event = queries.published_event_or_404(slug)
    session = queries.session_of_event_or_404(event, session_id)
    return render_template("programme/session.html", event=event, session=session,
                           **page_extras.session_context(event, session),
                           **session_floor_context(event, session))
