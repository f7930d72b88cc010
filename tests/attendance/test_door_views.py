"""A session's door page: scans, refusals, name search without a script, the organizer's
switch and undo, the session's organizer page, statement counts."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy import select

from eventapp.attendance.badge_codes import badge_code_for, revoke_badge
from eventapp.attendance.models import CheckIn, SessionPresence
from eventapp.attendance.presence import record_presence
from eventapp.extensions import db
from eventapp.programme.models import Session
from tests.audit.helpers import changes, entries
from tests.conftest import count_queries, csrf_guarded_client, login


@pytest.fixture()
def today_event(factory):
    """An event running today in Geneva, so the door's day is one of its days."""
    today = datetime.now().date()
    return factory.event(slug="idm", timezone="Europe/Zurich", start=today, end=today)


@pytest.fixture()
def door_session(factory, today_event):
    room = factory.room(today_event, name="Room XVII")
    session = factory.session(today_event, title="Labour mobility", room=room,
                              start=time(10, 0), minutes=90)
    session.door_scanning = True
    db.session.commit()
    return session


def _url(session, tail=""):
    return f"/organize/events/idm/sessions/{session.id}/door{tail}"


def _registration(factory, event, name="Amina Diallo", status="approved",
                  category="government"):
    org = factory.organization(f"Org of {name}")
    return factory.registration(event, factory.person(name, organization=org), status=status,
                                category=category)


def _text(response):
    return response.get_data(as_text=True)


def _presences(registration_id):
    db.session.expire_all()
    return db.session.scalars(select(SessionPresence).where(
        SessionPresence.registration_id == registration_id)).all()


def test_door_page_names_the_session_room_time_and_zone(organizer_client, door_session):
    response = organizer_client.get(_url(door_session))
    body = _text(response)
    assert response.status_code == 200
    assert "<h1>Labour mobility</h1>" in body
    assert "Room XVII" in body
    assert "(Europe/Zurich)" in body
    assert "10:00" in body and "11:30" in body
    assert 'id="desk-code" name="code"' in body
    assert 'src="/static/js/desk-camera.js"' in body


def test_door_page_of_a_session_without_door_scanning_says_it_is_off(
        organizer_client, factory, today_event):
    session = factory.session(today_event, title="Plenary")
    response = organizer_client.get(_url(session))
    assert response.status_code == 404
    assert "Door scanning is off for this session." in _text(response)
    registration = _registration(factory, today_event)
    posted = organizer_client.post(_url(session), data={"code": badge_code_for(registration)})
    assert posted.status_code == 404
    assert _presences(registration.id) == []


def test_door_page_of_a_cancelled_session_says_so(organizer_client, door_session):
    door_session.status = "cancelled"
    db.session.commit()
    response = organizer_client.get(_url(door_session))
    assert response.status_code == 404
    assert "This session is cancelled: its door does not scan." in _text(response)


def test_door_page_of_another_events_session_or_a_deleted_one_is_404(
        organizer_client, factory, door_session):
    other = factory.session(factory.event("other"))
    other.door_scanning = True
    door_session.status = "deleted"
    db.session.commit()
    assert organizer_client.get(_url(other)).status_code == 404
    assert organizer_client.get(_url(door_session)).status_code == 404
    assert organizer_client.get("/organize/events/idm/sessions/999999/door").status_code == 404


def test_door_post_code_records_presence_and_the_day_check_in(
        organizer_client, organizer, factory, today_event, door_session):
    registration = _registration(factory, today_event)
    response = organizer_client.post(_url(door_session), data={
        "code": badge_code_for(registration), "desk": "Room XVII left"})
    body = _text(response)
    assert response.status_code == 200
    assert 'class="desk-answer desk-checked_in"' in body
    assert "Present in the session" in body
    [presence] = _presences(registration.id)
    assert (presence.session_id, presence.desk, presence.by_user_id) == (
        door_session.id, "Room XVII left", organizer.id)
    [day] = db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration.id)).all()
    assert day.desk == "Room XVII left"


def test_door_post_same_code_twice_answers_already_in_the_session(
        organizer_client, factory, today_event, door_session):
    registration = _registration(factory, today_event)
    code = badge_code_for(registration)
    organizer_client.post(_url(door_session), data={"code": code, "desk": "Left"})
    response = organizer_client.post(_url(door_session), data={"code": code, "desk": "Right"})
    body = _text(response)
    assert 'class="desk-answer desk-already"' in body
    assert "Already in the session" in body
    [presence] = _presences(registration.id)
    local = presence.scanned_at.astimezone(today_event.zone).strftime("%H:%M")
    assert f"Since {local} at Left." in body


@pytest.mark.parametrize("status, reason", [
    ("pending", "The registration is still pending: not accredited yet."),
    ("declined", "The registration was declined."),
    ("waitlisted", "The registration is on the waiting list: not accredited."),
    ("cancelled", "The registration was cancelled."),
])
def test_door_refuses_registrations_not_approved(organizer_client, factory, today_event,
                                                 door_session, status, reason):
    registration = _registration(factory, today_event, status="approved")
    code = badge_code_for(registration)
    registration.status = status
    db.session.commit()
    body = _text(organizer_client.post(_url(door_session), data={"code": code}))
    assert 'class="desk-answer desk-refused"' in body
    assert reason in body
    assert _presences(registration.id) == []


def test_door_refuses_revoked_forged_and_other_event_badges(organizer_client, factory,
                                                            today_event, door_session):
    revoked = _registration(factory, today_event, "Revoked Person")
    code = badge_code_for(revoked)
    revoke_badge(revoked)
    elsewhere = _registration(factory, factory.event("other", title="Regional forum"),
                              "Other Person")
    db.session.commit()
    answers = [_text(organizer_client.post(_url(door_session), data={"code": sent}))
               for sent in (code, "1-2-3-AAAAAAAAAAAAAAAAAAAAAAAA",
                            badge_code_for(elsewhere))]
    assert "This badge was revoked (reported lost or replaced)." in answers[0]
    assert "This code is not a valid badge of this app" in answers[1]
    assert "This badge is for another event: Regional forum." in answers[2]
    assert db.session.scalars(select(SessionPresence)).all() == []


def test_door_name_search_without_script_then_record_by_number(
        organizer_client, factory, today_event, door_session):
    registration = _registration(factory, today_event, "Ngozi Okafor")
    page = _text(organizer_client.get(_url(door_session, "?q=okafor")))
    assert "1 registration matches “okafor”" in page
    assert f'name="registration_id" value="{registration.id}"' in page
    assert "Record present" in page
    response = organizer_client.post(_url(door_session, "?q=okafor"),
                                     data={"registration_id": str(registration.id)})
    body = _text(response)
    assert "Present in the session" in body
    assert "Present since " in body
    assert len(_presences(registration.id)) == 1


def test_door_unknown_number_and_empty_form_say_so(organizer_client, door_session):
    body = _text(organizer_client.post(_url(door_session), data={"registration_id": "123456"}))
    assert "No registration with this number at this event." in body
    empty = organizer_client.post(_url(door_session), data={"code": "  "})
    assert empty.status_code == 422
    assert "Scan a badge, type its code, or search for the person by name." in _text(empty)


def test_door_json_answer_for_the_script(organizer_client, factory, today_event, door_session):
    registration = _registration(factory, today_event)
    response = organizer_client.post(_url(door_session),
                                     data={"code": badge_code_for(registration)},
                                     headers={"Accept": "application/json"})
    data = response.get_json()
    assert data["outcome"] == "checked_in"
    assert "Present in the session" in data["html"]


def test_door_post_statements_do_not_grow_with_the_event(organizer_client, factory,
                                                         today_event, door_session):
    def scanned() -> int:
        registration = _registration(factory, today_event, f"Person {scanned.n}")
        scanned.n += 1
        code, url = badge_code_for(registration), _url(door_session)
        with count_queries() as counter:
            organizer_client.post(url, data={"code": code},
                                  headers={"Accept": "application/json"})
        return counter.count
    scanned.n = 0

    small = scanned()
    for n in range(30):
        record_presence(today_event, door_session,
                        _registration(factory, today_event, f"Present Number{n}"),
                        desk="", user_id=None)
    db.session.commit()
    # The user, the event, the session with its room, the badge's registration, the
    # presence, the day's check-in, the version, the two audit entries, the presence read back
    # (the check-in's answer comes from the values it inserted).
    assert small == 10
    assert scanned() == small


def test_door_page_statements_do_not_grow_with_the_scans(organizer_client, factory,
                                                         today_event, door_session):
    def page() -> int:
        url = _url(door_session, "?q=person")
        with count_queries() as counter:
            organizer_client.get(url)
        return counter.count

    for n in range(2):
        record_presence(today_event, door_session,
                        _registration(factory, today_event, f"Person Number{n}"),
                        desk="", user_id=None)
    db.session.commit()
    small = page()
    for n in range(2, 25):
        record_presence(today_event, door_session,
                        _registration(factory, today_event, f"Person Number{n}"),
                        desk="", user_id=None)
    db.session.commit()
    assert page() == small


def test_organizer_undoes_a_presence_and_desk_staff_may_not(client, factory, organizer,
                                                            today_event, door_session):
    registration = _registration(factory, today_event)
    presence = record_presence(today_event, door_session, registration, desk="",
                               user_id=None).presence
    db.session.commit()
    desk_user = factory.member(today_event, role="desk")
    login(client, desk_user)
    undo_url = f"/organize/events/idm/session-presences/{presence.id}/undo"
    assert client.post(undo_url).status_code == 403
    page = _text(client.get(_url(door_session)))
    assert "Amina Diallo" in page and undo_url not in page
    client.post("/logout")
    login(client, organizer)
    assert undo_url in _text(client.get(_url(door_session)))
    response = client.post(undo_url)
    assert response.status_code == 302
    assert response.headers["Location"] == _url(door_session)
    [row] = _presences(registration.id)
    assert (row.undone_at is not None, row.undone_by_user_id) == (True, organizer.id)
    assert "Undone" in _text(client.get(_url(door_session)))


def test_undo_of_another_events_presence_is_404(organizer_client, factory, today_event):
    other = factory.event("other")
    session = factory.session(other)
    presence = record_presence(other, session, factory.registration(other), desk="",
                               user_id=None).presence
    db.session.commit()
    response = organizer_client.post(f"/organize/events/idm/session-presences/{presence.id}/undo")
    assert response.status_code == 404


def test_organizer_turns_door_scanning_on_and_off_on_the_trail(organizer_client, factory,
                                                               today_event):
    session = factory.session(today_event, title="Plenary")
    page = _text(organizer_client.get(f"/organize/events/idm/sessions/{session.id}/"))
    assert "Off: presence is counted at the main desk only, per day." in page
    assert "Turn door scanning on" in page
    response = organizer_client.post(_url(session, "/settings"), data={"door_scanning": "on"})
    assert response.headers["Location"] == f"/organize/events/idm/sessions/{session.id}/"
    db.session.expire_all()
    assert db.session.get(Session, session.id).door_scanning is True
    organizer_client.post(_url(session, "/settings"), data={"door_scanning": "off"})
    db.session.expire_all()
    assert db.session.get(Session, session.id).door_scanning is False
    switched = [changes(e)["door_scanning"] for e in entries(object_type="session")
                if "door_scanning" in changes(e)]
    assert switched == [{"from": False, "to": True}, {"from": True, "to": False}]


def test_session_page_counts_present_by_category(organizer_client, factory, today_event,
                                                 door_session):
    for n, category in enumerate(("academia", "academia", "government")):
        record_presence(today_event, door_session,
                        _registration(factory, today_event, f"Person Number{n}",
                                      category=category), desk="", user_id=None)
    db.session.commit()
    page = _text(organizer_client.get(f"/organize/events/idm/sessions/{door_session.id}/"))
    assert "3 people present in the session." in page
    assert '<tr><th scope="row">Academia</th><td class="num">2</td></tr>' in page
    assert '<tr><th scope="row">Government</th><td class="num">1</td></tr>' in page
    assert f'href="{_url(door_session)}"' in page


def test_desk_page_links_the_session_doors(organizer_client, factory, today_event,
                                           door_session):
    factory.session(today_event, title="No door here")
    page = _text(organizer_client.get("/organize/events/idm/check-in"))
    assert f'<a href="{_url(door_session)}">Labour mobility</a>' in page
    assert "No door here" not in page


def test_door_switch_without_a_choice_changes_nothing(organizer_client, door_session):
    response = organizer_client.post(_url(door_session, "/settings"), data={})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Session, door_session.id).door_scanning is True
    page = _text(organizer_client.get(response.headers["Location"]))
    assert "Choose whether the door scans: on or off." in page


def test_door_scan_and_switch_without_csrf_token_are_refused(app_ctx, database_url, factory,
                                                            organizer, today_event,
                                                            door_session, tmp_path):
    registration = _registration(factory, today_event)
    code, url = badge_code_for(registration), _url(door_session)
    with csrf_guarded_client(database_url, tmp_path, organizer) as guarded:
        assert guarded.post(url, data={"code": code}).status_code == 400
        assert guarded.post(url + "/settings", data={"door_scanning": "off"}).status_code == 400
    assert _presences(registration.id) == []
    db.session.expire_all()
    assert db.session.get(Session, door_session.id).door_scanning is True


def test_badge_page_lists_sessions_scanned_and_undoes_from_there(
        organizer_client, factory, today_event, door_session):
    registration = _registration(factory, today_event)
    presence = record_presence(today_event, door_session, registration, desk="Left",
                               user_id=None).presence
    db.session.commit()
    badge = f"/organize/events/idm/check-in/registrations/{registration.id}"
    page = _text(organizer_client.get(badge))
    assert "Sessions, scanned at their doors" in page
    assert "<td>Labour mobility</td>" in page and "<td>Left</td>" in page
    response = organizer_client.post(
        f"/organize/events/idm/session-presences/{presence.id}/undo", data={"back": "badge"})
    assert response.headers["Location"] == badge
    assert "Undone at " in _text(organizer_client.get(badge))
