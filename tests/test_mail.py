"""Outgoing mail: the outbox in development, attachments, and the message builder."""

from __future__ import annotations

import shutil
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser
from pathlib import Path

from eventapp.mail import build_message, send_mail


def test_send_mail_without_server_writes_eml_to_outbox(app_ctx):
    outbox = Path(app_ctx.config["OUTBOX_DIR"])
    shutil.rmtree(outbox, ignore_errors=True)
    send_mail("amina@example.org", "Your registration", "Hello Amina,\n\nWelcome.",
              attachments=[("event.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
    files = list(outbox.glob("*.eml"))
    assert len(files) == 1
    message = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == "Your registration"
    assert message.get_body(("plain",)).get_content() == "Hello Amina,\n\nWelcome.\n"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "event.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_payload(decode=True) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_build_message_folds_newlines_out_of_subject():
    message = build_message("a@example.org", "Hello\r\nBcc: x@example.org", "Body",
                            sender="Events <no-reply@example.org>")
    assert message["Subject"] == "Hello Bcc: x@example.org"
    assert message["Bcc"] is None
    assert message["From"] == "Events <no-reply@example.org>"


def test_build_message_long_french_subject_reads_with_single_spaces():
    subject = "Dialogue international sur la migration 2018\u00a0: inscription approuvée"
    message = build_message("a@example.org", subject, "Corps", sender="Events <e@example.org>")
    raw = message.as_bytes()
    assert b"  " not in raw.split(b"\nFrom:")[0]
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert parsed["Subject"] == (
        "Dialogue international sur la migration 2018 : inscription approuvée")
    # A strict reader unfolds by removing line breaks only, then decodes the encoded words.
    header = raw.split(b"Subject: ")[1].split(b"\nDate:")[0].decode().replace("\n", "")
    decoded = str(make_header(decode_header(header)))
    assert decoded == "Dialogue international sur la migration 2018 : inscription approuvée"


def test_build_message_ascii_subject_stays_plain():
    message = build_message("a@example.org", "IDM 2018: registration approved", "Body",
                            sender="Events <e@example.org>")
    assert b"Subject: IDM 2018: registration approved\n" in message.as_bytes()
