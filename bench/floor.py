"""Cost of the floor's public state: floor.json 200 and 304 against /healthz, over real HTTP
under gunicorn (2 sync workers), and while 200 projector screens poll it once a second.

Every figure is a ratio to the trivial route measured in the same run and the same way.
Loopback only; the polling run is bounded in time and in requests.

Run: .venv/bin/python bench/floor.py
     (BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres for PostgreSQL)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import statistics
import threading
import time
from datetime import timedelta

from sqlalchemy import update

from bench.common import (
    add_bench_event,
    bench_app,
    gunicorn_server,
    http_get,
    report,
    report_cold,
)
from eventapp.db_types import utcnow
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Person
from eventapp.programme.models import Session

OK_GOAL = 3.0
NOT_MODIFIED_GOAL = 1.5
UNDER_LOAD_GOAL = 1.5
SCREENS = 200
POLL_SECONDS = 10
QUEUE = 40


def _build_floor() -> str:
    """A published event with a programme and one list: a speaker on the clock, 40 waiting."""
    event = add_bench_event(days=3)
    build_programme(event, sessions=150, slots_per_session=6)
    session = db.session.scalars(
        db.select(Session).where(Session.event_id == event.id).order_by(Session.starts_at)
    ).first()
    speakers = SpeakersList(session_id=session.id, event_id=event.id)
    db.session.add(speakers)
    db.session.flush()
    now = utcnow()
    for i in range(QUEUE + 1):
        person = Person(first_name="Delegate", last_name=f"Number {i}")
        db.session.add(person)
        db.session.flush()
        speaking = i == 0
        db.session.add(FloorRequest(
            list_id=speakers.id, event_id=event.id, person_id=person.id, position=i,
            requested_at=now - timedelta(minutes=60 - i),
            status="speaking" if speaking else "waiting",
            started_at=now if speaking else None, running_since=now if speaking else None,
            limit_seconds=180 if speaking else None,
        ))
    db.session.commit()
    return f"/events/{event.slug}/sessions/{session.id}/floor.json"


def _get(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, float]:
    status, response_headers, _, seconds = http_get(base, path, headers)
    return status, response_headers, seconds


def _median(base: str, path: str, headers: dict | None = None, *, repeat: int = 300,
            expect: int = 200) -> float:
    samples = []
    for _ in range(repeat):
        status, _, seconds = _get(base, path, headers)
        assert status == expect, (path, status)
        samples.append(seconds)
    return statistics.median(samples)


def _screen(base: str, path: str, etag: str, offset: float, stop_at: float,
            latencies: list[float], errors: list[str]) -> None:
    """One projector screen: a conditional GET once a second until stop_at.

    Screens are switched on at different moments, so their polls spread over the second.
    """
    time.sleep(offset)
    current = etag
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            status, headers, seconds = _get(base, path, {"If-None-Match": current})
        except OSError as exc:
            errors.append(str(exc))
            return
        if status == 200:
            current = headers.get("ETag", current)
        elif status != 304:
            errors.append(f"status {status}")
        latencies.append(seconds)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


def _under_load(base: str, path: str, etag: str) -> dict:
    """Probe floor.json and /healthz alternately while the screens poll."""
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + POLL_SECONDS
    threads = [
        threading.Thread(target=_screen, daemon=True,
                         args=(base, path, etag, i / SCREENS, stop_at, latencies, errors))
        for i in range(SCREENS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every screen is polling now
    floor, healthz = [], []
    while time.monotonic() < stop_at - 0.5:
        floor.append(_get(base, path, {"If-None-Match": etag})[2])
        healthz.append(_get(base, "/healthz")[2])
        time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=POLL_SECONDS + 30)
    assert not errors, errors[:5]
    polls = sorted(latencies)
    return {"polls": len(polls), "median": statistics.median(polls),
            "p99": polls[max(0, int(len(polls) * 0.99) - 1)],
            "floor": statistics.median(floor), "healthz": statistics.median(healthz),
            "probes": len(floor)}


def _cold(app, base: str, path: str) -> float:  # noqa: ANN001
    """The first 200 after a chair action: the snapshot is built again for the new version."""
    samples = []
    for _ in range(5):
        with app.app_context():
            db.session.execute(update(SpeakersList).values(version=SpeakersList.version + 1))
            db.session.commit()
        time.sleep(0.6)  # past the validator's lifetime in every worker
        samples.append(_get(base, path)[2])
    return statistics.median(samples)


def main() -> int:
    with bench_app() as app:
        with app.app_context():
            path = _build_floor()
            db.session.remove()
        with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], workers=2) as base:
            status, headers, _ = _get(base, path)
            assert status == 200, status
            etag = headers["ETag"]
            baseline = _median(base, "/healthz")
            ok = _median(base, path)
            not_modified = _median(base, path, {"If-None-Match": etag}, expect=304)
            met = report("floor.json 200 (41 requests on the list, 150-session event)", ok,
                         baseline, OK_GOAL)
            met &= report("floor.json 304 (If-None-Match)", not_modified, baseline,
                          NOT_MODIFIED_GOAL)
            report_cold("floor.json 200", _cold(app, base, path), baseline)
            load = _under_load(base, path, etag)
            print(f"{SCREENS} screens polling once a second for {POLL_SECONDS} s: "
                  f"{load['polls']} polls ({load['polls'] / POLL_SECONDS:.0f}/s), median "
                  f"{load['median'] * 1000:.2f} ms, p99 {load['p99'] * 1000:.2f} ms")
            met &= report(f"floor.json 304 while they poll ({load['probes']} probes each)",
                          load["floor"], load["healthz"], UNDER_LOAD_GOAL)
        print("all goals met" if met else "some goals NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
