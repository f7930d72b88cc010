"""Cost of the schedule exports and of a stranger's Host header, over real HTTP under gunicorn.

schedule.xml and schedule.json (200 and 304) and calendar.ics asked with a Host never seen
before, for a 150-session / 900-slot programme, each as a ratio to /healthz measured in the
same run and the same way (median of 3 rounds). Identity and gzip bodies are both timed: a
compressed body comes from the cache like the plain one. Loopback only, bounded requests.
Run: .venv/bin/python bench/schedule_export.py
     (BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres for PostgreSQL)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import gzip
import itertools
import statistics

from bench.common import add_bench_event, bench_app, gunicorn_server, http_get, report
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db

OK_GOAL = 3.0
NOT_MODIFIED_GOAL = 1.5
STRANGER_GOAL = 3.0
ROUNDS = 3
REPEAT = 120
XML = "/events/bench/schedule.xml"
JSON = "/events/bench/schedule.json"
FEED = "/events/bench/calendar.ics"
GZIP = {"Accept-Encoding": "gzip"}
_hosts = (f"h{n}.stranger.example" for n in itertools.count())


def _median(base: str, path: str, headers=None, *, expect: int = 200) -> float:
    samples = []
    for _ in range(REPEAT):
        sent = headers() if callable(headers) else headers
        status, _, _, seconds = http_get(base, path, sent)
        assert status == expect, (path, status)
        samples.append(seconds)
    return statistics.median(samples)


def _stranger(extra: dict | None = None):
    return lambda: {"Host": next(_hosts), **(extra or {})}


def main() -> int:
    with bench_app() as app:
        with app.app_context():
            build_programme(add_bench_event(days=3), sessions=150, slots_per_session=6)
            db.session.remove()
        with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], workers=2) as base:
            etags = {}
            for path in (XML, JSON, FEED):
                status, headers, body, _ = http_get(base, path)
                _, zipped_headers, zipped, _ = http_get(base, path, GZIP)
                assert status == 200 and gzip.decompress(zipped) == body, path
                etags[path] = (headers["ETag"], zipped_headers["ETag"])
                print(f"{path}: {len(body) / 1024:.0f} KB, gzip {len(zipped) / 1024:.0f} KB")
            cases = {
                "schedule.xml 200": (XML, None, 200, OK_GOAL),
                "schedule.xml 200 gzip": (XML, GZIP, 200, OK_GOAL),
                "schedule.xml 304": (XML, {"If-None-Match": etags[XML][0]}, 304,
                                     NOT_MODIFIED_GOAL),
                "schedule.json 200": (JSON, None, 200, OK_GOAL),
                "schedule.json 200 gzip": (JSON, GZIP, 200, OK_GOAL),
                "schedule.json 304": (JSON, {"If-None-Match": etags[JSON][0]}, 304,
                                      NOT_MODIFIED_GOAL),
                "schedule.json 304 gzip": (JSON, {**GZIP, "If-None-Match": etags[JSON][1]},
                                           304, NOT_MODIFIED_GOAL),
                "calendar.ics 200, unknown Host": (FEED, _stranger(), 200, STRANGER_GOAL),
                "calendar.ics 200 gzip, unknown Host": (FEED, _stranger(GZIP), 200,
                                                        STRANGER_GOAL),
            }
            ratios: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
            for _ in range(ROUNDS):
                for name, (path, headers, expect, _goal) in cases.items():
                    baseline = _median(base, "/healthz")
                    ratios[name].append((_median(base, path, headers, expect=expect),
                                         baseline))
            met = True
            for name, (_, _, _, goal) in cases.items():
                page, baseline = sorted(ratios[name], key=lambda pair: pair[0] / pair[1])[1]
                met &= report(name, page, baseline, goal)
        print("all goals met" if met else "some goals NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
