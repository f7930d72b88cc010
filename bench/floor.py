"""Cost of the floor's public state: floor.json 200 and 304 against /healthz, over real HTTP
under gunicorn (2 sync workers), while 200 projector screens poll it once a second, and at
conference scale: 500 screens polling once a second while the chair acts every 4 seconds.

Every figure is a ratio to the trivial route measured in the same run and the same way, except
the conference run's delays: for each chair action, how long the slowest screen took to get
the new state (goal: under 2 s, the promise to the room). Loopback only; every polling run is
bounded in time and in connections, and stops by itself.

Run: .venv/bin/python bench/floor.py            (all of it)
     .venv/bin/python bench/floor.py conference (only the 500-screen run)
     (BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres for PostgreSQL)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncio
import random
import statistics
import threading
import time
import urllib.parse
from datetime import timedelta

from flask import Flask
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
from eventapp.floor import chair
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.people.models import Person
from eventapp.programme.models import Session

OK_GOAL = 3.0
NOT_MODIFIED_GOAL = 1.5
UNDER_LOAD_GOAL = 1.5
SCREENS = 200
POLL_SECONDS = 10
QUEUE = 40
# The conference run: screens, how often the chair acts, how long, and the promise.
CONFERENCE_SCREENS = 500
CHAIR_EVERY_SECONDS = 4.0
CONFERENCE_SECONDS = 44
SCREEN_DEADLINE_SECONDS = 2.0


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


def _cold(app, base: str, path: str) -> float:
    """The first 200 after a chair action: the snapshot is built again for the new version."""
    samples = []
    for _ in range(5):
        with app.app_context():
            db.session.execute(update(SpeakersList).values(version=SpeakersList.version + 1))
            db.session.commit()
        time.sleep(0.6)  # past the validator's lifetime in every worker
        samples.append(_get(base, path)[2])
    return statistics.median(samples)


def _version_of(etag: str) -> int:
    """The list's version inside floor.json's tag: floor-<session>-<list>-<version>-<opened>."""
    return int(etag.strip('"').split("-")[3])


async def _conditional_get(host: str, port: int, path: str, etag: str) -> tuple[int, str]:
    """One GET with If-None-Match on a fresh connection, as a browser's poll: (status, ETag)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                      f"If-None-Match: {etag}\r\nAccept: application/json\r\n"
                      "Connection: close\r\n\r\n").encode("ascii"))
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout=30)
    finally:
        writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    tags = [line.split(":", 1)[1].strip() for line in head[1:]
            if line.lower().startswith("etag:")]
    return status, tags[0] if tags else etag


async def _conference_screen(host: str, port: int, path: str, etag: str, stop_at: float,
                             seen: list[tuple[float, int]], counts: dict,
                             errors: list[str]) -> None:
    """One screen as floor-screen.js polls: a random start within the first second, then
    every second give or take a tenth, noting when each new version arrived."""
    await asyncio.sleep(random.random())
    current = etag
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            status, tag = await _conditional_get(host, port, path, current)
        except (TimeoutError, OSError, IndexError, ValueError) as exc:
            errors.append(repr(exc))
            await asyncio.sleep(1.0)
            continue
        counts[status] = counts.get(status, 0) + 1
        if status == 200 and tag != current:
            current = tag
            seen.append((time.monotonic(), _version_of(tag)))
        elif status not in (200, 304):
            errors.append(f"status {status}")
        delay = 1.0 * (0.9 + random.random() * 0.2)
        await asyncio.sleep(max(0.0, delay - (time.monotonic() - started)))


def _chair(app: Flask, list_id: int, stop_at: float,
           actions: list[tuple[float, int]]) -> None:
    """The chair: every few seconds gives the floor to the next speaker (the one speaking is
    stopped and recorded), through the same domain function as the console."""
    next_at = time.monotonic() + 2.0
    while next_at < stop_at - 3.0:
        time.sleep(max(0.0, next_at - time.monotonic()))
        with app.app_context():
            speakers_list = db.session.get(SpeakersList, list_id)
            chair.give_floor(list_id, speakers_list.version)
            version = db.session.get(SpeakersList, list_id).version
            db.session.remove()
        actions.append((time.monotonic(), version))
        next_at += CHAIR_EVERY_SECONDS


def _probe(base: str, path: str, etag: str, stop_at: float, floor: list[float],
           healthz: list[float]) -> None:
    """floor.json 304 and /healthz in turns, on fresh connections, while the screens poll."""
    time.sleep(2.0)
    while time.monotonic() < stop_at - 1.0:
        status, headers, seconds = _get(base, path, {"If-None-Match": etag})
        if status == 200:
            etag = headers["ETag"]
        else:
            floor.append(seconds)
        healthz.append(_get(base, "/healthz")[2])
        time.sleep(0.05)


def _conference(app: Flask, base: str, path: str, etag: str) -> bool:
    """500 screens polling once a second while the chair acts every 4 s."""
    with app.app_context():
        list_id = db.session.scalar(db.select(SpeakersList.id))
        db.session.remove()
    url = urllib.parse.urlsplit(base)
    stop_at = time.monotonic() + CONFERENCE_SECONDS
    seen: list[list[tuple[float, int]]] = [[] for _ in range(CONFERENCE_SCREENS)]
    counts: dict[int, int] = {}
    errors: list[str] = []
    actions: list[tuple[float, int]] = []
    floor: list[float] = []
    healthz: list[float] = []
    helpers = [threading.Thread(target=_chair, args=(app, list_id, stop_at, actions),
                                daemon=True),
               threading.Thread(target=_probe, args=(base, path, etag, stop_at, floor, healthz),
                                daemon=True)]
    for thread in helpers:
        thread.start()

    async def screens() -> None:
        await asyncio.gather(*(
            _conference_screen(url.hostname, url.port, path, etag, stop_at, seen[i], counts,
                               errors) for i in range(CONFERENCE_SCREENS)))

    asyncio.run(screens())
    for thread in helpers:
        thread.join(timeout=60)
    polls = sum(counts.values())
    print(f"{CONFERENCE_SCREENS} screens polling once a second for {CONFERENCE_SECONDS} s, "
          f"the chair acting every {CHAIR_EVERY_SECONDS:.0f} s: {polls} polls "
          f"({polls / CONFERENCE_SECONDS:.0f}/s; {counts.get(304, 0)} answered 304, "
          f"{counts.get(200, 0)} 200), {len(errors)} errors")
    met = not errors
    worst_all = 0.0
    for number, (done_at, version) in enumerate(actions, start=1):
        delays = []
        for screen in seen:
            arrived = next((at for at, v in screen if v >= version), None)
            delays.append(float("inf") if arrived is None else max(0.0, arrived - done_at))
        worst = max(delays)
        worst_all = max(worst_all, worst)
        print(f"  chair action {number} (version {version}): slowest of "
              f"{len(delays)} screens {worst:.2f} s, median {statistics.median(delays):.2f} s")
    met &= bool(actions) and worst_all < SCREEN_DEADLINE_SECONDS
    print(f"slowest screen after any chair action: {worst_all:.2f} s (goal < "
          f"{SCREEN_DEADLINE_SECONDS:.0f} s: {'met' if met else 'NOT met'})")
    if errors:
        print("errors:", errors[:5])
    if floor and healthz:
        met &= report(f"floor.json 304 while {CONFERENCE_SCREENS} screens poll "
                      f"({len(floor)} probes)", statistics.median(floor),
                      statistics.median(healthz), UNDER_LOAD_GOAL)
    return met


def main() -> int:
    only_conference = sys.argv[1:] == ["conference"]
    with bench_app() as app:
        with app.app_context():
            path = _build_floor()
            db.session.remove()
        with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], workers=2) as base:
            status, headers, _ = _get(base, path)
            assert status == 200, status
            etag = headers["ETag"]
            if only_conference:
                met = _conference(app, base, path, etag)
                print("all goals met" if met else "some goals NOT met")
                return 0 if met else 1
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
            _, headers, _ = _get(base, path)
            met &= _conference(app, base, path, headers["ETag"])
        print("all goals met" if met else "some goals NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
