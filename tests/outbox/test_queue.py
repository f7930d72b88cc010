"""Queued mail belongs to the transaction that queued it."""

from __future__ import annotations

from eventapp.extensions import db
from eventapp.outbox.queue import decode_attachments, encode_attachments, queue_mail
from tests.outbox.helpers import rows


def test_queue_mail_commits_with_the_transaction(app_ctx):
    queue_mail("ana@example.org", "Hello\nthere", "Body.", kind="test")
    db.session.commit()
    [row] = rows()
    assert (row.recipient, row.subject, row.body_text, row.status, row.attempts,
            row.kind, row.event_id, row.attachments) == (
        "ana@example.org", "Hello there", "Body.", "queued", 0, "test", None, "[]")
    assert row.next_attempt_at == row.created_at


def test_queue_mail_rolled_back_leaves_nothing(app_ctx):
    queue_mail("ana@example.org", "Hello", "Body.", kind="test")
    db.session.rollback()
    assert rows() == []


def test_attachments_round_trip_exactly():
    attachments = (("event.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n\x00\xff"),)
    assert decode_attachments(encode_attachments(attachments)) == attachments
    assert decode_attachments("[]") == ()
