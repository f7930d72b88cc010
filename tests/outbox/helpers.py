"""Shared by the outbox tests: queue messages, read the rows and the delivered files."""

from __future__ import annotations

import shutil
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queue import QueuedMail, queue_mails


def queue_numbered(n: int, *, event_id: int | None = None) -> None:
    """n messages, to person0..person{n-1}, committed."""
    queue_mails([
        QueuedMail(kind="test", to=f"person{i}@example.org", subject=f"Message {i}",
                   body=f"Hello {i}.", event_id=event_id)
        for i in range(n)
    ])
    db.session.commit()


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def outbox_dir() -> Path:
    return Path(current_app.config["OUTBOX_DIR"])


def clear_outbox_dir() -> Path:
    path = outbox_dir()
    shutil.rmtree(path, ignore_errors=True)
    return path


def delivered() -> list[EmailMessage]:
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(p.read_bytes()) for p in sorted(outbox_dir().glob("*.eml"))]
