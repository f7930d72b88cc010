"""Big writes finish in one request, all or nothing, with exactly one message per person."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DatabaseError

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.people.models import Organization, Person
from eventapp.registration.accreditation import change_statuses
from eventapp.registration.csv_import import MAX_ROWS, apply, parse_and_validate
from eventapp.registration.models import Registration
from eventapp.spreadsheets import carry

HEADER = ("email,honorific,first_name,last_name,job_title,organization,category,country,"
          "governance_level,delegation_role,status\n")


def _csv(n: int, *, boom_at: int | None = None) -> str:
    return HEADER + "".join(
        f"{'boom' if i == boom_at else f'p{i}'}@example.org,Dr,First{i},Last{i},Adviser,"
        f"Organization {i % 300},{('government', 'civil-society', 'academia')[i % 3]},"
        f"{('CH', 'BR', 'SN')[i % 3]},national,delegate,approved\n"
        for i in range(n)
    )


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)).where(*where))


def _totals() -> tuple[int, int, int, int]:
    return (_count(Person), _count(Organization), _count(Registration), _count(OutboxMessage))


@contextmanager
def outbox_refuses(recipient: str) -> Iterator[None]:
    """A database trigger that fails the statement queueing mail to ``recipient``: a failure
    in the last step of the transaction, after everything else was written."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        db.session.execute(text(
            "CREATE FUNCTION refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.recipient = '{recipient}' THEN RAISE EXCEPTION 'refused'; END IF; "
            "RETURN NEW; END $$"))
        db.session.execute(text(
            "CREATE TRIGGER refuse_mail BEFORE INSERT ON outbox_messages "
            "FOR EACH ROW EXECUTE FUNCTION refuse_mail()"))
    else:
        db.session.execute(text(
            "CREATE TRIGGER refuse_mail BEFORE INSERT ON outbox_messages "
            f"WHEN NEW.recipient = '{recipient}' BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    db.session.commit()
    try:
        yield
    finally:
        db.session.rollback()
        if dialect == "postgresql":
            db.session.execute(text("DROP TRIGGER refuse_mail ON outbox_messages"))
            db.session.execute(text("DROP FUNCTION refuse_mail()"))
        else:
            db.session.execute(text("DROP TRIGGER refuse_mail"))
        db.session.commit()


@pytest.mark.slow
def test_import_confirm_of_the_row_limit_queues_one_message_per_row(organizer_client, factory):
    event = factory.event("idm", title="IDM")
    factory.categories()
    assert MAX_ROWS == 20_000

    response = organizer_client.post("/organize/events/idm/registrations/import/confirm",
                                     data={"content": carry(_csv(MAX_ROWS))})

    assert response.status_code == 302
    assert _count(Registration, Registration.event_id == event.id,
                  Registration.status == "approved") == 20_000
    assert _count(OutboxMessage, OutboxMessage.event_id == event.id) == 20_000
    assert db.session.scalar(select(func.count(func.distinct(OutboxMessage.recipient)))) == 20_000
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.subject == "IDM: registration approved")) == 20_000


def test_import_failing_at_the_last_step_saves_nothing(factory):
    event = factory.event("idm")
    factory.categories()
    plan = parse_and_validate(event, _csv(50, boom_at=49))
    before = _totals()

    with outbox_refuses("boom@example.org"), pytest.raises(DatabaseError):
        apply(event, plan)

    assert _totals() == before


def _pending_registrations(event, category_id: int, n: int) -> list[int]:
    now = utcnow()
    db.session.execute(insert(Person), [
        {"email": f"bulk{i}@example.org", "first_name": "Bulk", "last_name": f"P{i}",
         "category_id": category_id} for i in range(n)
    ])
    person_ids = db.session.scalars(select(Person.id).order_by(Person.id)).all()
    db.session.execute(insert(Registration), [
        {"event_id": event.id, "person_id": pid, "category_id": category_id,
         "status": "pending", "created_at": now, "updated_at": now, "status_changed_at": now}
        for pid in person_ids
    ])
    db.session.commit()
    return list(db.session.scalars(select(Registration.id).order_by(Registration.id)))


def test_bulk_approve_of_five_thousand_queues_one_message_each(organizer_client, factory):
    event = factory.event("idm", title="IDM", capacity=4_000)
    ids = _pending_registrations(event, factory.category("government").id, 5_000)

    response = organizer_client.post("/organize/events/idm/registrations/bulk",
                                     data={"action": "approved", "ids": ids})

    # The bulk action answers with its per-person report.
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="changed-heading">Approved (4000)</h2>' in page
    assert 'id="waitlisted-heading">Waitlisted because full (1000)</h2>' in page
    assert (_count(Registration, Registration.status == "approved"),
            _count(Registration, Registration.status == "waitlisted")) == (4_000, 1_000)
    assert db.session.execute(
        select(OutboxMessage.subject, func.count(OutboxMessage.id))
        .group_by(OutboxMessage.subject).order_by(OutboxMessage.subject)
    ).all() == [("IDM: registration approved", 4_000), ("IDM: registration waitlisted", 1_000)]
    assert db.session.scalar(select(func.count(func.distinct(OutboxMessage.recipient)))) == 5_000


def test_bulk_change_failing_at_the_last_step_changes_nothing(factory):
    event = factory.event("idm")
    ids = _pending_registrations(event, factory.category("government").id, 30)
    last = db.session.scalar(select(Person.email).order_by(Person.id.desc()).limit(1))

    with outbox_refuses(last), pytest.raises(DatabaseError):
        change_statuses(event.id, ids, "approved")

    assert _count(Registration, Registration.status == "pending") == 30
    assert _count(OutboxMessage) == 0
