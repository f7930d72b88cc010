from __future__ import annotations

from icalendar import Calendar, vDuration, vText

from eventapp import fragment_cache
from eventapp.calendars import ics
from eventapp.calendars.queries import event_with_feed_sessions
from eventapp.calendars.vtimezone import build_vtimezone
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.programme.models import Session
from tests.calendars.helpers import vevents


def _feed(client, slug: str) -> bytes:
    response = client.get(f"/events/{slug}/calendar.ics")
    assert response.status_code == 200
    return response.data


def _whole_calendar(app, event_id: int) -> bytes:
    """The feed as one icalendar object serialised at once, the way it was built before."""
    with app.test_request_context("/", base_url="http://localhost/"):
        from flask import url_for

        event, sessions = event_with_feed_sessions(event_id)
        entries = [ics.entry_for_session(s, url=url_for(
            "public.session", slug=event.slug, session_id=s.id, _external=True))
            for s in sessions]
    cal = Calendar()
    cal.add("prodid", ics.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(event.title))
    cal.add("x-wr-timezone", vText(event.timezone))
    cal.add("x-published-ttl", vDuration(ics.REFRESH))
    cal.add("refresh-interval", vDuration(ics.REFRESH), parameters={"VALUE": "DURATION"})
    cal.add_component(build_vtimezone(event.timezone, ics_year()))
    for entry in entries:
        cal.add_component(ics._vevent(entry))
    return cal.to_ical()


def ics_year() -> int:
    from eventapp.db_types import utcnow

    return utcnow().year


def test_feed_after_one_session_change_serialises_one_vevent(app, client, factory):
    event = factory.event("pieces")
    build_programme(event, sessions=12, slots_per_session=2)
    first = _feed(client, "pieces")
    assert first == _whole_calendar(app, event.id)
    session = db.session.scalars(select_first(event.id)).first()
    builds = fragment_cache.cache.builds

    session.title = "Renamed opening"
    db.session.commit()
    second = _feed(client, "pieces")

    # One VEVENT and the assembled feed: the eleven other sessions come from the cache.
    assert fragment_cache.cache.builds - builds == 2
    assert second == _whole_calendar(app, event.id)
    assert [str(v["SUMMARY"]) for v in vevents(second)].count("Renamed opening") == 1
    assert len(vevents(second)) == 12


def test_feed_after_speaker_rename_serialises_only_their_sessions(app, client, factory):
    event = factory.event("speaker-pieces")
    sessions = [factory.session(event, title=f"Session {i}") for i in range(4)]
    speaker = factory.person("Ana Lopez")
    factory.slot(sessions[1], speaker)
    factory.slot(sessions[3], speaker)
    _feed(client, "speaker-pieces")
    builds = fragment_cache.cache.builds
    speaker.last_name = "Lopez-Garcia"
    db.session.commit()
    body = _feed(client, "speaker-pieces")
    assert fragment_cache.cache.builds - builds == 3  # two VEVENTs and the feed
    assert body == _whole_calendar(app, event.id)
    assert body.count(b"Ana Lopez-Garcia") == 2


def select_first(event_id: int):
    from sqlalchemy import select

    return select(Session).where(Session.event_id == event_id).order_by(Session.id)


def test_feed_after_one_session_change_same_queries_at_5_and_150_sessions(client, factory,
                                                                         query_counter):
    counts = []
    for slug, size in (("five", 5), ("many", 150)):
        event = factory.event(slug)
        build_programme(event, sessions=size, slots_per_session=6)
        _feed(client, slug)
        db.session.scalars(select_first(event.id)).first().title = f"Renamed in {slug}"
        db.session.commit()
        db.session.expire_all()  # as a new request: nothing loaded in the session
        with query_counter() as counter:
            body = _feed(client, slug)
        assert [str(v["SUMMARY"]) for v in vevents(body)].count(f"Renamed in {slug}") == 1
        assert len(vevents(body)) == size
        counts.append(counter.count)

    # The stamp, the event with its sessions and their versions, and the changed session
    # with its room and panel.
    assert counts == [3, 3]
