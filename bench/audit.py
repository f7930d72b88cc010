"""The audit trail's cost: a bulk approval of 5,000 registrations with and without the
trail (goal: within 1.5x), and the event's audit page at 100,000 entries against a trivial
request (/healthz) in the same run (goal: under 5x), first page, a filtered page and a page
deep in the trail: in-process through the app's test client (no HTTP at all, which makes
every page's ratio larger than a browser sees), then as scale.py measures organizer pages,
under gunicorn (2 workers, loopback, a logged-in organizer, /healthz asked in turns with the
page, medians).

Run: .venv/bin/python bench/audit.py [--pages-only]
     (SQLite by default; BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres to
     measure on PostgreSQL: it creates and drops a database of its own)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import statistics
import time
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import func, insert, select, text

from bench.common import bench_app, gunicorn_server, median_seconds, report
from bench.scale import Browser
from eventapp.accounts.service import create_user
from eventapp.audit import record as audit_record
from eventapp.audit import tracking as audit_tracking
from eventapp.audit.models import AuditEntry
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import Event
from eventapp.registration.models import Registration

BULK_ROWS = 5_000
RUNS = 3
BULK_GOAL = 1.5
TRAIL_ENTRIES = 100_000
PAGE_GOAL = 5
# --pages-only: the audit page alone, without the bulk approvals (a few minutes less).
BULK = "--pages-only" not in sys.argv


@contextmanager
def trail_off():
    """The bench's "without": entries are not written (the app itself has no such switch)."""
    saved = audit_record.write, audit_tracking.write

    def nothing(session, entries) -> int:
        return 0

    audit_record.write = audit_tracking.write = nothing
    try:
        yield
    finally:
        audit_record.write, audit_tracking.write = saved


def _event(slug: str) -> Event:
    from datetime import date

    event = Event(slug=slug, title=f"Benchmark {slug}", timezone="America/New_York",
                  start_date=date(2018, 3, 26), end_date=date(2018, 3, 28), is_published=True)
    db.session.add(event)
    db.session.commit()
    return event


def _pending(event_id: int, category_id: int, prefix: str) -> list[int]:
    now = utcnow()
    db.session.execute(insert(Person), [
        {"email": f"{prefix}{i}@example.org", "first_name": "Bulk", "last_name": f"{prefix}{i}",
         "category_id": category_id} for i in range(BULK_ROWS)])
    person_ids = db.session.scalars(select(Person.id).where(
        Person.email.like(f"{prefix}%@example.org"))).all()
    db.session.execute(insert(Registration), [
        {"event_id": event_id, "person_id": pid, "category_id": category_id,
         "status": "pending", "created_at": now, "updated_at": now, "status_changed_at": now}
        for pid in person_ids])
    db.session.commit()
    return list(db.session.scalars(select(Registration.id).where(
        Registration.event_id == event_id)))


def _trail(event_id: int) -> None:
    """100,000 entries over a fortnight, as a busy event's trail would hold."""
    start = utcnow() - timedelta(days=14)
    actors = ("chair@example.org", "desk@example.org", "owner@example.org", "CLI: ops")
    for chunk in range(0, TRAIL_ENTRIES, 10_000):
        db.session.execute(insert(AuditEntry.__table__), [
            {"at": start + timedelta(seconds=12 * i), "event_id": event_id,
             "actor_user_id": None, "actor_label": actors[i % 4], "context": "",
             "object_type": ("registration", "session", "floor request")[i % 3],
             "object_id": i % 2000, "object_label": f"Person {i % 2000}",
             "subject": f"registration:{i % 2000}", "action": "changed",
             "changes": '{"status": {"from": "pending", "to": "approved"}}', "reason": "",
             "batch_id": f"{i // 50:032x}"}
            for i in range(chunk, chunk + 10_000)])
    db.session.commit()


def main() -> int:
    with bench_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False) as app:
        with app.app_context():
            category = ensure_default_categories()[0]
            create_user("organizer@example.org", "correct horse battery", role="admin")
            db.session.commit()
            runs = []
            for run in range(RUNS if BULK else 0):
                for mode in ("off", "on"):
                    slug = f"bulk-{mode}-{run}"
                    event = _event(slug)
                    runs.append((mode, slug, _pending(event.id, category.id, f"{slug}-")))
            trail_event = _event("trail")
            _trail(trail_event.id)
            deep = db.session.scalar(select(func.min(AuditEntry.id)).where(
                AuditEntry.event_id == trail_event.id)) + 500
            _analyze()
        client = app.test_client()
        client.post("/login", data={"email": "organizer@example.org",
                                    "password": "correct horse battery"})
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=50)

        print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':', 1)[0]}")
        ok = True
        if BULK:
            seconds: dict[str, list[float]] = {"off": [], "on": []}
            for mode, slug, ids in runs:
                def approve(slug=slug, ids=ids) -> None:
                    response = client.post(f"/organize/events/{slug}/registrations/bulk",
                                           data={"action": "approved", "ids": ids})
                    assert response.status_code == 200, response.status_code
                start = time.perf_counter()
                if mode == "off":
                    with trail_off():
                        approve()
                else:
                    approve()
                seconds[mode].append(time.perf_counter() - start)
            with app.app_context():
                entries = db.session.scalar(select(func.count(AuditEntry.id)).where(
                    AuditEntry.action == "approved"))
            without, with_trail = (statistics.median(seconds[m]) for m in ("off", "on"))
            ratio = with_trail / without
            bulk_met = ratio < BULK_GOAL
            print(f"bulk approve, {BULK_ROWS} registrations (median of {RUNS} runs each): "
                  f"without the trail {without:.2f} s; with it {with_trail:.2f} s; ratio "
                  f"{ratio:.2f}x (goal < {BULK_GOAL}x: {'met' if bulk_met else 'NOT met'})")
            print(f"  {entries} approval entries written (expected {BULK_ROWS * RUNS})")
            ok = bulk_met and entries == BULK_ROWS * RUNS

        if BULK:
            # The approvals wrote 30,000 rows and 15,000 entries since: analysed again, as
            # autovacuum would have been by the time anyone opens the trail.
            with app.app_context():
                _analyze()
        pages = _pages(deep)
        for name, path in pages:
            def get(path=path) -> None:
                response = client.get(path)
                assert response.status_code == 200, response.status_code
            start = time.perf_counter()
            get()
            first = time.perf_counter() - start
            ok = report(name, median_seconds(get, repeat=20), baseline, PAGE_GOAL) and ok
            # Rows are drawn once per entry and language, then reused: the first view draws them.
            print(f"  first view (its rows not drawn before): {first * 1000:.2f} ms, "
                  f"{first / baseline:.2f}x (shown for information)")
        served_ok = _under_gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], pages)
        return 0 if ok and served_ok else 1


def _analyze() -> None:
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load (as bench/scale.py): without
        # statistics the planner sorts all 100,000 entries for each page.
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _pages(deep: int) -> list[tuple[str, str]]:
    return [
        ("audit page, newest of 100,000 entries", "/organize/events/trail/audit"),
        ("audit page, filtered (who, kind, days)",
         "/organize/events/trail/audit?who=desk&type=registration&from=2018-01-01"),
        ("audit page, deep in the trail", f"/organize/events/trail/audit?before={deep}"),
        ("a registration's history in the trail",
         "/organize/events/trail/audit?subject=registration:7"),
    ]


def _under_gunicorn(url: str, pages: list[tuple[str, str]], rounds: int = 60) -> bool:
    """Each page and /healthz in turns over HTTP, as a browser asks them; medians."""
    ok = True
    with gunicorn_server(url, workers=2) as base:
        browser = Browser(base)
        status = browser.post_form("/login", {"email": "organizer@example.org",
                                              "password": "correct horse battery"})
        assert status == 200, status
        print("under gunicorn (2 workers, loopback, HTTP; /healthz in turns with each page):")
        for name, path in pages:
            for _ in range(3):  # each worker draws the page's rows once
                assert browser.get(path)[0] == 200
            page_times, healthz_times = [], []
            for _ in range(rounds):
                start = time.perf_counter()
                assert browser.get("/healthz")[0] == 200
                healthz_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                got = browser.get(path)
                page_times.append(time.perf_counter() - start)
                assert got[0] == 200, got[0]
            ok = report(f"  {name}", statistics.median(page_times),
                        statistics.median(healthz_times), PAGE_GOAL) and ok
    return ok


if __name__ == "__main__":
    sys.exit(main())
