"""Shared timing helpers: every goal is a ratio against a trivial route measured in the same run."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text


def median_seconds(call: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@contextmanager
def bench_database() -> Iterator[str]:
    """A throw-away database: SQLite by default, PostgreSQL when BENCH_DATABASE_URL is set."""
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    name = f"eventapp_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def report(name: str, page_seconds: float, baseline_seconds: float, goal: float) -> bool:
    ratio = page_seconds / baseline_seconds
    met = ratio < goal
    print(f"{name}: median {page_seconds * 1000:.2f} ms; baseline /healthz "
          f"{baseline_seconds * 1000:.2f} ms; ratio {ratio:.2f}x (goal < {goal}x: "
          f"{'met' if met else 'NOT met'})")
    return met


def report_cold(name: str, cold_seconds: float, baseline_seconds: float) -> None:
    """The first request after a change, when nothing cached can be reused (no goal)."""
    print(f"{name}: first request after a change {cold_seconds * 1000:.2f} ms "
          f"({cold_seconds / baseline_seconds:.1f}x the baseline; shown for information)")


def cold_median(call, clear, *, repeat: int = 5) -> float:
    """Median of requests each made right after the caches were emptied."""
    samples = []
    for _ in range(repeat):
        clear()
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@contextmanager
def bench_app(**config: object) -> Iterator:
    """The real app on a throw-away database with its tables; yields it, drops all after."""
    from eventapp import create_app
    from eventapp.extensions import db

    with bench_database() as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "bench-secret-key-0123456789", **config})
        with app.app_context():
            db.create_all()
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.drop_all()
                db.engine.dispose()


def add_bench_event(days: int = 3):
    """A published event at slug "bench" in New York, from 26 March 2018 (committed)."""
    from datetime import date, timedelta

    from eventapp.extensions import db
    from eventapp.programme.models import Event

    start = date(2018, 3, 26)
    event = Event(slug="bench", title="Benchmark dialogue", timezone="America/New_York",
                  start_date=start, end_date=start + timedelta(days=days - 1), is_published=True)
    db.session.add(event)
    db.session.commit()
    return event


def clear_caches() -> None:
    from eventapp import fragment_cache

    fragment_cache.cache.clear()
    fragment_cache.validators.clear()


LOOPBACK = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A free loopback port: the first free one of BENCH_PORTS ("8200-8299") when it is set,
    so that benchmarks on a shared machine each keep to their own ports; else any."""
    first, _, last = os.environ.get("BENCH_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind((LOOPBACK, port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


@contextmanager
def gunicorn_server(database_url: str, *, workers: int = 2, **env: str) -> Iterator[str]:
    """The production server on a loopback port with several sync workers; yields its base URL.

    Workers share nothing but the database, so whatever works here works in a deployment.
    """
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "SECRET_KEY": "live-server-secret-key-0123456789abcdef",
                   "EVENTAPP_INSECURE_COOKIES": "1", "PYTHONPATH": str(ROOT),
                   "PUBLIC_BASE_URL": f"http://{LOOPBACK}:{port}",
                   "MAIL_SENDER": "Events <events@example.org>", **env}
    environment.pop("FLASK_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"{LOOPBACK}:{port}",
         "--log-level", "warning", "eventapp:create_app()"],
        cwd=ROOT, env=environment,
    )
    with serving(process, f"http://{LOOPBACK}:{port}") as base:
        yield base


@contextmanager
def serving(process: subprocess.Popen, base: str, attempts: int = 300) -> Iterator[str]:
    """Wait (bounded) until the server answers /healthz, yield its base URL, then stop it."""
    try:
        for _ in range(attempts):
            try:
                # A loopback http URL built by the caller, never user input.
                with urllib.request.urlopen(base + "/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def http_get(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes, float]:
    """One GET on a fresh connection (as a polling screen or a calendar client makes it):
    (status, headers, body, seconds)."""
    url = urllib.parse.urlsplit(base)
    start = time.perf_counter()
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body, time.perf_counter() - start
    finally:
        conn.close()


def add_bulk_registrations(event_id: int, category_ids: list[int], n: int, prefix: str, *,
                           status_of: Callable[[int], str],
                           listed_of: Callable[[int], bool] = lambda i: True,
                           speaks_of: Callable[[int], bool] = lambda i: False) -> None:
    """n registrations (one organization per 20 people) by bulk SQL, committed.

    Bulk SQL bypasses the ORM hooks that raise content versions, so this raises the event's
    registrations version itself, as the app would.
    """
    from sqlalchemy import insert, select

    from eventapp.db_types import utcnow
    from eventapp.extensions import db
    from eventapp.people.models import Organization, Person
    from eventapp.registration.models import Registration
    from eventapp.versioning import bump, registrations_scope

    now = utcnow()
    db.session.execute(insert(Organization), [
        {"name": f"{prefix} org {i}", "name_key": f"{prefix} org {i}",
         "category_id": category_ids[i % len(category_ids)], "country": "DE",
         "governance_level": "national"} for i in range(max(n // 20, 1))])
    orgs = db.session.scalars(select(Organization.id).where(
        Organization.name_key.like(f"{prefix} org %")).order_by(Organization.id)).all()
    db.session.execute(insert(Person), [
        {"first_name": "Participant", "last_name": f"{prefix}{i}", "honorific": "",
         "job_title": "Adviser", "organization_id": orgs[i % len(orgs)],
         "gender_description": "", "email": f"{prefix}{i}@example.org", "created_at": now}
        for i in range(n)])
    people = db.session.execute(select(Person.id, Person.organization_id).where(
        Person.last_name.like(f"{prefix}%")).order_by(Person.id)).all()
    db.session.execute(insert(Registration), [
        {"event_id": event_id, "person_id": pid,
         "category_id": category_ids[i % len(category_ids)], "organization_id": oid,
         "status": status_of(i), "delegation_role": "delegate",
         "wishes_to_speak": speaks_of(i), "speaking_topic": "", "accessibility_needs": "",
         "consent_public_list": listed_of(i), "public_list_asked": True,
         "is_invited_speaker": False, "organizer_message": "", "created_at": now,
         "updated_at": now, "status_changed_at": now}
        for i, (pid, oid) in enumerate(people)])
    bump(db.session, [registrations_scope(event_id)])
    db.session.commit()
