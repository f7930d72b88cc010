"""Speaking-balance report cost: 10,000 approved registrations, 1,000 speaking slots.

Measures the steady state an organizer sees while nothing changes (the report is rebuilt from
the database after every change; the first request prints its cold cost).

Run: .venv/bin/python bench/balance.py   (TEST_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_database, median_seconds, report
from eventapp import create_app
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.versioning import PEOPLE, bump, programme_scope, registrations_scope
from tests.balance.bulk import add_programme, add_registrations

GOAL = 10.0
PASSWORD = "bench password 0123456789"


def main() -> int:
    with bench_database() as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "bench-secret-key-0123456789",
                          "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
        with app.app_context():
            db.create_all()
            event = Event(slug="bench", title="Benchmark dialogue", timezone="America/New_York",
                          start_date=date(2018, 3, 26), end_date=date(2018, 3, 28),
                          is_published=True)
            organizer = User(email="organizer@example.org", role="organizer")
            organizer.set_password(PASSWORD)
            db.session.add_all([event, organizer])
            db.session.commit()
            add_programme(event, slots=1000)
            add_registrations(event, 10_000)
            # Bulk SQL bypasses the ORM hooks that raise content versions; raise them as the
            # app's own writes would.
            bump(db.session, [programme_scope(event.id), registrations_scope(event.id), PEOPLE])
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        login = client.post("/login", data={"email": "organizer@example.org",
                                            "password": PASSWORD})
        assert login.status_code == 302, login.status_code
        page = "/organize/events/bench/balance"
        started = time.perf_counter()
        assert client.get(page).status_code == 200
        print(f"first (cold) report request: {(time.perf_counter() - started) * 1000:.1f} ms")
        html = median_seconds(lambda: client.get(page), repeat=20)
        as_json = median_seconds(lambda: client.get(page + ".json"), repeat=20)
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=200)
        met = report("balance report HTML (1,000 slots, 10,000 registrations)", html,
                     baseline, GOAL)
        met = report("balance report JSON (same event)", as_json, baseline, GOAL) and met
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
