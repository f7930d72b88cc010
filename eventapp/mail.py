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
from email.header import Header
from email.message import EmailMessage
from email.policy import Policy
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

Attachment = tuple[str, str, bytes]  # (filename, content type such as "text/calendar", content)


class _EncodedSubject(str):
    """A non-ASCII Subject written as RFC 2047 encoded words only.

    The email package folds a long subject mixing plain and encoded words after a space and
    then adds the folding space, so readers saw "inscription  approuvée" (two spaces).
    Between encoded words, folding whitespace is ignored: the subject reads as written.
    """

    name = "Subject"

    def fold(self, *, policy: Policy) -> str:
        encoded = Header(str(self), "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


def _subject(text: str) -> str:
    return text if text.isascii() else _EncodedSubject(text)


def mail_not_sent() -> bool:
    """True where messages are only saved in OUTBOX_DIR, never sent (the demo without a
    mail server): pages then say where the link went instead of "we sent you a link"."""
    return bool(current_app.config.get("MAIL_NOT_SENT"))


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
    message["Subject"] = _subject(" ".join(subject.split()))
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
    """Hand one message to SMTP, or write it as OUTBOX_DIR/eml_name without MAIL_SERVER."""
    with Deliverer(current_app.config) as deliverer:
        deliverer.deliver(message, eml_name)


class Deliverer:
    """Delivers messages one after another, over one SMTP connection when MAIL_SERVER is set.

    The connection opens on first use and is kept for the next message, so a worker sending
    thousands of messages does not open thousands of connections. Without MAIL_SERVER each
    message is written to OUTBOX_DIR/eml_name: the file appears whole or not at all (written
    aside, then renamed), and a second delivery under the same name replaces the first.
    """

    def __init__(self, config: dict) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Deliverer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def deliver(self, message: EmailMessage, eml_name: str) -> None:
        if not self.config.get("MAIL_SERVER"):
            self._write_eml(message, eml_name)
            return
        reused = self._smtp is not None
        try:
            self._connection().send_message(message)
        except smtplib.SMTPServerDisconnected:
            self.close()
            if not reused:
                raise
            # The server closed the idle connection we kept: once more on a new one.
            self._connection().send_message(message)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            config = self.config
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=30)
            try:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            except Exception:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _write_eml(self, message: EmailMessage, eml_name: str) -> None:
        outbox = Path(self.config["OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        partial = outbox / f".{eml_name}.{uuid.uuid4().hex[:8]}.part"
        with open(partial, "wb") as handle:
            handle.write(message.as_bytes())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, outbox / eml_name)
