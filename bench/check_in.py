"""Cost of the check-in desk: a check-in POST against POST /healthz, and four desks scanning
in a burst.

1. In-process (the app's test client, CSRF off, an organizer logged in): the median of a check-in
   POST as the desk's script sends it (Accept: application/json, the answer alone) that records a
   new check-in (a fresh badge each time), and of one that answers "already checked in", each as
   a ratio to POST /healthz measured the same way (goal: under 3x); then the same POST answered
   with the whole desk page, as a browser without JavaScript gets it (shown for information).
2. Under gunicorn (2 sync workers, loopback, CSRF on, each desk logged in as an organizer of its
   own): four desks scan 250 badges each, all at once, as fast as the server answers. Every one of
   500 badges is scanned at two desks (in opposite orders, so some pairs meet at the same
   instant). Goal: every badge checked in exactly once (0 lost, 0 duplicated), every answer 200.

Run: .venv/bin/python bench/check_in.py
     (BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres for PostgreSQL)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter

from sqlalchemy import func, select

from bench.common import (
    add_bench_event,
    add_bulk_registrations,
    bench_app,
    gunicorn_server,
    median_seconds,
    report,
)
from eventapp.accounts.models import User
from eventapp.attendance.badge_codes import badge_code_for
from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from eventapp.people.service import ensure_default_categories
from eventapp.registration.models import Registration

GOAL = 3.0
PASSWORD = "bench password 0123456789"
# The secret gunicorn_server gives the served app: the codes must be signed with it.
SERVED_SECRET = "live-server-secret-key-0123456789abcdef"
DESKS = 4
SCANS_PER_DESK = 250
BADGES = DESKS * SCANS_PER_DESK // 2
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def _setup(registrations: int) -> list[str]:
    """An event with approved registrations and one organizer per desk; their badge codes."""
    event = add_bench_event(days=1)
    categories = [c.id for c in ensure_default_categories()]
    db.session.commit()
    add_bulk_registrations(event.id, categories, registrations, "Desk",
                           status_of=lambda i: "approved")
    for n in range(DESKS + 1):
        user = User(email=f"desk{n}@example.org", role="admin")
        user.set_password(PASSWORD)
        db.session.add(user)
    db.session.commit()
    return [badge_code_for(r) for r in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id)
        .order_by(Registration.id))]


def in_process() -> bool:
    with bench_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False) as app:
        with app.app_context():
            codes = _setup(500)
            db.session.remove()
        client = app.test_client()
        login = client.post("/login", data={"email": "desk0@example.org", "password": PASSWORD})
        assert login.status_code == 302, login.status_code
        url = "/organize/events/bench/check-in"
        fresh = iter(codes)
        as_json = {"Accept": "application/json"}

        def new_check_in(headers: dict | None = None) -> None:
            response = client.post(url, data={"code": next(fresh), "desk": "Bench"},
                                   headers=headers or {})
            assert b"desk-checked_in" in response.data, response.status_code

        def already(headers: dict | None = None) -> None:
            response = client.post(url, data={"code": codes[0], "desk": "Bench"},
                                   headers=headers or {})
            assert b"desk-already" in response.data, response.status_code

        recorded = median_seconds(lambda: new_check_in(as_json), repeat=300)
        repeated = median_seconds(lambda: already(as_json), repeat=100)
        baseline = median_seconds(lambda: client.post("/healthz"), repeat=300)
        met = report("check-in POST (desk script), new check-in", recorded, baseline, GOAL)
        met = report("check-in POST (desk script), already checked in", repeated, baseline,
                     GOAL) and met
        page = median_seconds(new_check_in, repeat=50)
        print(f"check-in POST answered with the whole page (no script), new check-in: median "
              f"{page * 1000:.2f} ms, {page / baseline:.1f}x (shown for information)")
        return met


class Desk:
    """One desk's browser: its own cookies, logged in, posting the desk's form with CSRF."""

    def __init__(self, base: str, email: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = self._token("/login")
        self._post("/login", {"email": email, "password": PASSWORD, "csrf_token": token})
        self.token = self._token("/organize/events/bench/check-in")

    def _token(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return CSRF.search(response.read().decode()).group(1)

    def _post(self, path: str, fields: dict) -> tuple[int, bytes]:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def scan(self, code: str, label: str) -> str:
        status, body = self._post("/organize/events/bench/check-in",
                                  {"code": code, "desk": label, "csrf_token": self.token})
        if status != 200:
            return f"HTTP {status}"
        for outcome in ("checked_in", "already", "refused"):
            if f"desk-{outcome}".encode() in body:
                return outcome
        return "unreadable answer"


def burst() -> bool:
    with bench_app(SECRET_KEY=SERVED_SECRET) as app:
        with app.app_context():
            codes = _setup(BADGES)
            url = str(db.engine.url.render_as_string(hide_password=False))
            db.session.remove()
        halves = [codes[:SCANS_PER_DESK], codes[SCANS_PER_DESK:]]
        # Desks 0 and 1 share the first 250 badges, 2 and 3 the others, in opposite orders.
        plans = [halves[0], halves[0][::-1], halves[1], halves[1][::-1]]
        with gunicorn_server(url, workers=2) as base:
            desks = [Desk(base, f"desk{n + 1}@example.org") for n in range(DESKS)]
            outcomes: list[Counter] = [Counter() for _ in range(DESKS)]
            barrier = threading.Barrier(DESKS)

            def run(n: int) -> None:
                barrier.wait()
                for code in plans[n]:
                    outcomes[n][desks[n].scan(code, f"Desk {n + 1}")] += 1

            threads = [threading.Thread(target=run, args=(n,)) for n in range(DESKS)]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - start
        with app.app_context():
            per_registration = db.session.execute(
                select(CheckIn.registration_id, func.count())
                .where(CheckIn.undone_at.is_(None)).group_by(CheckIn.registration_id)).all()
            db.session.remove()
    total = sum(outcomes, Counter())
    checked = {registration_id for registration_id, _ in per_registration}
    duplicated = sum(1 for _, count in per_registration if count > 1)
    lost = BADGES - len(checked)
    scans = DESKS * SCANS_PER_DESK
    print(f"burst: {DESKS} desks x {SCANS_PER_DESK} scans ({BADGES} badges, each at two desks) "
          f"in {seconds:.2f} s, {scans / seconds:.0f} scans/s; answers {dict(total)}; "
          f"{len(checked)} checked in, {lost} lost, {duplicated} duplicated")
    met = (lost == 0 and duplicated == 0 and total["checked_in"] == BADGES
           and total["already"] == scans - BADGES)
    print(f"burst goal (0 lost, 0 duplicated, every answer 200): {'met' if met else 'NOT met'}")
    return met


def main() -> int:
    met = in_process()
    met = burst() and met
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
