from __future__ import annotations

from sqlalchemy import select

from eventapp import fragment_cache
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.programme.models import Session


def _agenda(client, slug: str) -> str:
    response = client.get(f"/events/{slug}/agenda")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _first_session(event_id: int) -> Session:
    return db.session.scalars(
        select(Session).where(Session.event_id == event_id).order_by(Session.id)).first()


def test_agenda_after_one_session_change_renders_one_session(client, factory):
    event = factory.event("pieces")
    build_programme(event, sessions=12, slots_per_session=2)
    _agenda(client, "pieces")
    builds = fragment_cache.cache.builds

    _first_session(event.id).title = "Renamed opening"
    db.session.commit()
    body = _agenda(client, "pieces")

    # The session's piece, the assembly, and the whole page: head and days are kept.
    assert fragment_cache.cache.builds - builds == 3
    assert body.count("Renamed opening") == 1
    fragment_cache.cache.clear()
    assert _agenda(client, "pieces") == body  # the same bytes as a build from nothing


def test_agenda_session_cancelled_leaves_and_others_stay_cached(client, factory):
    event = factory.event("cancel")
    build_programme(event, sessions=6, slots_per_session=1)
    first = _first_session(event.id)
    title = first.title
    assert title in _agenda(client, "cancel")
    builds = fragment_cache.cache.builds
    first.status = "cancelled"
    db.session.commit()
    body = _agenda(client, "cancel")
    assert title not in body
    # No session piece: the days (one slot less), the assembly and the page.
    assert fragment_cache.cache.builds - builds == 3
    fragment_cache.cache.clear()
    assert _agenda(client, "cancel") == body


def test_agenda_speaker_rename_renders_only_their_sessions(client, factory):
    event = factory.event("speaker-pieces")
    sessions = [factory.session(event, title=f"Session {i}") for i in range(4)]
    speaker = factory.person("Ana Lopez")
    factory.slot(sessions[0], speaker)
    factory.slot(sessions[2], speaker)
    _agenda(client, "speaker-pieces")
    builds = fragment_cache.cache.builds
    speaker.last_name = "Lopez-Garcia"
    db.session.commit()
    body = _agenda(client, "speaker-pieces")
    assert fragment_cache.cache.builds - builds == 4  # two pieces, the assembly, the page
    assert body.count("Ana Lopez-Garcia") == 2


def test_agenda_room_rename_and_event_zone_change_reach_the_pieces(client, factory):
    event = factory.event("room-pieces")
    room = factory.room(event, "Room A")
    factory.session(event, title="In a room", room=room)
    assert "Room A" in _agenda(client, "room-pieces")
    room.name = "Room B"
    db.session.commit()
    body = _agenda(client, "room-pieces")
    assert "Room B" in body and "Room A" not in body
    event.timezone = "Europe/Paris"
    db.session.commit()
    # 10:00 in New York is 15:00 in Paris on 26 March 2018.
    assert "15:00" in _agenda(client, "room-pieces")


def test_agenda_event_rename_renders_only_the_head(client, factory):
    event = factory.event("head-pieces")
    build_programme(event, sessions=4, slots_per_session=1)
    _agenda(client, "head-pieces")
    builds = fragment_cache.cache.builds

    event.title = "Renamed dialogue"
    db.session.commit()
    body = _agenda(client, "head-pieces")

    # The head (the event's row changed), the assembly and the page: days and pieces kept.
    assert fragment_cache.cache.builds - builds == 3
    assert "Renamed dialogue" in body
    fragment_cache.cache.clear()
    assert _agenda(client, "head-pieces") == body


def test_agenda_session_moved_to_another_day_moves_in_the_days(client, factory):
    from datetime import timedelta

    event = factory.event("move-pieces")
    build_programme(event, sessions=4, slots_per_session=1)
    first = _first_session(event.id)
    _agenda(client, "move-pieces")

    first.starts_at += timedelta(days=1)
    first.ends_at += timedelta(days=1)
    db.session.commit()
    body = _agenda(client, "move-pieces")

    fragment_cache.cache.clear()
    assert _agenda(client, "move-pieces") == body  # the same bytes as a build from nothing


def _star(user_id: int, session_id: int) -> None:
    from eventapp.programme.models import AgendaStar

    db.session.add(AgendaStar(user_id=user_id, session_id=session_id))
    db.session.commit()


def test_session_page_shares_its_programme_part_and_keeps_stars_personal(app, factory):
    from tests.conftest import login

    event = factory.event("shared")
    session = factory.session(event, title="Opening")
    factory.slot(session, factory.person("Ana Lopez"))
    fan = factory.user(email="fan@example.org")
    other = factory.user(email="other@example.org")
    _star(fan.id, session.id)
    url = f"/events/shared/sessions/{session.id}"
    anonymous = app.test_client().get(url).get_data(as_text=True)
    builds = fragment_cache.cache.builds
    # One client after the other: the test's application context keeps the last login.
    fan_client, other_client = app.test_client(), app.test_client()
    login(fan_client, fan)
    fan_page = fan_client.get(url).get_data(as_text=True)
    login(other_client, other)
    other_page = other_client.get(url).get_data(as_text=True)
    assert fragment_cache.cache.builds == builds  # the shared part was built once, above
    assert "to add this session to your agenda" in anonymous
    assert "Remove from my agenda" in fan_page and "Add to my agenda" not in fan_page
    assert "Add to my agenda" in other_page and "Remove from my agenda" not in other_page
    for page in (anonymous, fan_page, other_page):
        assert "<title>Opening · Test dialogue" in page and "Ana Lopez" in page

    session.title = "Opening, renamed"
    db.session.commit()
    login(fan_client, fan)
    assert "<h1>Opening, renamed</h1>" in fan_client.get(url).get_data(as_text=True)


def test_logged_in_agenda_and_session_page_queries_do_not_grow(app, factory, query_counter):
    from tests.conftest import login
    from tests.factories import speakers_list

    user = factory.user(email="reader@example.org")
    counts = []
    for slug, size in (("few", 3), ("many", 60)):
        event = factory.event(slug)
        build_programme(event, sessions=size, slots_per_session=3)
        first, with_list = db.session.scalars(
            select(Session).where(Session.event_id == event.id).order_by(Session.id)).all()[:2]
        speakers_list(with_list)
        _star(user.id, first.id)
        client = app.test_client()
        login(client, user)
        urls = [f"/events/{slug}/agenda", f"/events/{slug}/sessions/{first.id}",
                f"/events/{slug}/sessions/{with_list.id}"]
        for url in urls:
            client.get(url)  # fills the shared caches
        page_counts = []
        for url in urls:
            with query_counter() as counter:
                body = client.get(url).get_data(as_text=True)
            page_counts.append(counter.count)
            if url == urls[0]:
                assert body.count("Remove from my agenda") == 1
            else:
                assert body.count("Remove from my agenda") == (url == urls[1])
        counts.append(page_counts)
    # One statement gives the agenda its stamp with the visitor's stars, and the session page
    # its stamp, star and whether there is a list of speakers; a list adds what it shows. A
    # second reads the visitor's team roles, for the menu's "Organize" entry. (The user and
    # the login session are loaded too, before the view.)
    assert counts[0] == counts[1]
    assert counts[0][:2] == [2, 2]


def test_import_adding_a_speaker_to_an_existing_session_reaches_its_piece(client, factory):
    from eventapp.programme.csv_import import import_programme
    from tests.programme.csv_rows import csv_text, row

    factory.categories()
    event = factory.event("imported")
    first = import_programme(event, csv_text([row()]))
    db.session.commit()
    assert first.ok
    _first_session(event.id).description = "Opening words."  # now it has its own version
    db.session.commit()
    assert "Ana Pérez" in _agenda(client, "imported")

    second = import_programme(event, csv_text([row(), row(name="Karim Haddad",
                                                          organization="UN Example")]))
    db.session.commit()
    assert second.ok
    body = _agenda(client, "imported")
    assert "Ana Pérez" in body and "Karim Haddad" in body


def test_agenda_after_one_session_change_same_queries_at_5_and_150_sessions(client, factory,
                                                                           query_counter):
    counts = []
    for slug, size in (("five", 5), ("many", 150)):
        event = factory.event(slug)
        build_programme(event, sessions=size, slots_per_session=6)
        _agenda(client, slug)
        _first_session(event.id).title = f"Renamed in {slug}"
        db.session.commit()
        db.session.expire_all()  # as a new request: nothing loaded in the session
        with query_counter() as counter:
            body = _agenda(client, slug)
        assert body.count(f"Renamed in {slug}") == 1
        counts.append(counter.count)

    # The stamp, the event with its sessions and their versions, and the changed session with
    # its room and panel (the head is kept on the event's row, the days on the start times).
    assert counts == [3, 3]


def test_session_page_after_another_sessions_change_is_not_rendered_again(client, factory):
    event = factory.event("kept")
    room = factory.room(event, "Room A")
    session = factory.session(event, title="Opening", room=room)
    other = factory.session(event, title="Closing")
    url = f"/events/kept/sessions/{session.id}"
    assert "Room A" in client.get(url).get_data(as_text=True)
    other.title = "Closing, renamed"
    db.session.commit()
    builds = fragment_cache.cache.builds
    page = client.get(url).get_data(as_text=True)
    assert fragment_cache.cache.builds == builds
    assert "<h1>Opening</h1>" in page
    # What the part shows outside its session is read with the stamp: the room and the event.
    room.name = "Room B"
    db.session.commit()
    assert "Room B" in client.get(url).get_data(as_text=True)
    event.title = "Dialogue, renamed"
    db.session.commit()
    assert "Agenda of Dialogue, renamed" in client.get(url).get_data(as_text=True)
