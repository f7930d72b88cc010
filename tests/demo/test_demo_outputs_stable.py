"""The demo's public pages and exports stay byte for byte what they were.

The stored copies in tests/fixtures/demo_outputs/ were produced by the code before a
refactoring; a refactoring that changes no behaviour leaves them equal. Only what differs
from one run to the next is rewritten before comparing: the random session UIDs become
`uuid-1`, `uuid-2`… in order of first appearance (so a changed order or a changed link
between two documents still shows), the seeding time in the calendar becomes a fixed stamp,
and the programme version (a digest of those UIDs and times) becomes `VERSION`.

After an intended change of output: `REGENERATE_DEMO_OUTPUTS=1 pytest` on this file, then
review the diff of the stored copies.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from eventapp.demo.seed import DEMO_SLUG, seed_demo
from eventapp.extensions import db

STORED = Path(__file__).resolve().parent.parent / "fixtures" / "demo_outputs"
LANGUAGES = ("en", "fr", "es")
# The first session of the demo (the opening) is shown on its own page.
PAGES = {
    "event.html": f"/events/{DEMO_SLUG}/",
    "agenda.html": f"/events/{DEMO_SLUG}/agenda",
    "session-1.html": f"/events/{DEMO_SLUG}/sessions/1",
    "calendar.ics": f"/events/{DEMO_SLUG}/calendar.ics",
    "schedule.xml": f"/events/{DEMO_SLUG}/schedule.xml",
    "schedule.json": f"/events/{DEMO_SLUG}/schedule.json",
}

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_STAMP = re.compile(r"^(DTSTAMP|CREATED|LAST-MODIFIED):\d{8}T\d{6}Z\r$", re.MULTILINE)
_VERSION = re.compile(r'(<version>|version="|"version": ")[0-9a-f]{12}')


def normalise(body: str) -> str:
    numbers: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        return f"uuid-{numbers.setdefault(match.group(0), len(numbers) + 1)}"

    body = _UUID.sub(number, body)
    body = _STAMP.sub(lambda m: f"{m.group(1)}:20000101T000000Z\r", body)
    return _VERSION.sub(lambda m: f"{m.group(1)}VERSION", body)


@pytest.fixture()
def demo_client(client):
    seed_demo()
    db.session.commit()
    return client


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_demo_output_unchanged(demo_client, name: str, language: str) -> None:
    response = demo_client.get(f"{PAGES[name]}?lang={language}")
    assert response.status_code == 200
    body = normalise(response.get_data(as_text=True))
    stored = STORED / f"{language}-{name}"
    if os.environ.get("REGENERATE_DEMO_OUTPUTS") == "1":
        stored.write_text(body, encoding="utf-8", newline="")
    assert body == stored.read_bytes().decode("utf-8")
