"""Calendar feed cost: an event of 300 sessions, full feed and 304 path, against a trivial route.

Run: .venv/bin/python bench/calendar_feed.py
(BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datetime import date

from bench.common import bench_database, cold_median, median_seconds, report, report_cold
from eventapp import create_app, fragment_cache
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.programme.models import Event

FEED_GOAL = 5.0
NOT_MODIFIED_GOAL = 1.5
URL = "/events/bench/calendar.ics"


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
            build_programme(event, sessions=300, slots_per_session=4)
            db.session.remove()
        client = app.test_client()
        first = client.get(URL)
        assert first.status_code == 200 and first.data.count(b"BEGIN:VEVENT") == 300
        etag = first.headers["ETag"]
        assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=300)
        feed = median_seconds(lambda: client.get(URL), repeat=20)
        not_modified = median_seconds(
            lambda: client.get(URL, headers={"If-None-Match": etag}), repeat=300
        )
        met = report("calendar feed (300 sessions, 1200 slots)", feed, baseline, FEED_GOAL)
        met &= report("calendar feed 304 (If-None-Match)", not_modified, baseline,
                      NOT_MODIFIED_GOAL)
        print("all goals met" if met else "some goals NOT met")
        report_cold("calendar feed", cold_median(lambda: client.get(URL), _clear_caches), baseline)
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
