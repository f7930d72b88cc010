from __future__ import annotations

from datetime import time

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.models import AgendaStar
from tests.conftest import login


def _stars() -> int:
    return db.session.scalar(select(func.count(AgendaStar.id)))


def test_star_twice_keeps_one_star_and_unstar_removes_it(participant_client, factory):
    event = factory.event("ev")
    session = factory.session(event, title="Panel")
    url = f"/events/ev/sessions/{session.id}/star"
    assert participant_client.post(url).status_code == 302
    assert participant_client.post(url).status_code == 302
    assert _stars() == 1
    response = participant_client.post(f"/events/ev/sessions/{session.id}/unstar",
                                       data={"next": "/events/ev/agenda"})
    assert response.headers["Location"] == "/events/ev/agenda"
    assert participant_client.post(f"/events/ev/sessions/{session.id}/unstar").status_code == 302
    assert _stars() == 0


def test_star_rejects_unsafe_next_and_unknown_sessions(participant_client, factory):
    event = factory.event("ev")
    session = factory.session(event)
    cancelled = factory.session(event, status="cancelled", start=time(12, 0))
    draft = factory.event("draft", published=False)
    hidden = factory.session(draft)
    response = participant_client.post(f"/events/ev/sessions/{session.id}/star",
                                       data={"next": "https://evil.example/"})
    assert response.headers["Location"] == f"/events/ev/sessions/{session.id}"
    assert participant_client.post(f"/events/ev/sessions/{cancelled.id}/star").status_code == 404
    assert participant_client.post(f"/events/draft/sessions/{hidden.id}/star").status_code == 404
    assert participant_client.post("/events/ev/sessions/999999/star").status_code == 404
    assert _stars() == 1


def test_star_requires_login(client, factory):
    session = factory.session(factory.event("ev"))
    response = client.post(f"/events/ev/sessions/{session.id}/star")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert _stars() == 0


def test_my_agenda_lists_own_sessions_by_event_and_day(client, factory, participant):
    event = factory.event("ev", title="IDM 2018")
    mine = factory.session(event, title="My panel")
    factory.session(event, title="Other panel", start=time(12, 0))
    speaking = factory.session(event, title="Where I speak", start=time(14, 0))
    factory.slot(speaking, factory.person("Me Myself", user=participant))
    db.session.add(AgendaStar(user_id=participant.id, session_id=mine.id))
    db.session.commit()
    login(client, participant)
    body = client.get("/me/agenda").get_data(as_text=True)
    assert "IDM 2018" in body and "Monday 26 March 2018" in body
    assert "My panel" in body and "Where I speak" in body and "You speak" in body
    assert "Other panel" not in body
    assert "Create my subscription link" in body


def test_my_agenda_subscription_link_is_offered_as_webcal(participant_client, participant):
    response = participant_client.post("/me/agenda/subscription")
    assert response.status_code == 302
    body = participant_client.get("/me/agenda").get_data(as_text=True)
    assert 'href="webcal://localhost/feeds/' in body
    participant_client.post("/me/agenda/subscription/revoke")
    assert "webcal://" not in participant_client.get("/me/agenda").get_data(as_text=True)


def test_another_users_agenda_is_not_reachable(client, factory, participant):
    event = factory.event("ev")
    session = factory.session(event, title="Private choice")
    db.session.add(AgendaStar(user_id=participant.id, session_id=session.id))
    db.session.commit()
    other = factory.user(email="other@example.org")
    login(client, other)
    assert "Private choice" not in client.get("/me/agenda").get_data(as_text=True)
    assert client.get("/me/agenda").status_code == 200


def test_agenda_page_shows_star_state_for_logged_in_user(client, factory, participant,
                                                         query_counter):
    event = factory.event("ev")
    starred = factory.session(event, title="Starred")
    plain = factory.session(event, title="Plain", start=time(12, 0))
    db.session.add(AgendaStar(user_id=participant.id, session_id=starred.id))
    db.session.commit()
    anonymous = client.get("/events/ev/agenda").get_data(as_text=True)
    assert "Add to my agenda" not in anonymous and "agenda-star" not in anonymous
    login(client, participant)
    body = client.get("/events/ev/agenda").get_data(as_text=True)
    assert f'action="/events/ev/sessions/{starred.id}/unstar"' in body
    assert f'action="/events/ev/sessions/{plain.id}/star"' in body
    assert f'aria-describedby="session-{plain.id}-title"' in body
    assert body.count('name="csrf_token"') >= 3


def test_session_page_has_star_and_calendar_menu(client, factory, participant):
    event = factory.event("ev")
    session = factory.session(event, title="Panel")
    body = client.get(f"/events/ev/sessions/{session.id}").get_data(as_text=True)
    assert "Log in</a> to add this session" in body
    assert f'href="/events/ev/sessions/{session.id}/calendar.ics"' in body
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Panel" in body
    login(client, participant)
    body = client.get(f"/events/ev/sessions/{session.id}").get_data(as_text=True)
    assert f'action="/events/ev/sessions/{session.id}/star"' in body


def test_event_page_offers_programme_subscription(client, factory):
    factory.event("ev")
    body = client.get("/events/ev/").get_data(as_text=True)
    assert 'href="webcal://localhost/events/ev/calendar.ics"' in body
    assert 'href="/events/ev/schedule.xml"' in body


def test_break_has_no_star_button_on_agenda_or_session_page(client, factory, participant):
    event = factory.event("ev")
    coffee = factory.session(event, title="Coffee", kind="break")
    panel = factory.session(event, title="Panel", start=time(12, 0))
    login(client, participant)

    agenda = client.get("/events/ev/agenda").get_data(as_text=True)
    session_page = client.get(f"/events/ev/sessions/{coffee.id}").get_data(as_text=True)

    assert f'action="/events/ev/sessions/{coffee.id}/star"' not in agenda
    assert f'action="/events/ev/sessions/{panel.id}/star"' in agenda
    assert "Add to my agenda" not in session_page
    assert f'href="/events/ev/sessions/{coffee.id}/calendar.ics"' in session_page


def test_star_refuses_a_break_with_a_message(participant_client, factory):
    event = factory.event("ev")
    coffee = factory.session(event, title="Coffee", kind="break")

    response = participant_client.post(f"/events/ev/sessions/{coffee.id}/star",
                                       data={"next": "/events/ev/agenda"})
    page = participant_client.get("/events/ev/agenda").get_data(as_text=True)

    assert response.status_code == 302
    assert response.headers["Location"] == "/events/ev/agenda"
    assert "“Coffee” is a break, open to everyone: it cannot be added to a personal " \
           "agenda." in page
    assert _stars() == 0
