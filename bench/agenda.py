"""Agenda page cost: 3 days, 150 sessions, 900 speaking slots, against a trivial route.

Run: .venv/bin/python bench/agenda.py   (BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    add_bench_event,
    after_change_median,
    bench_app,
    clear_caches,
    cold_median,
    median_seconds,
    report,
    report_cold,
    retitle_one_session,
)
from eventapp.accounts.models import User
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db

GOAL = 5.0
LOGGED_IN_GOAL = 4.0
SESSION_PAGE_GOAL = 3.0
AFTER_CHANGE_GOAL = 10.0
URL = "/events/bench/agenda"
PASSWORD = "bench password 0123456789"


def main() -> int:
    with bench_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False) as app:
        with app.app_context():
            event = add_bench_event(days=3)
            build_programme(event, sessions=150, slots_per_session=6)
            session_url = f"/events/bench/sessions/{min(s.id for s in event.sessions)}"
            user = User(email="participant@example.org", role="participant")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        assert client.get(URL).status_code == 200
        agenda = median_seconds(lambda: client.get(URL))
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=200)
        met = report("agenda (150 sessions, 900 slots)", agenda, baseline, GOAL)
        after = after_change_median(lambda: client.get(URL), retitle_one_session(app))
        met = report("agenda, first request after a one-session change", after, baseline,
                     AFTER_CHANGE_GOAL) and met
        member = app.test_client()
        login = member.post("/login", data={"email": "participant@example.org",
                                             "password": PASSWORD})
        assert login.status_code == 302, login.status_code
        assert member.get(URL).status_code == 200
        assert member.get(session_url).status_code == 200
        logged_in = median_seconds(lambda: member.get(URL))
        met = report("agenda, logged in", logged_in, baseline, LOGGED_IN_GOAL) and met
        page = median_seconds(lambda: member.get(session_url))
        met = report("session page, logged in", page, baseline, SESSION_PAGE_GOAL) and met
        cold = cold_median(lambda: client.get(URL), clear_caches)
        report_cold("agenda (every cache emptied)", cold, baseline)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
