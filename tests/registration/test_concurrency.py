"""No overbooking under simultaneous requests, on SQLite and on PostgreSQL.

Each thread has its own app context, hence its own session and database connection, like
separate worker processes; a barrier releases them all at the same moment.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.people.models import Person, StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration.accreditation import accreditation_lock, change_status, register
from eventapp.registration.models import CategoryQuota, Registration


def _register_at_once(app, event_id: int, entries: list[tuple[int, int]]) -> list[Exception]:
    barrier = threading.Barrier(len(entries))
    errors: list[Exception] = []

    def worker(person_id: int, category_id: int) -> None:
        with app.app_context():
            try:
                event = db.session.get(Event, event_id)
                person = db.session.get(Person, person_id)
                category = db.session.get(StakeholderCategory, category_id)
                db.session.commit()
                barrier.wait(timeout=60)
                register(event, person, category)
            except Exception as exc:  # reported by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=entry) for entry in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _registrations(event_id: int) -> list[Registration]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Registration).where(Registration.event_id == event_id)
            .order_by(Registration.id)
        )
    )


def test_register_concurrent_thirty_for_five_places_never_overbooks(app_ctx, factory):
    event = factory.event(capacity=5, auto_approve=True)
    category = factory.category("civil-society")
    people = [factory.person() for _ in range(32)]

    errors = _register_at_once(app_ctx, event.id, [(p.id, category.id) for p in people])

    assert errors == []
    rows = _registrations(event.id)
    assert len(rows) == 32
    assert len({r.person_id for r in rows}) == 32
    statuses = [r.status for r in rows]
    assert statuses.count("approved") == 5
    assert statuses.count("waitlisted") == 27
    # Ids are assigned inside the lock, so id order is the order the decisions committed:
    # the first five through the lock got the places, the others queue in that order.
    assert [r.status for r in rows[:5]] == ["approved"] * 5
    waitlist = sorted((r for r in rows if r.status == "waitlisted"),
                      key=lambda r: (r.status_changed_at, r.id))
    assert [r.id for r in waitlist] == [r.id for r in rows[5:]]

    # Two cancellations promote exactly the first two on the waiting list.
    change_status(rows[0], "cancelled")
    change_status(rows[3], "cancelled")
    after = {r.id: r.status for r in _registrations(event.id)}
    assert after[rows[0].id] == "cancelled"
    assert after[rows[3].id] == "cancelled"
    assert [after[r.id] for r in rows[5:8]] == ["approved", "approved", "waitlisted"]
    assert list(after.values()).count("approved") == 5


def test_register_concurrent_respects_category_quota(app_ctx, factory):
    event = factory.event(capacity=10, auto_approve=True)
    government = factory.category("government")
    civil = factory.category("civil-society")
    db.session.add(CategoryQuota(event_id=event.id, category_id=government.id, max_percent=40))
    db.session.commit()
    entries = [(factory.person().id, government.id) for _ in range(20)]
    entries += [(factory.person().id, civil.id) for _ in range(10)]

    errors = _register_at_once(app_ctx, event.id, entries)

    assert errors == []
    rows = _registrations(event.id)
    approved = [r for r in rows if r.status == "approved"]
    assert len(rows) == 30
    assert sum(r.category_id == government.id for r in approved) == 4  # floor(10 * 40 / 100)
    assert sum(r.category_id == civil.id for r in approved) == 6
    assert sum(r.status == "waitlisted" for r in rows) == 20


def test_accreditation_lock_serializes_transactions(app_ctx, factory):
    event = factory.event()
    event_id = event.id
    order: list[str] = []
    first_holds = threading.Event()

    def first() -> None:
        with app_ctx.app_context():
            with accreditation_lock(event_id):
                order.append("first in")
                first_holds.set()
                time.sleep(0.4)
                order.append("first out")
            db.session.remove()

    def second() -> None:
        with app_ctx.app_context():
            first_holds.wait(timeout=30)
            with accreditation_lock(event_id):
                order.append("second in")
            db.session.remove()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert order == ["first in", "first out", "second in"]
