"""The flush listener: a committed change has its entry, a rolled-back one none, and personal-
sensitive values never reach the trail. Run on PostgreSQL too (TEST_DATABASE_URL)."""

from __future__ import annotations

from sqlalchemy import func, select

from eventapp.accounts.models import FeedToken
from eventapp.audit.context import SYSTEM, Actor, acting_as
from eventapp.audit.models import AuditEntry
from eventapp.audit.tracking import sensitive_fields
from eventapp.calendars.tokens import regenerate, revoke
from eventapp.extensions import db
from eventapp.registration.models import CategoryQuota
from tests.audit.helpers import changes, entries, summary


def _count() -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)))


def test_tracking_committed_change_has_its_entry_with_from_and_to(factory):
    event = factory.event(title="IDM")
    session = factory.session(event, title="Opening")
    before = _count()
    with acting_as(Actor(7, "chair@example.org")):
        session.title = "Opening of the dialogue"
        db.session.commit()
    [entry] = entries(object_type="session", action="changed")
    assert _count() == before + 1
    assert summary(entry) == (
        event.id, "chair@example.org", "session", session.id, "Opening of the dialogue",
        "changed", {"title": {"from": "Opening", "to": "Opening of the dialogue"}}, "")
    assert entry.actor_user_id == 7
    assert entry.subject == f"session:{session.id}"


def test_tracking_rolled_back_change_leaves_no_entry(factory):
    event = factory.event()
    session = factory.session(event, title="Opening")
    before = _count()
    session.title = "Never saved"
    db.session.flush()
    # Flushed, so written to the transaction, then rolled back with it.
    assert _count() == before + 1
    db.session.rollback()
    assert _count() == before
    assert db.session.get(type(session), session.id).title == "Opening"


def test_tracking_created_and_deleted_rows_name_their_values(factory):
    event = factory.event()
    category = factory.category("civil-society")
    quota = CategoryQuota(event_id=event.id, category_id=category.id, max_places=30)
    db.session.add(quota)
    db.session.commit()
    quota_id = quota.id
    db.session.delete(quota)
    db.session.commit()
    created, deleted = entries(object_type="quota")
    assert (created.action, created.object_id, created.object_label, changes(created)) == (
        "created", quota_id, "Civil society",
        {"category_id": {"from": None, "to": category.id},
         "event_id": {"from": None, "to": event.id}, "max_places": {"from": None, "to": 30}})
    assert (deleted.action, deleted.object_id, deleted.event_id, changes(deleted)) == (
        "deleted", quota_id, event.id,
        {"category_id": {"from": category.id, "to": None},
         "event_id": {"from": event.id, "to": None}, "max_places": {"from": 30, "to": None}})


def test_tracking_gender_and_migrant_experience_are_recorded_only_as_changed(factory):
    person = factory.person("Ana Example", gender="woman")
    person.gender = "prefer-not"
    person.gender_description = "in my own words"
    person.migrant_experience = "yes"
    person.job_title = "Director"
    db.session.commit()
    created, changed = entries(object_type="person")
    assert changes(created) == {"first_name": {"from": None, "to": "Ana"},
                                "gender": {"changed": True},
                                "last_name": {"from": None, "to": "Example"}}
    assert changes(changed) == {
        "gender": {"changed": True}, "gender_description": {"changed": True},
        "job_title": {"from": "", "to": "Director"}, "migrant_experience": {"changed": True}}
    stored = " ".join(e.changes for e in entries())
    for value in ("woman", "prefer-not", "in my own words", '"yes"'):
        assert value not in stored


def test_tracking_feed_token_value_never_reaches_the_trail_and_revocation_is_named(factory):
    user = factory.user()
    token = regenerate(user.id).token
    db.session.commit()
    revoke(user.id)
    db.session.commit()
    created, revoked = entries(object_type="calendar feed")
    assert (created.action, changes(created)["token"]) == ("created", {"changed": True})
    assert (revoked.action, revoked.event_id) == ("revoked", None)
    assert token not in " ".join(e.changes for e in entries())
    assert db.session.scalar(select(FeedToken).where(FeedToken.user_id == user.id)) is None


def test_tracking_sensitive_fields_cover_gender_migrant_experience_and_feed_tokens(app_ctx):
    assert {("person", "gender"), ("person", "gender_description"),
            ("person", "migrant_experience"), ("calendar feed", "token")} <= sensitive_fields()


def test_tracking_outside_requests_and_commands_the_actor_is_the_system(factory):
    event = factory.event()
    event.capacity = 40
    db.session.commit()
    [entry] = entries(object_type="event", action="changed")
    assert (entry.actor_label, entry.actor_user_id) == (SYSTEM.label, None)
    assert changes(entry) == {"capacity": {"from": None, "to": 40}}


def test_tracking_one_flush_writes_its_entries_with_one_statement(factory, query_counter):
    event = factory.event()
    sessions = [factory.session(event) for _ in range(5)]
    for number, session in enumerate(sessions):
        session.title = f"Renamed {number}"
    with query_counter() as counter:
        db.session.flush()
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT")
               and "audit_entries" in s]
    assert len(inserts) == 1
    db.session.commit()
    assert len(entries(object_type="session", action="changed")) == 5
