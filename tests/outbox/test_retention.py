"""Sent mail is deleted after its retention; queued and failed mail never is."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.retention import prune_sent
from eventapp.outbox.worker import run_forever


def _message(recipient: str, status: str, sent_days_ago: float | None) -> OutboxMessage:
    now = utcnow()
    message = OutboxMessage(kind="test", recipient=recipient, subject="S", body_text="B",
                            status=status, created_at=now - timedelta(days=40),
                            sent_at=None if sent_days_ago is None
                            else now - timedelta(days=sent_days_ago))
    db.session.add(message)
    return message


def _left() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(OutboxMessage.recipient)))


def _five() -> None:
    _message("old-sent@example.org", "sent", 30.5)
    _message("recent-sent@example.org", "sent", 29.5)
    _message("queued@example.org", "queued", None)
    _message("failed@example.org", "failed", None)
    _message("old-failed@example.org", "failed", 45)
    db.session.commit()


def test_prune_sent_deletes_only_sent_mail_past_thirty_days(app_ctx):
    _five()
    assert app_ctx.config["OUTBOX_SENT_RETENTION_DAYS"] == 30
    assert prune_sent() == 1
    assert _left() == ["failed@example.org", "old-failed@example.org", "queued@example.org",
                       "recent-sent@example.org"]


def test_prune_sent_follows_the_configured_retention(app_ctx, monkeypatch):
    _five()
    monkeypatch.setitem(app_ctx.config, "OUTBOX_SENT_RETENTION_DAYS", 7)
    assert prune_sent() == 2
    assert _left() == ["failed@example.org", "old-failed@example.org", "queued@example.org"]


def test_prune_outbox_command_says_how_many(app_ctx):
    _five()
    result = app_ctx.test_cli_runner().invoke(args=["prune-outbox"])
    assert (result.exit_code, result.output) == (
        0, "1 sent messages older than 30 days deleted.\n")


def test_running_worker_prunes_at_start(app_ctx):
    _five()
    stop = threading.Event()

    def run() -> None:
        with app_ctx.app_context():
            run_forever(stop, poll_seconds=0.1)

    worker = threading.Thread(target=run)
    worker.start()
    threading.Timer(1.0, stop.set).start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert _left() == ["failed@example.org", "old-failed@example.org", "queued@example.org",
                       "recent-sent@example.org"]
