from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.models import Event, Room, Session, SpeakingSlot
from eventapp.registration.models import Registration
from tests.conftest import count_queries
from tests.factories import utc
from tests.programme.organize_helpers import text_of

EVENT_FORM = {
    "slug": "idm-2018-new-york", "title": "International Dialogue on Migration",
    "theme": "Inclusive and innovative partnerships", "description": "", "venue": "UN HQ",
    "city": "New York", "country": "us", "timezone": "America/New_York",
    "start_date": "2018-03-26", "end_date": "2018-03-27",
}


def test_dashboard_lists_events_with_links(organizer_client, factory):
    factory.event("ev-a", title="Dialogue A")
    body = text_of(organizer_client.get("/organize/"))
    assert '<a href="/organize/events/ev-a/">Dialogue A</a>' in body
    assert 'href="/organize/events/new"' in body


def test_create_event_saves_draft_and_redirects_to_overview(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new", data=EVENT_FORM)
    assert response.status_code == 302
    assert response.headers["Location"] == "/organize/events/idm-2018-new-york/"
    event = db.session.scalar(select(Event))
    assert (event.title, event.country, event.timezone, event.is_published) == (
        "International Dialogue on Migration", "US", "America/New_York", False)
    assert (event.start_date, event.end_date) == (date(2018, 3, 26), date(2018, 3, 27))


def test_create_event_with_geneva_timezone_suggests_zurich(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new",
                                     data={**EVENT_FORM, "timezone": "Europe/Geneva"})
    assert response.status_code == 400
    assert ("“Europe/Geneva” is not an IANA time zone name. Use a name such as "
            "America/New_York or Europe/Zurich (for Geneva).") in text_of(response)
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_create_event_with_made_up_timezone_is_refused(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new",
                                     data={**EVENT_FORM, "timezone": "Mars/Olympus_Mons"})
    assert response.status_code == 400
    assert "“Mars/Olympus_Mons” is not an IANA time zone name." in text_of(response)


def test_create_event_with_bad_slug_country_and_dates_gives_messages(organizer_client, app_ctx):
    body = text_of(organizer_client.post("/organize/events/new",
                                         data={**EVENT_FORM, "slug": "IDM 2018"}))
    assert ("The short name may contain only lower-case letters, digits and hyphens "
            "(for example idm-2018-new-york).") in body
    body = text_of(organizer_client.post("/organize/events/new",
                                         data={**EVENT_FORM, "end_date": "2018-03-01"}))
    assert "The event must end on or after its first day." in body
    body = text_of(organizer_client.post("/organize/events/new",
                                         data={**EVENT_FORM, "start_date": "03/26/2018"}))
    assert "Type the date as YYYY-MM-DD, for example 2019-10-14, or as 14 Oct 2019." in body
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_create_event_twice_gives_slug_message(organizer_client, app_ctx):
    organizer_client.post("/organize/events/new", data=EVENT_FORM)
    response = organizer_client.post("/organize/events/new", data=EVENT_FORM)
    assert response.status_code == 400
    assert "Another event already uses the short name “idm-2018-new-york”." in text_of(response)
    assert db.session.scalar(select(func.count(Event.id))) == 1


def test_edit_event_keeps_publication_and_follows_new_slug(organizer_client, factory):
    event = factory.event("old-slug", published=True)
    response = organizer_client.post("/organize/events/old-slug/edit",
                                     data={**EVENT_FORM, "slug": "new-slug"})
    assert response.headers["Location"] == "/organize/events/new-slug/"
    db.session.refresh(event)
    assert (event.slug, event.is_published, event.city) == ("new-slug", True, "New York")


def test_publish_and_unpublish_switch_public_visibility(organizer_client, factory):
    event = factory.event("ev", published=False)
    assert organizer_client.get("/events/ev/").status_code == 404
    response = organizer_client.post("/organize/events/ev/publish")
    assert response.headers["Location"] == "/organize/events/ev/"
    db.session.refresh(event)
    assert event.is_published is True
    assert organizer_client.get("/events/ev/").status_code == 200
    organizer_client.post("/organize/events/ev/unpublish")
    db.session.refresh(event)
    assert event.is_published is False
    assert organizer_client.get("/events/ev/").status_code == 404


def test_overview_groups_sessions_by_local_day_and_marks_cancelled(organizer_client, factory):
    event = factory.event("ev", start=date(2018, 3, 26), end=date(2018, 3, 27),
                          published=False)
    room = factory.room(event, "Trusteeship Council")
    factory.session(event, title="Opening", room=room, start=time(10, 0))
    factory.session(event, title="Evening reception", start=time(21, 0))
    factory.session(event, title="Called off", day=date(2018, 3, 27), status="cancelled")
    factory.session(event, title="Gone for good", day=date(2018, 3, 27), status="deleted")
    body = text_of(organizer_client.get("/organize/events/ev/"))
    assert "America/New_York (EDT, UTC−04:00)" in body
    monday, tuesday = body.index("Monday 26 March 2018"), body.index("Tuesday 27 March 2018")
    assert monday < body.index("Opening") < body.index("Evening reception") < tuesday
    assert tuesday < body.index("Called off")
    assert '<span class="status-cancelled">Cancelled</span>' in body
    assert "Gone for good" not in body
    assert ">21:00</time>" in body
    assert "<td>Trusteeship Council</td>" in body
    assert "Draft" in body
    assert 'action="/organize/events/ev/publish"' in body
    assert 'href="/organize/events/ev/import"' in body
    assert 'href="/events/ev/agenda"' in body


def test_overview_query_count_does_not_grow_with_sessions(organizer_client, factory):
    def build(slug: str, n: int) -> None:
        event = factory.event(slug, start=date(2018, 3, 1), end=date(2018, 3, 31))
        room = factory.room(event, "Hall")
        sessions = []
        for i in range(n):
            # Back-to-back half hours from 08:00, ten a day.
            start = utc(2018, 3, 1 + i // 10, 13, 0) + timedelta(minutes=30 * (i % 10))
            sessions.append(Session(event=event, title=f"S{i}", kind="panel", room=room,
                                    starts_at=start, ends_at=start + timedelta(minutes=30)))
        db.session.add_all(sessions)
        db.session.flush()
        person = factory.person("Ana Lopez")
        db.session.add_all(SpeakingSlot(session=s, person=person, role="panelist")
                           for s in sessions)
        db.session.commit()

    build("small", 5)
    build("large", 200)
    organizer_client.get("/organize/events/small/")  # warm up the login session
    with count_queries() as small:
        assert organizer_client.get("/organize/events/small/").status_code == 200
    with count_queries() as large:
        response = organizer_client.get("/organize/events/large/")
    assert response.status_code == 200
    assert text_of(response).count('<td class="num">1</td>') == 200
    assert large.count == small.count


def test_delete_confirmation_names_what_will_be_lost(organizer_client, factory):
    event = factory.event("ev")
    first = factory.session(event)
    second = factory.session(event, start=time(14, 0))
    factory.session(event, start=time(16, 0), status="deleted")
    factory.slot(first)
    factory.slot(first)
    factory.slot(second)
    factory.registration(event)
    body = text_of(organizer_client.get("/organize/events/ev/delete"))
    assert "<li>2 sessions</li>" in body
    assert "<li>3 speaking slots</li>" in body
    assert "<li>0 rooms</li>" in body
    assert "<li>1 registration</li>" in body
    assert db.session.scalar(select(func.count(Event.id))) == 1


def test_delete_event_removes_its_programme_and_registrations(organizer_client, factory):
    event = factory.event("ev")
    other = factory.event("other")
    room = factory.room(event)
    session = factory.session(event, room=room)
    slot = factory.slot(session)
    factory.registration(event, slot.person)
    kept = factory.slot(factory.session(other))
    response = organizer_client.post("/organize/events/ev/delete")
    assert response.headers["Location"] == "/organize/"
    db.session.expire_all()
    assert db.session.scalars(select(Event.slug)).all() == ["other"]
    assert db.session.scalar(select(func.count(Room.id))) == 0
    assert db.session.scalars(select(SpeakingSlot.id)).all() == [kept.id]
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    again = organizer_client.post("/organize/events/ev/delete", follow_redirects=True)
    assert again.status_code == 200
    assert "That event has already been deleted." in text_of(again)


def test_unknown_event_is_404(organizer_client, app_ctx):
    assert organizer_client.get("/organize/events/nope/").status_code == 404
    assert organizer_client.get("/organize/events/nope/delete").status_code == 404
    assert organizer_client.post("/organize/events/nope/publish").status_code == 404
