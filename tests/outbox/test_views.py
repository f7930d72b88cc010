"""The organizer's mail page of an event: lists, pagination, retry, access."""

from __future__ import annotations

from sqlalchemy import update

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from tests.conftest import count_queries
from tests.outbox.helpers import queue_numbered, rows


def _set_status(status: str, ids: list[int], **values: object) -> None:
    table = OutboxMessage.__table__
    db.session.execute(update(table).where(table.c.id.in_(ids))
                       .values(status=status, **values))
    db.session.commit()


def test_outbox_page_lists_each_status_with_counts(organizer_client, factory):
    event = factory.event("idm")
    other = factory.event("other")
    queue_numbered(4, event_id=event.id)
    queue_numbered(1, event_id=other.id)
    ids = [r.id for r in rows()]
    _set_status("sent", ids[:1])
    _set_status("failed", ids[1:2], attempts=8, last_error="SMTPRecipientsRefused: nobody")

    html = organizer_client.get("/organize/events/idm/outbox").get_data(as_text=True)
    assert "Waiting (2)" in html and "Failed (1)" in html and "Sent (1)" in html
    assert "person2@example.org" in html and "person3@example.org" in html
    assert "person0@example.org" not in html  # sent, another list
    assert "Times in America/New_York" in html

    html = organizer_client.get("/organize/events/idm/outbox?status=failed").get_data(
        as_text=True)
    assert "SMTPRecipientsRefused: nobody" in html
    assert f"/organize/events/idm/outbox/{ids[1]}/retry" in html

    html = organizer_client.get("/organize/events/idm/outbox?status=sent").get_data(
        as_text=True)
    assert "person0@example.org" in html and "person1@example.org" not in html


def test_outbox_retry_queues_a_failed_message_again_once(organizer_client, factory):
    event = factory.event("idm")
    queue_numbered(2, event_id=event.id)
    ids = [r.id for r in rows()]
    _set_status("failed", ids, attempts=8, last_error="boom")

    response = organizer_client.post(f"/organize/events/idm/outbox/{ids[0]}/retry")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organize/events/idm/outbox?status=failed")
    assert [(r.status, r.attempts) for r in rows()] == [("queued", 0), ("failed", 8)]
    # Again: nothing left to retry for that message, nothing changes.
    organizer_client.post(f"/organize/events/idm/outbox/{ids[0]}/retry")
    assert [(r.status, r.attempts) for r in rows()] == [("queued", 0), ("failed", 8)]

    organizer_client.post("/organize/events/idm/outbox/retry")
    assert [(r.status, r.attempts) for r in rows()] == [("queued", 0), ("queued", 0)]


def test_outbox_retry_of_another_events_message_is_404(organizer_client, factory):
    factory.event("idm")
    other = factory.event("other")
    queue_numbered(1, event_id=other.id)
    [row] = rows()
    _set_status("failed", [row.id])
    assert organizer_client.post(f"/organize/events/idm/outbox/{row.id}/retry").status_code == 404
    assert organizer_client.post("/organize/events/idm/outbox/99999999999/retry").status_code == 404
    assert [r.status for r in rows()] == ["failed"]


def test_outbox_page_is_for_organizers_only(participant_client, factory):
    factory.event("idm")
    assert participant_client.get("/organize/events/idm/outbox").status_code == 403
    assert participant_client.post("/organize/events/idm/outbox/retry").status_code == 403


def test_outbox_page_anonymous_goes_to_login(client, factory):
    factory.event("idm")
    response = client.get("/organize/events/idm/outbox")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_outbox_page_queries_do_not_grow_with_messages(organizer_client, factory):
    small = factory.event("small")
    large = factory.event("large")
    queue_numbered(3, event_id=small.id)
    queue_numbered(400, event_id=large.id)
    organizer_client.get("/organize/events/small/outbox")  # warm: login, caches
    counts = []
    for slug in ("small", "large"):
        with count_queries() as counter:
            response = organizer_client.get(f"/organize/events/{slug}/outbox")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    html = organizer_client.get("/organize/events/large/outbox?page=8").get_data(as_text=True)
    assert "Page 8 of 8" in html
    assert html.count("<tr>") == 1 + 400 - 7 * 50


def test_event_overview_links_to_the_mail_page(organizer_client, factory):
    factory.event("idm")
    html = organizer_client.get("/organize/events/idm/").get_data(as_text=True)
    assert 'href="/organize/events/idm/outbox"' in html
