"""Outgoing mail: SMTP when a server is configured, otherwise .eml files in OUTBOX_DIR.

Only the outbox worker (eventapp.outbox.worker) calls this; requests queue rows instead.

The outbox keeps development and test runs honest: every message the app would have sent
is on disk, readable with any mail client, and nothing is lost when no server exists.
"""

from __future__ import annotations

import os
import smtplib
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

Attachment = tuple[str, str, bytes]  # (filename, content type such as "text/calendar", content)


def build_message(
    to: str, subject: str, body: str, attachments: Iterable[Attachment] = (), *, sender: str,
    message_id: str | None = None, date: datetime | None = None,
) -> EmailMessage:
    """A complete MIME message; pure, so it can be tested without sending anything.

    The outbox passes a fixed ``message_id`` and ``date`` so that a message delivered twice
    (a worker stopped between sending and recording it) is the same message both times.
    """
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    # Header injection is refused by the email package; newlines in subjects are our bug.
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(date.timestamp() if date else None, localtime=False)
    message["Message-ID"] = message_id or make_msgid(
        domain=sender.rpartition("@")[2].strip(">") or None
    )
    message.set_content(body)
    for filename, content_type, content in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(
            content, maintype=maintype, subtype=subtype or "octet-stream", filename=filename
        )
    return message


def send_mail(
    to: str, subject: str, body: str, attachments: Iterable[Attachment] = ()
) -> EmailMessage:
    """Send one message now, or write it to OUTBOX_DIR when MAIL_SERVER is not set.

    Synchronous: never call it while handling a request. Code that reports a change queues
    the message in the change's transaction instead (eventapp.outbox.queue.queue_mail).
    """
    config = current_app.config
    message = build_message(to, subject, body, attachments, sender=config["MAIL_SENDER"])
    # A random suffix keeps names unique when several workers write at the same instant.
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    deliver(message, f"{stamp}-{uuid.uuid4().hex[:8]}.eml")
    return message


def deliver(message: EmailMessage, eml_name: str) -> None:
    """Hand one message to SMTP, or write it as OUTBOX_DIR/eml_name without MAIL_SERVER.

    The file appears whole or not at all (written aside, then renamed), and a second
    delivery under the same name replaces the first: one file per name, never two.
    """
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=30) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    else:
        outbox = Path(config["OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        partial = outbox / f".{eml_name}.{uuid.uuid4().hex[:8]}.part"
        with open(partial, "wb") as handle:
            handle.write(message.as_bytes())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, outbox / eml_name)
