"""A list of speakers limited to people checked in today; the console marks who is present."""

from __future__ import annotations

from datetime import datetime

import lxml.html
import pytest
from sqlalchemy import select

from eventapp.attendance.checkins import check_in, undo_check_in
from eventapp.attendance.presence import record_presence
from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.locking import FloorError
from eventapp.floor.models import SpeakersList
from eventapp.registration.models import Registration
from tests.floor.helpers import dialogue, open_list, participant, requests_of

REFUSAL = ("Only participants checked in today may ask for the floor on this list. Check in "
           "at the desk first, then ask again.")


def _today_dialogue(factory):
    today = datetime.now().date()
    return dialogue(factory, slug="idm", timezone="UTC", start=today, end=today)


def _registration(event, person):
    return db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                        Registration.person_id == person.id))


def _present_only_list(session):
    speakers_list = open_list(session, policy="arrival")
    chair.update_settings(speakers_list.id, policy="arrival", default_limit_seconds=180,
                          per_category_limit=None, per_organization_limit=None,
                          present_only=True)
    db.session.expire_all()
    return db.session.get(SpeakersList, speakers_list.id)


def test_ask_on_present_only_list_without_check_in_is_refused(factory):
    event, session = _today_dialogue(factory)
    speakers_list = _present_only_list(session)
    person = participant(factory, event, "Ana Lopez")
    with pytest.raises(FloorError) as refused:
        requests.ask(speakers_list, person)
    assert str(refused.value) == REFUSAL
    assert requests_of(speakers_list.id) == []


def test_ask_on_present_only_list_after_check_in_is_accepted(factory):
    event, session = _today_dialogue(factory)
    speakers_list = _present_only_list(session)
    person = participant(factory, event, "Ana Lopez")
    check_in(event, _registration(event, person), desk="A", user_id=None)
    assert requests.ask(db.session.get(SpeakersList, speakers_list.id), person) == 1
    assert [r.status for r in requests_of(speakers_list.id)] == ["waiting"]


def test_ask_on_present_only_list_after_undone_check_in_is_refused(factory):
    event, session = _today_dialogue(factory)
    speakers_list = _present_only_list(session)
    person = participant(factory, event, "Ana Lopez")
    result = check_in(event, _registration(event, person), desk="A", user_id=None)
    undo_check_in(result.check_in, user_id=None)
    db.session.commit()
    with pytest.raises(FloorError, match="Only participants checked in today"):
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)


def test_ask_on_present_only_list_checked_in_another_day_is_refused(factory):
    event, session = _today_dialogue(factory)
    speakers_list = _present_only_list(session)
    person = participant(factory, event, "Ana Lopez")
    check_in(event, _registration(event, person), desk="A", user_id=None,
             now=datetime(2018, 3, 26, 9).astimezone())
    with pytest.raises(FloorError, match="Only participants checked in today"):
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)


def test_ask_on_ordinary_list_needs_no_check_in(factory):
    event, session = _today_dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    person = participant(factory, event, "Ana Lopez")
    assert requests.ask(speakers_list, person) == 1


def test_participant_page_shows_the_refusal(client, factory):
    from tests.conftest import login

    event, session = _today_dialogue(factory)
    _present_only_list(session)
    user = factory.user(email="ana@example.org")
    participant(factory, event, "Ana Lopez", user=user)
    login(client, user)
    response = client.post(f"/events/idm/sessions/{session.id}/floor/request",
                           follow_redirects=True)
    assert REFUSAL in response.get_data(as_text=True)


def _console(event, session) -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor"


def test_console_marks_who_is_checked_in_today(organizer_client, factory):
    event, session = _today_dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    here, away = (participant(factory, event, name) for name in ("Ana Lopez", "Ben Okafor"))
    for person in (here, away):
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)
    check_in(event, _registration(event, here), desk="A", user_id=None)
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    marks = {row.xpath('.//*[@class="floor-name"]')[0].text:
             row.xpath('.//*[contains(@class, "floor-presence")]')[0].text
             for row in page.xpath('//tr[contains(@class, "floor-queue-row")]')}
    assert marks == {"Ana Lopez": "✓ present", "Ben Okafor": "not checked in"}


def test_console_of_a_session_whose_door_scans_marks_who_is_in_the_room(organizer_client,
                                                                         factory):
    event, session = _today_dialogue(factory)
    session.door_scanning = True
    db.session.commit()
    speakers_list = open_list(session, policy="arrival")
    people = [participant(factory, event, name)
              for name in ("Ana Lopez", "Ben Okafor", "Chen Wei")]
    for person in people:
        requests.ask(db.session.get(SpeakersList, speakers_list.id), person)
    here, at_the_desk_only, _away = people
    record_presence(event, session, _registration(event, here), desk="Door", user_id=None)
    check_in(event, _registration(event, at_the_desk_only), desk="A", user_id=None)
    db.session.commit()
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    marks = {row.xpath('.//*[@class="floor-name"]')[0].text:
             row.xpath('.//*[contains(@class, "floor-presence")]')[0].text
             for row in page.xpath('//tr[contains(@class, "floor-queue-row")]')}
    assert marks == {"Ana Lopez": "✓ present", "Ben Okafor": "not scanned at the door",
                     "Chen Wei": "not scanned at the door"}


def test_console_without_any_check_in_shows_no_marks(organizer_client, factory):
    event, session = _today_dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    requests.ask(speakers_list, participant(factory, event, "Ana Lopez"))
    body = organizer_client.get(_console(event, session)).get_data(as_text=True)
    assert "floor-presence" not in body


def test_console_settings_turn_present_only_on(organizer_client, factory):
    event, session = _today_dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    page = lxml.html.fromstring(organizer_client.get(_console(event, session)).data)
    form = page.xpath('//form[@id="floor-settings-form"]')[0]
    data = {f.get("name"): f.get("value") or "" for f in form.xpath(".//input[@name]")
            if f.get("type") != "checkbox"}
    data.update(policy="arrival", present_only="y")
    organizer_client.post(_console(event, session) + "/settings", data=data)
    db.session.expire_all()
    assert db.session.get(SpeakersList, speakers_list.id).present_only is True
