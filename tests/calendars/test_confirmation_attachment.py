from __future__ import annotations

from datetime import date, time

from eventapp.calendars.attachments import event_calendar_attachment
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.registration import notifications
from tests.calendars.helpers import vevents
from tests.registration.outbox import outbox  # noqa: F401  (fixture)


def _attachment_body(message) -> bytes:
    [attachment] = [a for a in message.iter_attachments()
                    if a.get_content_type() == "text/calendar"]
    assert attachment.get_content_type() == "text/calendar"
    body = attachment.get_content()
    return body if isinstance(body, bytes) else body.encode()


def test_confirmation_email_carries_one_vevent_for_the_event_dates(outbox, factory):  # noqa: F811
    event = factory.event("idm-2018", title="IDM 2018", start=date(2018, 3, 26),
                          end=date(2018, 3, 27), venue="UN Headquarters", city="New York")
    factory.session(event, title="Opening", start=time(10, 0))
    person = factory.person("Ana Lopez", email="ana@example.org")
    registration = factory.registration(event, person, status="approved")
    notifications.queue_confirmation(registration)
    db.session.commit()
    [message] = outbox.messages()
    # An approved registration's confirmation also carries its badge's QR code (badges/).
    assert [a.get_filename() for a in message.iter_attachments()] == [
        "idm-2018.ics", "badge-qr-code.png"]
    assert ("The full programme, as a calendar you can subscribe to: "
            "webcal://localhost/events/idm-2018/calendar.ics\n"
            in message.get_body(("plain",)).get_content())
    body = _attachment_body(message)
    assert b"METHOD:PUBLISH\r\n" in body
    [vevent] = vevents(body)
    assert str(vevent["UID"]) == f"event-{event.id}@eventapp"
    assert str(vevent["SUMMARY"]) == "IDM 2018"
    assert str(vevent["LOCATION"]) == "UN Headquarters, New York"
    assert vevent.decoded("DTSTART") == date(2018, 3, 26)
    assert vevent.decoded("DTEND") == date(2018, 3, 28)  # exclusive end of an all-day event
    assert str(vevent["DESCRIPTION"]) == (
        "Programme: http://localhost/events/idm-2018/\n"
        "Subscribe to the full programme in your calendar: "
        "webcal://localhost/events/idm-2018/calendar.ics"
    )


def test_confirmation_attachment_size_does_not_grow_with_the_programme(app_ctx, factory):
    small = factory.event("small-12", title="Dialogue")
    large = factory.event("large-12", title="Dialogue")
    for index in range(5):
        factory.session(small, title=f"Session {index}")
    for index in range(150):
        factory.session(large, title=f"Session {index}")
    # Same titles, same slug length, same timestamps: any size difference would be programme.
    db.session.execute(db.update(Event).values(updated_at=small.updated_at))
    db.session.commit()
    _, _, small_body = event_calendar_attachment(small)
    _, _, large_body = event_calendar_attachment(large)
    assert len(vevents(small_body)) == 1
    assert len(vevents(large_body)) == 1
    assert len(small_body) == len(large_body)
    assert len(large_body) < 2000


def test_confirmation_for_draft_event_has_no_attachment(outbox, factory):  # noqa: F811
    event = factory.event("draft", published=False)
    registration = factory.registration(event, factory.person("Ana Lopez", email="a@example.org"))
    attachments = notifications.confirmation_message(registration).attachments
    assert [name for name, _type, _data in attachments] == ["badge-qr-code.png"]
