"""Agenda page cost: 3 days, 150 sessions, 900 speaking slots, against a trivial route.

Run: .venv/bin/python bench/agenda.py   (BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_database, cold_median, median_seconds, report, report_cold
from eventapp import create_app, fragment_cache
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.programme.models import Event

GOAL = 5.0


def _clear_caches() -> None:
    fragment_cache.cache.clear()
    fragment_cache.validators.clear()


def main() -> int:
    with bench_database() as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "bench-secret-key-0123456789"})
        with app.app_context():
            db.create_all()
            event = Event(slug="bench", title="Benchmark dialogue", timezone="America/New_York",
                          start_date=date(2018, 3, 26), end_date=date(2018, 3, 28),
                          is_published=True)
            db.session.add(event)
            db.session.commit()
            build_programme(event, sessions=150, slots_per_session=6)
            db.session.remove()
        client = app.test_client()
        assert client.get("/events/bench/agenda").status_code == 200
        agenda = median_seconds(lambda: client.get("/events/bench/agenda"))
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=200)
        met = report("agenda (150 sessions, 900 slots)", agenda, baseline, GOAL)
        cold = cold_median(lambda: client.get("/events/bench/agenda"), _clear_caches)
        report_cold("agenda", cold, baseline)
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
