"""Agenda page cost: 3 days, 150 sessions, 900 speaking slots, against a trivial route.

Run: .venv/bin/python bench/agenda.py   (BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
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
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db

GOAL = 5.0
URL = "/events/bench/agenda"


def main() -> int:
    with bench_app() as app:
        with app.app_context():
            build_programme(add_bench_event(days=3), sessions=150, slots_per_session=6)
            db.session.remove()
        client = app.test_client()
        assert client.get(URL).status_code == 200
        agenda = median_seconds(lambda: client.get(URL))
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=200)
        met = report("agenda (150 sessions, 900 slots)", agenda, baseline, GOAL)
        report_cold("agenda", cold_median(lambda: client.get(URL), clear_caches), baseline)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
