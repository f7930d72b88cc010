"""The mail worker: delivery, retries, competing workers and a worker killed mid-delivery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import policy
from email.parser import BytesParser

from sqlalchemy import func, select, update

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queue import queue_mail
from eventapp.outbox.worker import (
    MAX_ATTEMPTS,
    backoff_seconds,
    claim,
    deliver_due,
    deliver_one,
)
from tests.outbox.helpers import clear_outbox_dir, delivered, outbox_dir, queue_numbered, rows
from tests.outbox.smtp_server import smtp_server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _expire_leases() -> None:
    """Time passing beyond every lease, without waiting for it."""
    table = OutboxMessage.__table__
    db.session.execute(
        update(table).where(table.c.status == "sending")
        .values(claimed_until=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def test_deliver_due_writes_each_message_once_and_marks_it_sent(app_ctx):
    clear_outbox_dir()
    queue_mail("ana@example.org", "Your registration", "Hello Ana,\n\nWelcome.",
               [("idm.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")],
               kind="test")
    db.session.commit()

    result = deliver_due("w1")

    assert (result.sent, result.retrying, result.failed, result.lost) == (1, 0, 0, 0)
    [message] = delivered()
    assert (message["To"], message["Subject"]) == ("ana@example.org", "Your registration")
    assert message.get_body(("plain",)).get_content() == "Hello Ana,\n\nWelcome.\n"
    [attachment] = list(message.iter_attachments())
    assert (attachment.get_filename(), attachment.get_payload(decode=True)) == (
        "idm.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    [row] = rows()
    assert (row.status, row.attempts, row.claimed_by, row.claimed_until, row.last_error) == (
        "sent", 1, None, None, "")
    assert row.sent_at is not None
    stamp = f"{row.created_at:%Y%m%d%H%M%S%f}"
    assert message["Message-ID"] == f"<outbox.{row.id}.{stamp}@eventapp.invalid>"
    # Nothing is due any more: a second run delivers nothing.
    assert deliver_due("w1").sent == 0
    assert len(delivered()) == 1


def test_claims_of_two_workers_never_overlap(app_ctx):
    queue_numbered(5)
    first = claim("w1", limit=3)
    second = claim("w2", limit=3)
    assert len(first) == 3
    assert len(second) == 2
    assert set(first).isdisjoint(second)
    assert claim("w3", limit=3) == []


def test_two_workers_competing_deliver_each_message_exactly_once(app):
    with app.app_context():
        clear_outbox_dir()
        queue_numbered(120)
    barrier = threading.Barrier(2)
    results = {}

    def work(name: str) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                results[name] = deliver_due(name, batch=3)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    with app.app_context():
        try:
            assert results["w1"].sent + results["w2"].sent == 120
            assert results["w1"].lost + results["w2"].lost == 0
            assert results["w1"].sent > 0 and results["w2"].sent > 0
            assert [r.status for r in rows()] == ["sent"] * 120
            assert sorted(m["To"] for m in delivered()) == sorted(
                f"person{i}@example.org" for i in range(120))
        finally:
            db.session.rollback()
            db.session.execute(OutboxMessage.__table__.delete())
            db.session.commit()
            db.session.remove()


def test_killed_worker_loses_and_duplicates_nothing(app_ctx):
    """A worker claimed a batch, wrote one file, and died before recording anything."""
    clear_outbox_dir()
    queue_numbered(4)
    dead = claim("dead", limit=4)
    assert len(dead) == 4
    # It got as far as writing the first message's file (as deliver_one does), then died.
    from eventapp.mail import build_message, deliver
    from eventapp.outbox.worker import eml_name

    first = db.session.get(OutboxMessage, dead[0])
    deliver(build_message(first.recipient, first.subject, first.body_text, sender="x@y.org"),
            eml_name(first))
    # While its lease runs, nobody else may take the messages.
    assert deliver_due("alive").sent == 0

    _expire_leases()
    result = deliver_due("alive")

    assert (result.sent, result.lost) == (4, 0)
    assert [(r.status, r.attempts, r.claimed_by) for r in rows()] == [("sent", 1, None)] * 4
    assert sorted(m["To"] for m in delivered()) == [f"person{i}@example.org" for i in range(4)]
    # The dead worker, were it to wake up, can no longer mark anything.
    assert deliver_one(dead[1], "dead") == "lost"


def _start_worker_process(app, *, stdout: int) -> subprocess.Popen:
    """A real `flask mail-worker`, in production mode, on the test database."""
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "OUTBOX_DIR": str(outbox_dir()), "SECRET_KEY": "worker-test-secret-key-0123456789",
           "PUBLIC_BASE_URL": "http://127.0.0.1:5000", "PYTHONPATH": ROOT,
           "MAIL_SENDER": "Events <events@example.org>"}
    env.pop("MAIL_SERVER", None)
    env.pop("FLASK_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "eventapp", "mail-worker", "--poll", "0.2"],
        cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.DEVNULL, text=True,
    )


def test_killed_worker_process_loses_and_duplicates_nothing(app_ctx, tmp_path):
    """A real `flask mail-worker` process, killed with SIGKILL in the middle of its work."""
    clear_outbox_dir()
    queue_numbered(600)
    process = _start_worker_process(app_ctx, stdout=subprocess.DEVNULL)
    try:
        sent = 0
        for _ in range(1500):  # bounded wait until it is in the middle of the work
            db.session.rollback()
            sent = db.session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "sent"))
            if sent >= 20:
                break
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert 0 < sent < 600

    _expire_leases()
    deliver_due("survivor")

    assert [r.status for r in rows()] == ["sent"] * 600
    assert sorted(m["To"] for m in delivered()) == sorted(
        f"person{i}@example.org" for i in range(600))


def test_mail_worker_stops_cleanly_on_sigterm_and_gives_back_its_claims(app_ctx):
    clear_outbox_dir()
    queue_numbered(300)
    process = _start_worker_process(app_ctx, stdout=subprocess.PIPE)
    try:
        for _ in range(600):
            db.session.rollback()
            if db.session.scalar(select(func.count(OutboxMessage.id))
                                 .where(OutboxMessage.status == "sent")):
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == 0
    assert output.endswith("Mail worker stopped.\n")
    statuses = {r.status for r in rows()}
    assert "sending" not in statuses
    sent = [r for r in rows() if r.status == "sent"]
    assert len(delivered()) == len(sent)


def test_failed_delivery_is_recorded_and_retried_later(app_ctx, monkeypatch):
    # Nothing listens on this port of the assigned range: the connection is refused.
    monkeypatch.setitem(app_ctx.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app_ctx.config, "MAIL_PORT", 5449)
    queue_numbered(1)
    before = utcnow()

    result = deliver_due("w1")

    assert (result.sent, result.retrying) == (0, 1)
    [row] = rows()
    assert (row.status, row.attempts, row.claimed_by) == ("queued", 1, None)
    assert row.last_error.startswith("ConnectionRefusedError")
    assert before + timedelta(seconds=30) <= row.next_attempt_at
    assert row.next_attempt_at <= utcnow() + timedelta(seconds=30)
    # Not due before its time.
    assert deliver_due("w1").retrying == 0


def test_last_failed_attempt_marks_the_message_failed(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app_ctx.config, "MAIL_PORT", 5449)
    queue_numbered(1)
    db.session.execute(update(OutboxMessage.__table__).values(attempts=MAX_ATTEMPTS - 1))
    db.session.commit()

    assert deliver_due("w1").failed == 1

    [row] = rows()
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert row.last_error.startswith("ConnectionRefusedError")
    assert deliver_due("w1").failed == 0


def test_backoff_doubles_up_to_a_ceiling():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_seconds(30) == 6 * 60 * 60


def test_mail_worker_once_delivers_and_reports(app_ctx):
    clear_outbox_dir()
    queue_numbered(3)
    result = app_ctx.test_cli_runner().invoke(args=["mail-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert result.output == "3 sent, 0 to retry, 0 failed.\n"
    assert len(delivered()) == 3


def test_smtp_delivery_sends_each_message_over_one_connection(app_ctx, monkeypatch):
    with smtp_server() as (port, received):
        monkeypatch.setitem(app_ctx.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app_ctx.config, "MAIL_PORT", port)
        queue_numbered(5)

        result = deliver_due("w1")

    assert (result.sent, result.retrying, result.failed) == (5, 0, 0)
    assert received.connections == 1
    parser = BytesParser(policy=policy.default)
    got = [(sender, recipients, parser.parsebytes(data)) for sender, recipients, data in
           received.messages]
    assert [(s, r, m["Subject"], m.get_content()) for s, r, m in got] == [
        ("no-reply@eventapp.invalid", [f"person{i}@example.org"], f"Message {i}",
         f"Hello {i}.\r\n")  # as sent on the wire
        for i in range(5)
    ]
    assert [r.status for r in rows()] == ["sent"] * 5
