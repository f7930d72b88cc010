"""Speaking-balance report cost: 10,000 approved registrations, 1,000 speaking slots.

Measures the steady state an organizer sees while nothing changes (the report is rebuilt from
the database after every change; the first request prints its cold cost).

Run: .venv/bin/python bench/balance.py   (TEST_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    add_bench_event,
    bench_app,
    clear_caches,
    cold_median,
    median_seconds,
    report,
    report_cold,
)
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.versioning import PEOPLE, bump, programme_scope, registrations_scope
from tests.balance.bulk import add_programme, add_registrations

GOAL = 10.0
PASSWORD = "bench password 0123456789"


def main() -> int:
    with bench_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False) as app:
        with app.app_context():
            event = add_bench_event(days=3)
            organizer = User(email="organizer@example.org", role="admin")
            organizer.set_password(PASSWORD)
            db.session.add(organizer)
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
        assert client.get(page).status_code == 200
        html = median_seconds(lambda: client.get(page), repeat=20)
        as_json = median_seconds(lambda: client.get(page + ".json"), repeat=20)
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=200)
        met = report("balance report HTML (1,000 slots, 10,000 registrations)", html,
                     baseline, GOAL)
        met = report("balance report JSON (same event)", as_json, baseline, GOAL) and met
        report_cold("balance report", cold_median(lambda: client.get(page), clear_caches),
                    baseline)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
