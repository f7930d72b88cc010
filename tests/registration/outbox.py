"""Reading the .eml files the app writes when no mail server is configured."""

from __future__ import annotations

import shutil
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path

    def messages(self) -> list[EmailMessage]:
        if not self.path.exists():
            return []
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(p.read_bytes()) for p in sorted(self.path.glob("*.eml"))]

    def summary(self) -> list[tuple[str, str]]:
        return [(m["To"], m["Subject"]) for m in self.messages()]


@pytest.fixture()
def outbox(app_ctx) -> Outbox:  # noqa: ANN001
    path = Path(app_ctx.config["OUTBOX_DIR"])
    shutil.rmtree(path, ignore_errors=True)
    return Outbox(path)
