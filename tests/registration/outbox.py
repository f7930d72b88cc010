"""Reading the mail the app queued: the worker delivers it once, then the .eml files are read."""

from __future__ import annotations

import shutil
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from eventapp.outbox.worker import deliver_due


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path

    def messages(self) -> list[EmailMessage]:
        """Everything queued so far, delivered as `flask mail-worker --once` would."""
        deliver_due("tests")
        if not self.path.exists():
            return []
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(p.read_bytes()) for p in sorted(self.path.glob("*.eml"))]

    def summary(self) -> list[tuple[str, str]]:
        return [(m["To"], m["Subject"]) for m in self.messages()]


@pytest.fixture()
def outbox(app_ctx) -> Outbox:
    path = Path(app_ctx.config["OUTBOX_DIR"])
    shutil.rmtree(path, ignore_errors=True)
    return Outbox(path)
