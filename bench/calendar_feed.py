"""Calendar feed cost: an event of 300 sessions, full feed and 304 path, against a trivial route.

Run: .venv/bin/python bench/calendar_feed.py
(BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
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
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db

FEED_GOAL = 5.0
NOT_MODIFIED_GOAL = 1.5
AFTER_CHANGE_GOAL = 10.0
URL = "/events/bench/calendar.ics"


def main() -> int:
    with bench_app() as app:
        with app.app_context():
            build_programme(add_bench_event(days=3), sessions=300, slots_per_session=4)
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
        # Validators kept for a few seconds would answer with the body from before the change.
        app.config["FEED_VALIDATOR_TTL_SECONDS"] = 0
        after = after_change_median(lambda: client.get(URL), retitle_one_session(app))
        met &= report("calendar feed, first request after a one-session change", after,
                      baseline, AFTER_CHANGE_GOAL)
        print("all goals met" if met else "some goals NOT met")
        cold = cold_median(lambda: client.get(URL), clear_caches)
        report_cold("calendar feed (every cache emptied)", cold, baseline)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
