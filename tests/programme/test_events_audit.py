"""Deleting an event keeps its audit trail, with the deletion as its last entry."""

from __future__ import annotations

from eventapp.extensions import db
from eventapp.programme.events import delete_event
from tests.audit.helpers import changes, entries


def test_event_deletion_is_the_last_entry_and_the_trail_stays(factory):
    event = factory.event(slug="gone", title="Gone dialogue")
    factory.session(event, title="Opening")
    event_id = event.id
    delete_event(event)
    db.session.commit()
    found = entries(event_id=event_id)
    assert [(e.object_type, e.action) for e in found] == [
        ("event", "created"), ("session", "created"), ("event", "deleted")]
    assert (found[-1].object_label, changes(found[-1])) == (
        "Gone dialogue", {"slug": {"from": "gone", "to": None}})
