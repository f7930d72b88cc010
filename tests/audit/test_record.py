"""Named entries share the transaction of their change and the batch of their request."""

from __future__ import annotations

from eventapp.audit.context import Actor, acting_as, source
from eventapp.audit.record import Entry, record, record_many
from eventapp.extensions import db
from tests.audit.helpers import changes, entries


def test_record_rolled_back_with_its_transaction(factory):
    event = factory.event()
    before = len(entries())
    record(event.id, "registration", 1, "Ana Lima", "approved", reason="Welcome")
    assert len(entries()) == before + 1
    db.session.rollback()
    assert len(entries()) == before


def test_record_many_is_one_batch_with_actor_source_and_cut_values(factory):
    event = factory.event()
    with acting_as(Actor(None, "CLI: ops")), source("  delegations\n2026.csv "):
        record_many([Entry(event.id, "registration", n, f"Person {n}", "created",
                           {"speaking_topic": (None, "x" * 600)}) for n in (1, 2)])
    db.session.commit()
    first, second = entries(object_type="registration")
    assert (first.actor_label, first.context, first.batch_id) == (
        "CLI: ops", "delegations 2026.csv", second.batch_id)
    assert changes(first)["speaking_topic"]["to"] == "x" * 499 + "…"


def test_record_outside_requests_groups_one_transaction(factory):
    event = factory.event()
    record(event.id, "session", 1, "A", "moved")
    record(event.id, "session", 2, "B", "moved")
    db.session.commit()
    record(event.id, "session", 3, "C", "moved")
    db.session.commit()
    first, second, third = entries(action="moved")
    assert first.batch_id == second.batch_id != third.batch_id
