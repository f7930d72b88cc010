from __future__ import annotations

from datetime import time

from eventapp.extensions import db
from eventapp.registration import notifications
from tests.calendars.helpers import icalendar_instants, vevents
from tests.factories import utc
from tests.registration.outbox import outbox  # noqa: F401  (fixture)


def test_confirmation_email_carries_event_calendar(outbox, factory):  # noqa: F811
    event = factory.event("idm-2018", title="IDM 2018")
    session = factory.session(event, title="Opening", start=time(10, 0))
    person = factory.person("Ana Lopez", email="ana@example.org")
    registration = factory.registration(event, person, status="approved")
    notifications.queue_confirmation(registration)
    db.session.commit()
    [message] = outbox.messages()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "idm-2018.ics"
    body = attachment.get_content()
    body = body if isinstance(body, bytes) else body.encode()
    assert b"METHOD:PUBLISH\r\n" in body
    assert [str(e["SUMMARY"]) for e in vevents(body)] == ["Opening"]
    assert icalendar_instants(body) == {
        f"{session.uid}@eventapp": (utc(2018, 3, 26, 14), utc(2018, 3, 26, 15))
    }


def test_confirmation_for_draft_event_has_no_attachment(outbox, factory):  # noqa: F811
    event = factory.event("draft", published=False)
    registration = factory.registration(event, factory.person("Ana Lopez", email="a@example.org"))
    assert notifications.confirmation_message(registration).attachments == ()
