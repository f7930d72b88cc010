"""Delivering the outbox: claim due rows, deliver each, record the outcome on the row.

Several workers may run at once (processes, hosts or threads). A worker *claims* a batch
before delivering it: the claim sets status "sending", claimed_by and a lease
(claimed_until) in one short transaction. On PostgreSQL the claim reads the due rows with
``FOR UPDATE SKIP LOCKED``, so competing workers take disjoint batches without waiting; on
SQLite the claim runs inside ``BEGIN IMMEDIATE`` (the database write lock), so claims are
serialized. A delivered row is marked sent only by the worker that still holds its claim.

A worker that dies mid-delivery leaves its rows "sending"; when the lease runs out they are
due again and another worker takes them. The .eml file name is fixed per message, so a
second delivery replaces the first file: exactly one file per message. Over SMTP a message
handed to the server just before the worker died is sent again (at-least-once; see
docs/DECISIONS.md), with the same Message-ID so receiving systems can recognise it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, or_, select, text, update

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.mail import Deliverer, build_message
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queue import decode_attachments
from eventapp.outbox.retention import prune_sent

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 6 * 60 * 60
DEFAULT_LEASE_SECONDS = 300
DEFAULT_BATCH = 50
# How often a running worker deletes sent mail past its retention (outbox/retention.py).
PRUNE_INTERVAL_SECONDS = 3600


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


def backoff_seconds(attempts: int) -> int:
    """Wait before retry number ``attempts`` (1 = after the first failure): 30 s, 60 s, ..."""
    return min(BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def eml_name(message: OutboxMessage) -> str:
    """Fixed per message: sorted names follow the order messages were queued."""
    return f"{message.created_at:%Y%m%dT%H%M%S%f}-{message.id:010d}.eml"


def message_id_header(message: OutboxMessage, sender: str) -> str:
    domain = sender.rpartition("@")[2].strip("> ") or "eventapp.invalid"
    return f"<outbox.{message.id}.{message.created_at:%Y%m%d%H%M%S%f}@{domain}>"


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now),
    )


def claim(worker_id: str, *, limit: int = DEFAULT_BATCH,
          lease_seconds: int = DEFAULT_LEASE_SECONDS) -> list[int]:
    """Take up to ``limit`` due messages for this worker; returns their ids, oldest first."""
    session = db.session
    session.commit()  # BEGIN IMMEDIATE must open a fresh transaction on SQLite.
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("BEGIN IMMEDIATE"))
        now = utcnow()
        ids = list(session.scalars(
            select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id)
            .limit(limit).with_for_update(skip_locked=True)
        ))
        if ids:
            session.execute(
                update(OutboxMessage.__table__)
                .where(OutboxMessage.__table__.c.id.in_(ids))
                .values(status="sending", claimed_by=worker_id,
                        claimed_until=now + timedelta(seconds=lease_seconds))
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ids


def _finish(message_id: int, worker_id: str, **values: object) -> bool:
    """Record an outcome if this worker still holds the claim; False when it lost it."""
    table = OutboxMessage.__table__
    result = db.session.execute(
        update(table)
        .where(table.c.id == message_id, table.c.status == "sending",
               table.c.claimed_by == worker_id)
        .values(claimed_by=None, claimed_until=None, **values)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_one(message_id: int, worker_id: str, deliverer: Deliverer | None = None) -> str:
    """Deliver one claimed message; returns the status recorded ('sent', 'queued', 'failed',
    or 'lost' when another worker took the claim meanwhile)."""
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if message is None or message.claimed_by != worker_id:
        db.session.rollback()
        return "lost"
    sender = current_app.config["MAIL_SENDER"]
    attempts = message.attempts + 1
    try:
        email = build_message(
            message.recipient, message.subject, message.body_text,
            decode_attachments(message.attachments), sender=sender,
            message_id=message_id_header(message, sender), date=message.created_at,
        )
        name = eml_name(message)
        # No transaction stays open while a mail server takes its time.
        db.session.rollback()
        if deliverer is None:
            with Deliverer(current_app.config) as once:
                once.deliver(email, name)
        else:
            deliverer.deliver(email, name)
    except Exception as exc:  # any delivery failure is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning("outbox message %s: attempt %s failed: %s", message_id, attempts, error)
        db.session.rollback()
        if attempts >= MAX_ATTEMPTS:
            done = _finish(message_id, worker_id, status="failed", attempts=attempts,
                           last_error=error)
            return "failed" if done else "lost"
        done = _finish(
            message_id, worker_id, status="queued", attempts=attempts, last_error=error,
            next_attempt_at=utcnow() + timedelta(seconds=backoff_seconds(attempts)),
        )
        return "queued" if done else "lost"
    done = _finish(message_id, worker_id, status="sent", attempts=attempts,
                   sent_at=utcnow(), last_error="")
    return "sent" if done else "lost"


@dataclass
class RunResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lost: int = 0

    def add(self, outcome: str) -> None:
        if outcome == "sent":
            self.sent += 1
        elif outcome == "queued":
            self.retrying += 1
        elif outcome == "failed":
            self.failed += 1
        else:
            self.lost += 1


def deliver_due(worker_id: str | None = None, *, batch: int = DEFAULT_BATCH,
                lease_seconds: int | None = None,
                stop: threading.Event | None = None) -> RunResult:
    """Deliver everything due now (batch by batch) and return what happened."""
    worker_id = worker_id or new_worker_id()
    lease = lease_seconds or current_app.config.get("MAIL_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)
    result = RunResult()
    with Deliverer(current_app.config) as deliverer:
        while stop is None or not stop.is_set():
            ids = claim(worker_id, limit=batch, lease_seconds=lease)
            if not ids:
                break
            for message_id in ids:
                # A stop request ends the batch early; its other claims are given back below.
                if stop is not None and stop.is_set():
                    break
                result.add(deliver_one(message_id, worker_id, deliverer))
    if stop is not None and stop.is_set():
        release(worker_id)
    return result


def release(worker_id: str) -> int:
    """Give back this worker's undelivered claims at once instead of waiting for the lease."""
    table = OutboxMessage.__table__
    result = db.session.execute(
        update(table)
        .where(table.c.status == "sending", table.c.claimed_by == worker_id)
        .values(status="queued", claimed_by=None, claimed_until=None)
    )
    db.session.commit()
    return result.rowcount


def run_forever(stop: threading.Event, *, poll_seconds: float = 2.0,
                worker_id: str | None = None) -> None:
    """Deliver due messages until ``stop`` is set; sleeps ``poll_seconds`` when idle."""
    worker_id = worker_id or new_worker_id()
    pruned_at: float | None = None
    while not stop.is_set():
        try:
            if pruned_at is None or time.monotonic() - pruned_at >= PRUNE_INTERVAL_SECONDS:
                pruned_at = time.monotonic()
                prune_sent()
            deliver_due(worker_id, stop=stop)
        except Exception:  # a database outage must not end the worker
            log.exception("outbox worker %s: delivery round failed", worker_id)
        finally:
            db.session.remove()
        stop.wait(poll_seconds)
