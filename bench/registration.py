"""Registration cost: registrations per second through the real app under gunicorn (2 workers,
PostgreSQL, CSRF on), against a trivial POST route in the same run; and the organizer's
registration list at a fixed number of queries (100 vs 10,000 registrations).

Both events carry a real programme (150 sessions, 900 speaking slots), so whatever a
registration builds from the programme (its confirmation mail) is part of what is timed.

Run: .venv/bin/python bench/registration.py
     (BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres to choose the server;
     it creates and drops a database of its own)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import http.cookiejar
import os
import re
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date

os.environ.setdefault(
    "BENCH_DATABASE_URL",
    os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
)

from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from bench.common import add_bulk_registrations, bench_database, gunicorn_server
from eventapp import create_app
from eventapp.accounts.models import User
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import Event
from eventapp.registration.models import Registration

REGISTRATIONS = 120  # timed registrations through HTTP
SESSIONS = 150  # programme of each event
CLIENTS = 8  # concurrent browsers
CAPACITY = 50
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Browser:
    """One visitor with their own cookies."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            response.read()
            return response.status


def _timed_concurrently(calls: list) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = list(pool.map(lambda call: call(), calls))
    elapsed = time.perf_counter() - start
    assert all(s == 200 for s in statuses), statuses
    return elapsed


def bench_throughput(app, url: str, category_id: int) -> float:
    with gunicorn_server(url) as base:
        visitors = []
        for i in range(REGISTRATIONS):
            browser = Browser(base)
            token = _CSRF.search(browser.get("/events/bench/register")).group(1)
            visitors.append((browser, {
                "csrf_token": token, "email": f"bench{i}@example.org",
                "password": "bench password 123", "confirm": "bench password 123",
                "first_name": "Bench", "last_name": f"Person{i}", "category": str(category_id),
                "organization": "none", "delegation_role": "delegate",
            }))
        registration_seconds = _timed_concurrently(
            [lambda b=b, d=d: b.post("/events/bench/register", d) for b, d in visitors])
        # The same people, now logged in, register for a second event: the registration
        # itself, without creating an account (whose password hash dominates the first run).
        for browser, data in visitors:
            data["csrf_token"] = _CSRF.search(browser.get("/events/bench2/register")).group(1)
            del data["password"], data["confirm"]
        logged_in_seconds = _timed_concurrently(
            [lambda b=b, d=d: b.post("/events/bench2/register", d) for b, d in visitors])
        plain = Browser(base)
        baseline_seconds = _timed_concurrently(
            [lambda: plain.post("/healthz", {"x": "1"}) for _ in range(REGISTRATIONS)])
    with app.app_context():
        statuses = dict(db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)).all())
    per_second = REGISTRATIONS / registration_seconds
    logged_in = REGISTRATIONS / logged_in_seconds
    baseline = REGISTRATIONS / baseline_seconds
    print(f"POST /healthz: {baseline:.1f}/s ({REGISTRATIONS} requests, {CLIENTS} clients, "
          "gunicorn 2 workers)")
    print(f"registrations with a new account: {per_second:.1f}/s; ratio "
          f"{baseline / per_second:.1f}x (the password hash dominates)")
    print(f"registrations of logged-in users: {logged_in:.1f}/s; ratio "
          f"{baseline / logged_in:.1f}x")
    print(f"  outcome with capacity {CAPACITY} per event: {statuses}")
    return statuses.get("approved", 0)


def _status_of(i: int) -> str:
    """A third each approved, pending and waitlisted."""
    return ("approved", "pending", "waitlisted")[i % 3]


def bench_query_counts(app) -> bool:
    with app.app_context():
        category_ids = [c.id for c in ensure_default_categories()]
        organizer = User(email="organizer@example.org", role="admin")
        organizer.set_password("organizer password")
        db.session.add(organizer)
        for slug in ("list-100", "list-10000"):
            db.session.add(Event(slug=slug, title=slug, timezone="Europe/Zurich",
                                 start_date=date(2018, 10, 15), end_date=date(2018, 10, 16)))
        db.session.commit()
        ids = dict(db.session.execute(select(Event.slug, Event.id)).all())
        add_bulk_registrations(ids["list-100"], category_ids, 100, "small", status_of=_status_of)
        add_bulk_registrations(ids["list-10000"], category_ids, 10_000, "large",
                               status_of=_status_of)
        db.session.remove()
    client = app.test_client()
    client.post("/login", data={"email": "organizer@example.org",
                                "password": "organizer password"})
    counts = {}
    with app.app_context():
        engine = db.engine
    for slug in ("list-100", "list-10000"):
        statements: list[str] = []

        def count(*args, statements=statements) -> None:
            statements.append(args[2])

        sa_event.listen(engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = client.get(f"/organize/events/{slug}/registrations?page=2")
        elapsed = time.perf_counter() - start
        sa_event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
        counts[slug] = len(statements)
        print(f"organizer list {slug}: {len(statements)} queries, {elapsed * 1000:.0f} ms")
    equal = counts["list-100"] == counts["list-10000"]
    print(f"  query count equal at 100 and 10,000: {'yes' if equal else 'NO'}")
    return equal


def main() -> int:
    with bench_database() as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "bench-secret-key-0123456789abcdef",
                          "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
        with app.app_context():
            db.create_all()
            category_id = ensure_default_categories()[0].id
            for slug in ("bench", "bench2"):
                event = Event(slug=slug, title="Benchmark dialogue",
                              timezone="America/New_York", start_date=date(2018, 3, 26),
                              end_date=date(2018, 3, 27), is_published=True,
                              capacity=CAPACITY, auto_approve=True)
                db.session.add(event)
                db.session.commit()
                build_programme(event, sessions=SESSIONS, slots_per_session=6)
            db.session.remove()
        try:
            approved = bench_throughput(app, url, category_id)
            equal = bench_query_counts(app)
        finally:
            with app.app_context():
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
    no_overbooking = approved == 2 * CAPACITY
    print(f"no overbooking under load: {'yes' if no_overbooking else 'NO'}")
    return 0 if equal and no_overbooking else 1


if __name__ == "__main__":
    raise SystemExit(main())
