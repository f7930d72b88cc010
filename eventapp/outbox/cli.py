"""flask mail-worker: deliver the outbox until stopped, or once with --once."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from eventapp.outbox.retention import prune_sent
from eventapp.outbox.worker import deliver_due, new_worker_id, run_forever


@click.command("mail-worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--poll", default=2.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds to wait between looks at the outbox when it is empty.")
@with_appcontext
def mail_worker(once: bool, poll: float) -> None:
    """Deliver queued mail (SMTP with MAIL_SERVER, otherwise .eml files in OUTBOX_DIR)."""
    worker_id = new_worker_id()
    if once:
        result = deliver_due(worker_id)
        click.echo(_("%(sent)d sent, %(retrying)d to retry, %(failed)d failed.", sent=result.sent,
                     retrying=result.retrying, failed=result.failed))
        return
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # SIGTERM (service managers) and Ctrl-C both finish the message in hand, then exit.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    click.echo(_("Mail worker %(worker)s running; stop with Ctrl-C or SIGTERM.", worker=worker_id))
    run_forever(stop, poll_seconds=poll, worker_id=worker_id)
    click.echo(_("Mail worker stopped."))


@click.command("prune-outbox")
@with_appcontext
def prune_outbox() -> None:
    """Delete sent mail older than OUTBOX_SENT_RETENTION_DAYS (30 by default)."""
    removed = prune_sent()
    click.echo(_("%(count)d sent messages older than %(days)d days deleted.", count=removed,
                 days=current_app.config["OUTBOX_SENT_RETENTION_DAYS"]))


def start_background_worker(app: Flask | None = None, *,
                            poll_seconds: float = 1.0) -> threading.Event:
    """Run a worker in a daemon thread of this process (serve-demo); set the event to stop."""
    app = app or current_app._get_current_object()
    stop = threading.Event()

    def _run() -> None:
        with app.app_context():
            run_forever(stop, poll_seconds=poll_seconds)

    threading.Thread(target=_run, name="mail-worker", daemon=True).start()
    return stop
