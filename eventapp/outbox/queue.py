"""Writing messages into the outbox, inside the caller's transaction.

Nothing here commits or sends: the rows become visible to the worker only when the change
they report commits, and vanish with it on a rollback. Rows are written with Core
statements (one executemany for any number of messages) so a bulk change of thousands of
registrations costs one round trip for its mail, and no cached page is invalidated by mail.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.mail import Attachment
from eventapp.outbox.models import OutboxMessage


@dataclass(frozen=True)
class QueuedMail:
    """One message to queue: ``kind`` names what it reports (e.g. "registration-status")."""

    kind: str
    to: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()
    event_id: int | None = None


def encode_attachments(attachments: Iterable[Attachment]) -> str:
    return json.dumps([
        {"filename": name, "content_type": content_type,
         "content": base64.b64encode(content).decode("ascii")}
        for name, content_type, content in attachments
    ])


def decode_attachments(stored: str) -> tuple[Attachment, ...]:
    return tuple(
        (item["filename"], item["content_type"], base64.b64decode(item["content"]))
        for item in json.loads(stored or "[]")
    )


def queue_mails(mails: Sequence[QueuedMail]) -> int:
    """Queue several messages with one statement; returns how many were queued."""
    if not mails:
        return 0
    now = utcnow()
    # " ".join(split()) keeps a subject one header line, whatever the caller built.
    rows = [
        {
            "event_id": mail.event_id, "kind": mail.kind, "recipient": mail.to,
            "subject": " ".join(mail.subject.split())[:300], "body_text": mail.body,
            "attachments": encode_attachments(mail.attachments), "status": "queued",
            "attempts": 0, "next_attempt_at": now, "last_error": "", "created_at": now,
        }
        for mail in mails
    ]
    db.session.execute(insert(OutboxMessage.__table__), rows)
    return len(rows)


def queue_mail(
    to: str, subject: str, body: str, attachments: Iterable[Attachment] = (), *,
    kind: str, event_id: int | None = None,
) -> None:
    """Queue one message in the current transaction; the worker delivers it after commit."""
    queue_mails([QueuedMail(kind=kind, to=to, subject=subject, body=body,
                            attachments=tuple(attachments), event_id=event_id)])
