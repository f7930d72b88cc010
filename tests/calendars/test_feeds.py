from __future__ import annotations

from datetime import date, time, timedelta

import icalendar
import pytest

from eventapp.calendars import tokens
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.programme.models import AgendaStar
from eventapp.programme.session_changes import SessionData, save_session, set_session_status
from tests.calendars.helpers import (
    assert_wire_format,
    icalendar_instants,
    vevents,
    vobject_instants,
)
from tests.conftest import login
from tests.factories import utc

INJECTION = "Talk, part 1; intro\nEND:VEVENT\r\nBEGIN:VEVENT"


def _feed(client, slug: str, **headers):
    return client.get(f"/events/{slug}/calendar.ics", headers=headers)


def test_event_feed_new_york_dst_weekend_same_instants_in_both_parsers(client, factory):
    event = factory.event("ny", start=date(2018, 3, 10), end=date(2018, 3, 12))
    before = factory.session(event, title="Saturday", day=date(2018, 3, 10), start=time(9, 0))
    sunday = factory.session(event, title="Sunday", day=date(2018, 3, 11), start=time(3, 30))
    after = factory.session(event, title="Monday", day=date(2018, 3, 12), start=time(9, 0))
    response = _feed(client, "ny")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ny.ics"'
    assert "Content-Encoding" not in response.headers
    expected = {
        f"{before.uid}@eventapp": (utc(2018, 3, 10, 14), utc(2018, 3, 10, 15)),
        f"{sunday.uid}@eventapp": (utc(2018, 3, 11, 7, 30), utc(2018, 3, 11, 8, 30)),
        f"{after.uid}@eventapp": (utc(2018, 3, 12, 13), utc(2018, 3, 12, 14)),
    }
    assert icalendar_instants(response.data) == expected
    assert vobject_instants(response.data) == expected
    assert_wire_format(response.data)


@pytest.mark.parametrize(
    ("zone", "day", "local", "utc_start", "standard_only"),
    [
        ("Europe/Zurich", date(2018, 3, 26), time(10, 0), utc(2018, 3, 26, 8), False),
        ("Europe/Zurich", date(2018, 3, 24), time(10, 0), utc(2018, 3, 24, 9), False),
        ("Asia/Kolkata", date(2018, 3, 26), time(10, 0), utc(2018, 3, 26, 4, 30), True),
        ("Australia/Sydney", date(2018, 3, 31), time(10, 0), utc(2018, 3, 30, 23), False),
        ("Australia/Sydney", date(2018, 4, 2), time(10, 0), utc(2018, 4, 2, 0), False),
    ],
)
def test_event_feed_other_zones_same_instants_in_both_parsers(
    client, factory, zone, day, local, utc_start, standard_only
):
    event = factory.event("ev", timezone=zone, start=day, end=day)
    session = factory.session(event, day=day, start=local)
    body = _feed(client, "ev").data
    expected = {f"{session.uid}@eventapp": (utc_start, utc_start + timedelta(hours=1))}
    assert icalendar_instants(body) == expected
    assert vobject_instants(body) == expected
    text = body.decode()
    assert f"X-WR-TIMEZONE:{zone}\r\n" in text
    assert ("BEGIN:DAYLIGHT" not in text) is standard_only
    assert text.count("BEGIN:STANDARD") == 1


def test_event_feed_injection_in_titles_rooms_and_names_stays_in_text(client, factory):
    event = factory.event("ev", venue="HQ; main, hall")
    room = factory.room(event, "Room\nEND:VCALENDAR")
    session = factory.session(event, title=INJECTION, room=room)
    session.description = "Intro\r\nBEGIN:VALARM"
    db.session.commit()
    factory.slot(session, factory.person("Ana;END:VEVENT, Lopez"))
    factory.session(event, title="Plain", start=time(12, 0))
    body = _feed(client, "ev").data
    assert_wire_format(body)
    events = vevents(body)
    assert [str(e["SUMMARY"]) for e in events] == [INJECTION.replace("\r\n", "\n"), "Plain"]
    assert str(events[0]["LOCATION"]) == "Room\nEND:VCALENDAR, HQ; main, hall"
    assert str(events[0]["DESCRIPTION"]).startswith(
        "Intro\nBEGIN:VALARM\n\nPanelist: Ana;END:VEVENT, Lopez\n\nhttp://localhost/events/ev/"
    )
    assert len(vobject_instants(body)) == 2
    # The words survive as escaped text, never as lines of their own.
    assert body.count(b"\r\nBEGIN:VEVENT\r\n") == 2
    assert body.count(b"\r\nBEGIN:VALARM") == 0
    assert body.count(b"\r\nEND:VCALENDAR") == 1


def test_event_feed_moving_session_raises_sequence_and_changes_etag(client, factory):
    event = factory.event("ev")
    session = factory.session(event, title="Panel")
    first = _feed(client, "ev")
    assert vevents(first.data)[0]["SEQUENCE"] == 0
    assert _feed(client, "ev", **{"If-None-Match": first.headers["ETag"]}).status_code == 304
    save_session(event, SessionData(title="Panel", kind="panel",
                                    starts_at=session.starts_at + timedelta(hours=2),
                                    ends_at=session.ends_at + timedelta(hours=2)), session)
    db.session.commit()
    second = _feed(client, "ev", **{"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    moved = vevents(second.data)[0]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART").astimezone(session.starts_at.tzinfo) == utc(2018, 3, 26, 16)


def test_event_feed_cancelled_and_deleted_sessions_are_status_cancelled(client, factory):
    event = factory.event("ev")
    kept = factory.session(event, title="Kept")
    cancelled = factory.session(event, title="Cancelled", start=time(12, 0))
    deleted = factory.session(event, title="Deleted", start=time(14, 0))
    set_session_status(cancelled, "cancelled")
    set_session_status(deleted, "deleted")
    db.session.commit()
    events = {str(e["UID"]): e for e in vevents(_feed(client, "ev").data)}
    assert str(events[f"{kept.uid}@eventapp"]["STATUS"]) == "CONFIRMED"
    assert str(events[f"{cancelled.uid}@eventapp"]["STATUS"]) == "CANCELLED"
    assert events[f"{cancelled.uid}@eventapp"]["SEQUENCE"] == 1
    assert str(events[f"{deleted.uid}@eventapp"]["STATUS"]) == "CANCELLED"


def test_event_feed_conditional_requests_get_304(client, factory):
    event = factory.event("ev")
    factory.session(event)
    first = _feed(client, "ev")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = _feed(client, "ev", **{"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.data == b""
        assert response.headers["ETag"] == etag
    assert _feed(client, "ev", **{"If-None-Match": '"other"'}).status_code == 200
    since = first.headers["Last-Modified"]
    assert _feed(client, "ev", **{"If-Modified-Since": since}).status_code == 304
    assert _feed(client, "ev", **{"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}
                 ).status_code == 200


def test_event_feed_304_costs_one_query(client, factory, query_counter):
    event = factory.event("ev")
    factory.session(event)
    etag = _feed(client, "ev").headers["ETag"]
    with query_counter() as counter:
        assert _feed(client, "ev", **{"If-None-Match": etag}).status_code == 304
    assert counter.count == 1


def test_event_feed_of_draft_or_unknown_event_is_404(client, factory):
    draft = factory.event("draft", published=False)
    session = factory.session(draft)
    assert _feed(client, "draft").status_code == 404
    assert _feed(client, "nope").status_code == 404
    assert client.get(f"/events/draft/sessions/{session.id}/calendar.ics").status_code == 404
    assert client.get("/events/draft/schedule.json").status_code == 404


def test_session_ics_is_single_event_without_calendar_name(client, factory):
    event = factory.event("ev")
    session = factory.session(event, title="Panel")
    other = factory.event("other")
    response = client.get(f"/events/ev/sessions/{session.id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="ev-session-{session.id}.ics"'
    )
    assert b"X-WR-CALNAME" not in response.data
    assert [str(e["SUMMARY"]) for e in vevents(response.data)] == ["Panel"]
    assert client.get(f"/events/{other.slug}/sessions/{session.id}/calendar.ics"
                      ).status_code == 404


@pytest.mark.slow
def test_event_feed_query_count_is_the_same_for_5_and_300_sessions(client, factory,
                                                                   query_counter):
    small = factory.event("small")
    build_programme(small, sessions=5, slots_per_session=2)
    large = factory.event("large", start=date(2018, 3, 26), end=date(2018, 3, 28))
    build_programme(large, sessions=300, slots_per_session=3)
    counts = []
    for slug, expected in (("small", 5), ("large", 300)):
        with query_counter() as counter:
            response = _feed(client, slug)
        assert len(vevents(response.data)) == expected
        counts.append(counter.count)
    # The stamp, the event with its sessions and their versions, every session in full.
    assert counts[0] == counts[1] == 3


# Personal agenda feeds


def _personal_setup(factory, user):
    event = factory.event("ev")
    starred = factory.session(event, title="Starred")
    speaking = factory.session(event, title="Speaking", start=time(12, 0))
    factory.session(event, title="Neither", start=time(14, 0))
    factory.slot(speaking, factory.person("Me Myself", user=user))
    db.session.add(AgendaStar(user_id=user.id, session_id=starred.id))
    db.session.commit()
    return event, starred, speaking


def test_personal_feed_has_starred_and_speaking_sessions(client, factory, participant):
    _, starred, speaking = _personal_setup(factory, participant)
    token = tokens.regenerate(participant.id).token
    db.session.commit()
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    assert sorted(str(e["SUMMARY"]) for e in vevents(response.data)) == ["Speaking", "Starred"]
    assert b"X-WR-CALNAME:My agenda\r\n" in response.data
    assert response.headers["Cache-Control"] == "no-store"
    again = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_personal_feed_changes_etag_when_star_removed(client, factory, participant):
    _, starred, _ = _personal_setup(factory, participant)
    token = tokens.regenerate(participant.id).token
    db.session.commit()
    etag = client.get(f"/feeds/{token}.ics").headers["ETag"]
    db.session.query(AgendaStar).delete()
    db.session.commit()
    response = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert [str(e["SUMMARY"]) for e in vevents(response.data)] == ["Speaking"]


def test_personal_feed_revoked_or_regenerated_token_is_404(client, factory, participant):
    _personal_setup(factory, participant)
    old = tokens.regenerate(participant.id).token
    db.session.commit()
    new = tokens.regenerate(participant.id).token
    db.session.commit()
    assert client.get(f"/feeds/{old}.ics").status_code == 404
    assert client.get(f"/feeds/{new}.ics").status_code == 200
    tokens.revoke(participant.id)
    db.session.commit()
    assert client.get(f"/feeds/{new}.ics").status_code == 404
    assert client.get("/feeds/x.ics").status_code == 404


def test_personal_feed_never_shows_draft_events(client, factory, participant):
    draft = factory.event("draft", published=False)
    session = factory.session(draft, title="Secret")
    db.session.add(AgendaStar(user_id=participant.id, session_id=session.id))
    db.session.commit()
    login(client, participant)
    body = client.get("/me/agenda.ics").data
    assert vevents(body) == []
    assert "Secret" not in client.get("/me/agenda").get_data(as_text=True)


def test_my_agenda_ics_shows_only_own_sessions(client, factory, participant):
    _personal_setup(factory, participant)
    other = factory.user(email="other@example.org")
    login(client, other)
    response = client.get("/me/agenda.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-agenda.ics"'
    assert vevents(response.data) == []


def test_my_agenda_ics_requires_login(client):
    response = client.get("/me/agenda.ics")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.slow
def test_personal_feed_query_count_is_fixed(client, factory, participant, query_counter):
    counts = []
    for slug, size in (("small", 5), ("large", 300)):
        event = factory.event(slug, start=date(2018, 3, 26), end=date(2018, 3, 28))
        build_programme(event, sessions=size, slots_per_session=2)
        db.session.add_all(AgendaStar(user_id=participant.id, session_id=s.id)
                           for s in event.sessions)
        db.session.commit()
        token = tokens.regenerate(participant.id).token
        db.session.commit()
        with query_counter() as counter:
            assert client.get(f"/feeds/{token}.ics").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] == 4


def test_event_feed_location_names_the_room_once_when_the_venue_has_it(client, factory):
    event = factory.event(slug="idm", venue="Conference room 4, UN Headquarters")
    first = factory.session(event, room=factory.room(event, "Conference room 4"))
    factory.session(event, start=time(14, 0), room=factory.room(event, "Hall B"))
    body = client.get("/events/idm/calendar.ics").data
    locations = sorted(str(e["LOCATION"]) for e in icalendar.Calendar.from_ical(body).walk(
        "VEVENT"))
    assert locations == ["Conference room 4, UN Headquarters",
                         "Hall B, Conference room 4, UN Headquarters"]
    page = client.get(f"/events/idm/sessions/{first.id}").get_data(as_text=True)
    assert "<dd>Conference room 4, UN Headquarters</dd>" in page
