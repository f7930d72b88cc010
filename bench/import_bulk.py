"""Big writes in one request: confirming a participant import of 20,000 rows (the file
limit) and approving 5,000 registrations at once, each against a trivial request (/healthz)
in the same run. Both commit everything, with one queued message per person, or nothing.

Run: .venv/bin/python bench/import_bulk.py
     (SQLite by default; BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres to
     measure on PostgreSQL: it creates and drops a database of its own)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import time

from sqlalchemy import func, insert, select

from bench.common import add_bench_event, bench_app, median_seconds, report
from eventapp.accounts.service import create_user
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.people.models import Person
from eventapp.people.service import ensure_default_categories
from eventapp.registration.models import Registration
from eventapp.spreadsheets import carry

IMPORT_ROWS = 20_000
BULK_ROWS = 5_000
# Goals: "a few seconds" against a /healthz of about 0.3 ms (25,000x is 7.5 s, 5,000x 1.5 s).
IMPORT_GOAL = 25_000
BULK_GOAL = 5_000
HEADER = ("email,honorific,first_name,last_name,job_title,organization,category,country,"
          "governance_level,delegation_role,status\n")


def import_csv(n: int) -> str:
    lines = [
        f"p{i}@example.org,Dr,First{i},Last{i},Adviser,Organization {i % 400},"
        f"{('government', 'civil-society', 'academia', 'private-sector')[i % 4]},"
        f"{('CH', 'BR', 'SN', 'PH')[i % 4]},national,delegate,approved\n"
        for i in range(n)
    ]
    return HEADER + "".join(lines)


def _pending_registrations(event_id: int, category_id: int, n: int) -> list[int]:
    now = utcnow()
    db.session.execute(insert(Person), [
        {"email": f"bulk{i}@example.org", "first_name": "Bulk", "last_name": f"P{i}",
         "category_id": category_id} for i in range(n)
    ])
    person_ids = db.session.scalars(
        select(Person.id).where(Person.email.like("bulk%@example.org")).order_by(Person.id)
    ).all()
    db.session.execute(insert(Registration), [
        {"event_id": event_id, "person_id": pid, "category_id": category_id,
         "status": "pending", "created_at": now, "updated_at": now, "status_changed_at": now}
        for pid in person_ids
    ])
    db.session.commit()
    return list(db.session.scalars(
        select(Registration.id).where(Registration.event_id == event_id,
                                      Registration.status == "pending")
    ))


def _messages() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> int:
    with bench_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False) as app:
        with app.app_context():
            categories = ensure_default_categories()
            create_user("organizer@example.org", "correct horse battery", role="admin")
            db.session.commit()
            bulk_event = add_bench_event()
            bulk_event.slug = "bench-bulk"
            db.session.commit()
            import_event = add_bench_event()
            ids = _pending_registrations(bulk_event.id, categories[0].id, BULK_ROWS)
            content = carry(import_csv(IMPORT_ROWS))
            import_slug = import_event.slug
        client = app.test_client()
        client.post("/login", data={"email": "organizer@example.org",
                                    "password": "correct horse battery"})
        baseline = median_seconds(lambda: client.get("/healthz"), repeat=50)

        def confirm() -> None:
            response = client.post(f"/organize/events/{import_slug}/registrations/import/confirm",
                                   data={"content": content})
            assert response.status_code == 302, response.status_code

        def approve() -> None:
            response = client.post("/organize/events/bench-bulk/registrations/bulk",
                                   data={"action": "approved", "ids": ids})
            assert response.status_code == 302, response.status_code

        import_seconds = _timed(confirm)
        with app.app_context():
            queued_import = _messages()
        bulk_seconds = _timed(approve)
        with app.app_context():
            queued_bulk = _messages() - queued_import
            approved = db.session.scalar(select(func.count(Registration.id)).where(
                Registration.status == "approved"))
        print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':', 1)[0]}")
        ok = True
        for name, seconds, goal, queued, wanted in (
            (f"import confirm, {IMPORT_ROWS} rows", import_seconds, IMPORT_GOAL,
             queued_import, IMPORT_ROWS),
            (f"bulk approve, {BULK_ROWS} registrations", bulk_seconds, BULK_GOAL,
             queued_bulk, BULK_ROWS),
        ):
            # One timed run each (the change cannot be repeated on the same rows).
            ok = report(f"{name} ({seconds:.2f} s, one run)", seconds, baseline, goal) and ok
            print(f"  {queued} messages queued (expected {wanted})")
            ok = ok and queued == wanted
        print(f"approved registrations: {approved} (expected {IMPORT_ROWS + BULK_ROWS})")
        return 0 if ok and approved == IMPORT_ROWS + BULK_ROWS else 1


if __name__ == "__main__":
    sys.exit(main())
