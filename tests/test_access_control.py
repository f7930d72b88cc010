"""Every organizer page refuses anonymous visitors and participants, whatever its method."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme.models import Event
from tests.conftest import csrf_guarded_client, login


def _real_objects(factory) -> dict[str, object]:
    event = factory.event("ev")
    room = factory.room(event)
    session = factory.session(event, room=room)
    slot = factory.slot(session, factory.person(category="academia"))
    registration = factory.registration(event, slot.person)
    return {"slug": event.slug, "session_id": session.id, "slot_id": slot.id,
            "room_id": room.id, "registration_id": registration.id, "event_id": event.id,
            "person_id": slot.person.id}


def _organizer_requests(app, values: dict[str, object]) -> list[tuple[str, str]]:
    requests = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/organize"):
            continue
        args = {name: values.get(name, 1) for name in rule.arguments}
        _, path = rule.build(args, append_unknown=False)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            requests.append((method, path))
    return requests


def test_anonymous_visitors_are_sent_to_login_everywhere_under_organize(client, factory):
    requests = _organizer_requests(client.application, _real_objects(factory))
    assert len(requests) >= 20
    for method, path in requests:
        response = client.open(path, method=method)
        assert response.status_code == 302, (method, path, response.status_code)
        assert response.headers["Location"].startswith("/login"), (method, path)


def test_participants_are_refused_everywhere_under_organize(client, factory, participant):
    requests = _organizer_requests(client.application, _real_objects(factory))
    login(client, participant)
    for method, path in requests:
        response = client.open(path, method=method)
        assert response.status_code == 403, (method, path, response.status_code)
    assert db.session.scalar(select(Event.title)) == "Test dialogue"


def test_post_without_csrf_token_is_refused_and_changes_nothing(app_ctx, database_url, factory,
                                                                organizer, tmp_path):
    event = factory.event("ev", published=False)
    with csrf_guarded_client(database_url, tmp_path, organizer) as client:
        assert client.get("/organize/").status_code == 200
        response = client.post("/organize/events/ev/publish")
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Form expired" in body
        assert ("The form was not accepted because its security token was missing or "
                "expired. Go back, reload the page and submit again; nothing was saved.") in body
    db.session.refresh(event)
    assert event.is_published is False
