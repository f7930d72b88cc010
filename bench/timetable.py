"""The timetable editor at the size of a real dialogue: its page and a move.

Builds an event of 150 sessions (6 speakers each, 5 rooms, 3 days), serves it with gunicorn
(2 workers, loopback) and prints, each as a ratio to /healthz requested in turns with it:
- the grid page of the fullest day (warm: the second and later requests; goal under 3x);
- a move from the grid (goal under 10x), posted as the page's script posts it (with the
  rows and rooms the page shows) and answered with the moved block drawn for them: the
  session goes to a free slot and back (the undo), each a POST through the full checks.

SQLite by default; BENCH_DATABASE_URL (or TEST_DATABASE_URL) picks PostgreSQL, on a
database of its own that is dropped afterwards.

Run: .venv/bin/python bench/timetable.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import http.cookiejar
import json
import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from bench.common import add_bench_event, bench_app, gunicorn_server, report
from eventapp.accounts.models import User
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db

PASSWORD = "bench password 123"
SESSIONS = 150
ROUNDS = 30  # timed requests of each kind, each beside one /healthz
GRID = "/organize/events/bench/timetable?day=2018-03-26"
MOVE = "/organize/events/bench/timetable/move"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_GRID_CSRF = re.compile(r'data-csrf="([^"]+)"')
_BLOCK = re.compile(r'data-session="(\d+)" data-version="([0-9a-f]*)"')


class Browser:
    """One organizer with their own cookies, on the loopback server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path: str, data: dict[str, str] | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # A loopback http URL built from the server this script started, never user input.
        request = urllib.request.Request(self.base + path, data=body,  # noqa: S310
                                         headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def _build(app) -> None:
    with app.app_context():
        event = add_bench_event(days=3)
        build_programme(event, sessions=SESSIONS, slots_per_session=6)
        user = User(email="organizer@example.org", role="admin")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def _paired(call: Callable[[], object], baseline: Callable[[], object]) -> tuple[float, float]:
    """Medians of the call and of /healthz, requested in turns so both see the same load."""
    timed: list[float] = []
    health: list[float] = []
    for _ in range(ROUNDS):
        for samples, what in ((timed, call), (health, baseline)):
            start = time.perf_counter()
            what()
            samples.append(time.perf_counter() - start)
    return statistics.median(timed), statistics.median(health)


def main() -> int:
    with bench_app() as app:
        _build(app)
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        with gunicorn_server(url, workers=2) as base:
            browser = Browser(base)
            _, login_page = browser.open("/login")
            token = _CSRF.search(login_page.decode()).group(1)
            status, _ = browser.open("/login", {"email": "organizer@example.org",
                                                "password": PASSWORD, "csrf_token": token})
            assert status == 200, status
            status, page = browser.open(GRID)
            assert status == 200, status
            html = page.decode()
            session_id, version = _BLOCK.search(html).groups()
            headers = {"X-CSRFToken": _GRID_CSRF.search(html).group(1),
                       "Accept": "application/json"}

            def healthz() -> None:
                browser.open("/healthz")

            def grid() -> None:
                assert browser.open(GRID)[0] == 200

            # The session goes to 21:00 (free in every room) and back, each carrying the
            # version the previous answer gave.
            state = {"version": version, "start": "21:00", "back": None}

            # What the page shows, as its script posts it with every move.
            page = {"view_day": "2018-03-26", "step": "15",
                    "view_from": re.search(r'data-row="0" data-time="([0-9:]+)"', html).group(1),
                    "view_rooms": ",".join(re.findall(r'data-room="(\d+)"', html))}

            def move() -> None:
                fields = {"session_id": session_id, "day": "2018-03-26",
                          "start": state["start"], "duration": "30", "room_id": room_id,
                          "version": state["version"], **page}
                if state["back"] is not None:
                    fields = {**state["back"], **page}
                status, body = browser.open(MOVE, fields, headers)
                answer = json.loads(body)
                assert status == 200, (status, answer.get("message"))
                assert answer["block"] is not None
                state["back"] = None if state["back"] is not None else answer["undo"]
                state["version"] = answer["session"]["version"]

            # The first block is in the first room's column: its room at 21:00 is free.
            room_id = re.search(r'data-room="(\d+)"', html).group(1)
            grid()
            page_s, page_base = _paired(grid, healthz)
            move_s, move_base = _paired(move, healthz)
    print(f"timetable at {SESSIONS} sessions (gunicorn, 2 workers)")
    met = report("timetable page (warm)", page_s, page_base, 3)
    met &= report("move from the grid", move_s, move_base, 10)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
