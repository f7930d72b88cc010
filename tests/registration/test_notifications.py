"""Status messages queued in bulk are exactly the messages built one registration at a time."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.registration import notifications


def test_queue_status_changes_of_ids_matches_the_single_builder(app_ctx, factory):
    event = factory.event("idm", title="IDM")
    account = factory.user(email="account.only@example.org")
    registrations = [
        factory.registration(event, factory.person(
            "Ana Lima", honorific="Dr", email="ana@example.org",
            organization=factory.organization("Ministry of Labour"))),
        factory.registration(event, factory.person("Bo Chen", user=account,
                                                   category="academia"),
                             category="academia", status="waitlisted",
                             organizer_message="The hall is full."),
        factory.registration(event, factory.person("No Address")),  # nobody to write to
    ]
    expected = [notifications.status_change_message(r) for r in registrations]

    queued = notifications.queue_status_changes_of([r.id for r in registrations])
    db.session.commit()

    assert queued == 2
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.recipient, m.subject, m.body_text, m.kind, m.event_id) for m in rows] == [
        (e.to, e.subject, e.body, f"registration-{r.status}", event.id)
        for e, r in zip(expected[:2], registrations[:2], strict=True)
    ]
    assert "Dear Dr Ana Lima," in rows[0].body_text
    assert "Organization: Ministry of Labour" in rows[0].body_text
    assert rows[1].recipient == "account.only@example.org"
    assert "Message from the organizers:\nThe hall is full." in rows[1].body_text
