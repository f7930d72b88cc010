"""The account mails as the tests read them: the one place to follow the delivery path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.registration.outbox import Outbox

LINK = re.compile(r"^(https?://\S+)$", re.M)


@pytest.fixture()
def mailbox(app_ctx) -> Outbox:
    path = Path(app_ctx.config["OUTBOX_DIR"])
    shutil.rmtree(path, ignore_errors=True)
    return Outbox(path)


def links_sent(mailbox: Outbox, to: str, subject: str) -> list[str]:
    """The links in the messages to this address with this subject, oldest first."""
    return [LINK.search(m.get_content()).group(1) for m in mailbox.messages()
            if m["To"] == to and m["Subject"] == subject]
