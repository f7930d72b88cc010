"""The desk's pages: answers to codes, numbers and names, badge actions, undo, access."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from eventapp.attendance.badge_codes import badge_code_for, revoke_badge
from eventapp.attendance.models import CheckIn
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.registration.models import Registration
from tests.conftest import count_queries


@pytest.fixture()
def today_event(factory):
    """An event running today, so the desk's day is one of its days."""
    today = datetime.now().date()
    return factory.event(slug="idm", timezone="UTC", start=today, end=today)


def _person_registration(factory, event, name="Amina Diallo", status="approved",
                         organization="Mali Ministry of Foreign Affairs"):
    org = factory.organization(organization)
    return factory.registration(event, factory.person(name, organization=org), status=status)


def _text(response):
    return response.get_data(as_text=True)


def _check_ins(registration_id):
    db.session.expire_all()
    return db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration_id)).all()


def test_desk_page_has_autofocused_code_field(organizer_client, today_event):
    response = organizer_client.get("/organize/events/idm/check-in")
    assert response.status_code == 200
    body = _text(response)
    assert 'id="desk-code" name="code"' in body
    assert "autofocus" in body
    assert 'src="/static/vendor/jsqr/jsQR.js"' in body


def test_desk_post_code_of_approved_registration_checks_in(organizer_client, organizer,
                                                          factory, today_event):
    registration = _person_registration(factory, today_event)
    response = organizer_client.post("/organize/events/idm/check-in", data={
        "code": badge_code_for(registration), "desk": "Main door"})
    body = _text(response)
    assert response.status_code == 200
    assert 'class="desk-answer desk-checked_in"' in body
    assert "Checked in" in body
    assert "Amina Diallo" in body
    assert "Mali Ministry of Foreign Affairs · Government" in body
    [row] = _check_ins(registration.id)
    assert (row.desk, row.by_user_id, row.day) == ("Main door", organizer.id, utcnow().date())


def test_desk_post_same_code_twice_answers_already_with_time_and_desk(
        organizer_client, factory, today_event):
    registration = _person_registration(factory, today_event)
    code = badge_code_for(registration)
    organizer_client.post("/organize/events/idm/check-in", data={"code": code, "desk": "Door A"})
    response = organizer_client.post("/organize/events/idm/check-in",
                                     data={"code": code, "desk": "Door B"})
    body = _text(response)
    assert 'class="desk-answer desk-already"' in body
    row = _check_ins(registration.id)[0]
    assert f"Since {row.checked_in_at.strftime('%H:%M')} at Door A." in body
    assert len(_check_ins(registration.id)) == 1


def test_desk_remembers_the_desk_name_between_scans(organizer_client, factory, today_event):
    first = _person_registration(factory, today_event)
    second = _person_registration(factory, today_event, "Li Wei", organization="Org B")
    organizer_client.post("/organize/events/idm/check-in",
                          data={"code": badge_code_for(first), "desk": "Door A"})
    organizer_client.post("/organize/events/idm/check-in", data={"code": badge_code_for(second)})
    assert _check_ins(second.id)[0].desk == "Door A"


@pytest.mark.parametrize(("status", "reason"), [
    ("pending", "The registration is still pending: not accredited yet."),
    ("declined", "The registration was declined."),
    ("waitlisted", "The registration is on the waiting list: not accredited."),
    ("cancelled", "The registration was cancelled."),
])
def test_desk_post_code_of_registration_not_approved_is_refused(
        organizer_client, factory, today_event, status, reason):
    registration = _person_registration(factory, today_event)
    code = badge_code_for(registration)
    registration.status = status
    db.session.commit()
    body = _text(organizer_client.post("/organize/events/idm/check-in", data={"code": code}))
    assert 'class="desk-answer desk-refused"' in body
    assert reason in body
    assert _check_ins(registration.id) == []


def test_desk_post_forged_code_is_refused(organizer_client, factory, today_event):
    registration = _person_registration(factory, today_event)
    forged = badge_code_for(registration)[:-1] + "Q"
    body = _text(organizer_client.post("/organize/events/idm/check-in", data={"code": forged}))
    assert "This code is not a valid badge of this app: forged, damaged or misread." in body
    assert "Amina Diallo" not in body


def test_desk_post_revoked_code_is_refused(organizer_client, factory, today_event):
    registration = _person_registration(factory, today_event)
    code = badge_code_for(registration)
    revoke_badge(registration)
    db.session.commit()
    body = _text(organizer_client.post("/organize/events/idm/check-in", data={"code": code}))
    assert "This badge was revoked" in body
    assert _check_ins(registration.id) == []


def test_desk_post_code_of_other_event_is_refused_naming_it(organizer_client, factory,
                                                           today_event):
    other = factory.event(title="Regional consultation")
    registration = _person_registration(factory, other)
    body = _text(organizer_client.post("/organize/events/idm/check-in",
                                       data={"code": badge_code_for(registration)}))
    assert "This badge is for another event: Regional consultation." in body
    assert _check_ins(registration.id) == []


def test_desk_post_registration_id_checks_in(organizer_client, factory, today_event):
    registration = _person_registration(factory, today_event)
    body = _text(organizer_client.post("/organize/events/idm/check-in",
                                       data={"registration_id": str(registration.id)}))
    assert "desk-checked_in" in body
    assert len(_check_ins(registration.id)) == 1


@pytest.mark.parametrize("value", ["999999", "abc", "99999999999999999999999"])
def test_desk_post_unknown_registration_id_is_refused(organizer_client, factory, today_event,
                                                      value):
    other = _person_registration(factory, factory.event())
    if value == "999999":
        value = str(other.id)
    response = organizer_client.post("/organize/events/idm/check-in",
                                     data={"registration_id": value})
    assert response.status_code == 200
    assert "No registration with this number at this event." in _text(response)


def test_desk_post_nothing_asks_for_a_code(organizer_client, today_event):
    response = organizer_client.post("/organize/events/idm/check-in", data={"code": "  "})
    assert response.status_code == 422
    assert "Scan a badge, type its code, or search for the person by name." in _text(response)


def test_desk_search_by_name_lists_matches_with_check_in_buttons(organizer_client, factory,
                                                                today_event):
    registration = _person_registration(factory, today_event)
    _person_registration(factory, today_event, "Bruno Costa", organization="Org B")
    body = _text(organizer_client.get("/organize/events/idm/check-in?q=diallo"))
    assert "1 registration matches “diallo”" in body
    assert f'name="registration_id" value="{registration.id}"' in body
    assert "Bruno Costa" not in body


def test_desk_search_by_organization(organizer_client, factory, today_event):
    _person_registration(factory, today_event)
    body = _text(organizer_client.get("/organize/events/idm/check-in?q=mali+ministry"))
    assert "Amina Diallo" in body


def test_desk_search_queries_are_bounded(organizer_client, factory, today_event):
    def searched():
        with count_queries() as counter:
            organizer_client.get("/organize/events/idm/check-in?q=person")
        return counter.count

    for n in range(2):
        _person_registration(factory, today_event, f"Person Number{n}", organization=f"O{n}")
    small = searched()
    for n in range(2, 12):
        _person_registration(factory, today_event, f"Person Number{n}", organization=f"O{n}")
    assert searched() == small


def test_desk_refuses_participants_and_sends_visitors_to_login(client, participant_client,
                                                               today_event):
    assert participant_client.get("/organize/events/idm/check-in").status_code == 403
    assert participant_client.post("/organize/events/idm/check-in",
                                   data={"code": "x"}).status_code == 403


def test_desk_sends_anonymous_visitors_to_login(client, today_event):
    response = client.get("/organize/events/idm/check-in")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_desk_unknown_event_is_404(organizer_client):
    assert organizer_client.get("/organize/events/nope/check-in").status_code == 404


def test_badge_details_revoke_then_reissue(organizer_client, factory, today_event):
    registration = _person_registration(factory, today_event)
    old = badge_code_for(registration)
    base = f"/organize/events/idm/check-in/registrations/{registration.id}"
    assert old in _text(organizer_client.get(base))
    organizer_client.post(base + "/badge/revoke")
    body = _text(organizer_client.get(base))
    assert "Revoked on" in body
    organizer_client.post(base + "/badge/reissue")
    db.session.expire_all()
    registration = db.session.get(Registration, registration.id)
    new = badge_code_for(registration)
    assert new != old
    assert "Valid, issue number 2." in _text(organizer_client.get(base))
    refused = _text(organizer_client.post("/organize/events/idm/check-in", data={"code": old}))
    assert "This badge was revoked" in refused
    accepted = _text(organizer_client.post("/organize/events/idm/check-in", data={"code": new}))
    assert "desk-checked_in" in accepted


def test_badge_details_of_other_event_is_404(organizer_client, factory, today_event):
    registration = _person_registration(factory, factory.event())
    base = f"/organize/events/idm/check-in/registrations/{registration.id}"
    assert organizer_client.get(base).status_code == 404
    assert organizer_client.post(base + "/badge/revoke").status_code == 404


def test_undo_check_in_keeps_it_undone(organizer_client, organizer, factory, today_event):
    registration = _person_registration(factory, today_event)
    organizer_client.post("/organize/events/idm/check-in",
                          data={"registration_id": str(registration.id)})
    [row] = _check_ins(registration.id)
    response = organizer_client.post(f"/organize/events/idm/check-ins/{row.id}/undo")
    assert response.status_code == 302
    [row] = _check_ins(registration.id)
    assert row.undone_by_user_id == organizer.id
    assert row.undone_at is not None
    body = _text(organizer_client.get(response.headers["Location"]))
    assert "Undone at" in body
    again = _text(organizer_client.post("/organize/events/idm/check-in",
                                        data={"registration_id": str(registration.id)}))
    assert "desk-checked_in" in again


def test_undo_check_in_of_other_event_is_404(organizer_client, factory, today_event):
    other = factory.event(slug="other", timezone="UTC")
    registration = _person_registration(factory, other)
    organizer_client.post("/organize/events/other/check-in",
                          data={"registration_id": str(registration.id)})
    [row] = _check_ins(registration.id)
    assert organizer_client.post(f"/organize/events/idm/check-ins/{row.id}/undo") \
        .status_code == 404


def test_desk_post_json_answers_the_answer_alone(organizer_client, factory, today_event):
    registration = _person_registration(factory, today_event)
    code = badge_code_for(registration)
    headers = {"Accept": "application/json"}
    first = organizer_client.post("/organize/events/idm/check-in", headers=headers,
                                  data={"code": code, "desk": "Door A"})
    assert first.status_code == 200
    assert first.json["outcome"] == "checked_in"
    assert first.json["html"].strip().startswith("<section id=\"desk-answer\" class=\"desk-answer "
                                         "desk-checked_in\"")
    assert "Amina Diallo" in first.json["html"]
    second = organizer_client.post("/organize/events/idm/check-in", headers=headers,
                                   data={"code": code, "desk": "Door B"})
    assert second.json["outcome"] == "already"
    assert "at Door A." in second.json["html"]
    empty = organizer_client.post("/organize/events/idm/check-in", headers=headers,
                                  data={"code": ""})
    assert (empty.status_code, empty.json) == (422, {"outcome": "empty", "html": ""})


def test_desk_post_json_queries_are_few(organizer_client, factory, today_event):
    registration = _person_registration(factory, today_event)
    code = badge_code_for(registration)
    with count_queries() as counter:
        organizer_client.post("/organize/events/idm/check-in", data={"code": code},
                              headers={"Accept": "application/json"})
    # The user, the event, the badge's registration with its person, organization and
    # category, the insert, the dashboard's version, the audit entry: the answer is drawn
    # from the values inserted, not from the row read back.
    assert counter.count == 6
    with count_queries() as again:
        organizer_client.post("/organize/events/idm/check-in", data={"code": code},
                              headers={"Accept": "application/json"})
    # The same three reads, the insert that finds the day's check-in, and that check-in.
    assert again.count == 5


@pytest.mark.parametrize(("typed", "found"), [
    ("Muller", ["Müller, Anna", "Müller-Lüdenscheidt, Jörg"]),
    ("MÜLLER anna", ["Müller, Anna"]),
    ("anna muller", ["Müller, Anna"]),
    ("Sao Paulo", ["Silva, Beatriz"]),
    ("são paulo", ["Silva, Beatriz"]),
    ("Nguyen", ["Nguyễn, Thị Ảnh"]),
    ("nguyễn thi", ["Nguyễn, Thị Ảnh"]),
    ("Mueller", []),
])
def test_desk_search_ignores_accents_and_case(factory, today_event, typed, found):
    from eventapp.attendance.desk import search

    _person_registration(factory, today_event, "Anna Müller", organization="Stadt Köln")
    _person_registration(factory, today_event, "Jörg Müller-Lüdenscheidt", organization="IOM")
    _person_registration(factory, today_event, "Beatriz Silva",
                         organization="Prefeitura de São Paulo")
    _person_registration(factory, today_event, "Thị Ảnh Nguyễn", organization="Hanoi Office")
    hits = search(today_event, typed)
    assert [f"{h.registration.person.last_name}, {h.registration.person.first_name}"
            for h in hits] == found
