"""Accreditation decisions, bulk actions and imports on the audit trail: one entry per
person, with the organizer, the reason and one batch id per action."""

from __future__ import annotations

import io

from eventapp.extensions import db
from eventapp.registration.models import CategoryQuota
from eventapp.registration.statuses import change_statuses
from tests.audit.helpers import changes, entries
from tests.registration.test_csv_import import GOOD

BULK = "/organize/events/idm/registrations/bulk"


def test_audit_entries_decline_with_reason_names_organizer_and_reason(organizer_client,
                                                                       factory):
    event = factory.event(slug="idm")
    registration = factory.registration(event, factory.person("Ana Lima"), status="pending")

    organizer_client.post(f"/organize/events/idm/registrations/{registration.id}",
                          data={"status": "declined",
                                "message": "The dialogue is for accredited delegations."})

    [entry] = entries(object_type="registration", action="declined")
    assert (entry.event_id, entry.actor_label, entry.object_id, entry.object_label,
            changes(entry), entry.reason, entry.subject) == (
        event.id, "organizer@example.org", registration.id, "Ana Lima",
        {"status": {"from": "pending", "to": "declined"}},
        "The dialogue is for accredited delegations.", f"registration:{registration.id}")


def test_audit_entries_bulk_approval_records_each_person_in_one_batch(organizer_client,
                                                                       factory):
    event = factory.event(slug="idm")
    people = [factory.registration(event, factory.person(name), status="pending")
              for name in ("Ana Lima", "Bo Chen", "Cy Diallo")]
    already = factory.registration(event, factory.person("Di Approved"), status="approved")

    organizer_client.post(BULK, data={"ids": [str(r.id) for r in [*people, already]],
                                      "action": "approved", "message": "Welcome"})

    found = entries(object_type="registration", action="approved")
    assert [(e.object_id, e.object_label, changes(e), e.reason) for e in found] == [
        (r.id, name, {"status": {"from": "pending", "to": "approved"}}, "Welcome")
        for r, name in zip(people, ("Ana Lima", "Bo Chen", "Cy Diallo"), strict=True)]
    assert len({e.batch_id for e in found}) == 1
    assert {e.actor_label for e in found} == {"organizer@example.org"}


def test_audit_entries_approval_of_a_full_quota_says_what_was_full(factory):
    event = factory.event(capacity=10)
    db.session.add(CategoryQuota(event_id=event.id,
                                 category_id=factory.category("civil-society").id,
                                 max_places=1))
    db.session.commit()
    first, second = (factory.registration(event, factory.person(name),
                                          category="civil-society", status="pending")
                     for name in ("Ana Lima", "Bo Chen"))

    change_statuses(event.id, [first.id, second.id], "approved")

    approved, waitlisted = entries(object_type="registration")[-2:]
    assert (approved.object_id, approved.action) == (first.id, "approved")
    assert (waitlisted.object_id, waitlisted.action, changes(waitlisted)) == (
        second.id, "waitlisted", {"full": {"from": None, "to": "quota Civil society (1)"},
                                  "status": {"from": "pending", "to": "waitlisted"}})


def test_audit_entries_promotion_from_the_waiting_list_is_named(factory):
    event = factory.event(capacity=1)
    holder = factory.registration(event, factory.person("Ana Lima"), status="approved")
    waiting = factory.registration(event, factory.person("Bo Chen"), status="waitlisted")

    change_statuses(event.id, [holder.id], "cancelled", message="Cannot travel")

    cancelled, promoted = entries(object_type="registration")[-2:]
    assert (cancelled.object_id, cancelled.action, cancelled.reason) == (
        holder.id, "cancelled", "Cannot travel")
    assert (promoted.object_id, promoted.action, changes(promoted), promoted.reason) == (
        waiting.id, "promoted", {"status": {"from": "waitlisted", "to": "approved"}}, "")
    assert promoted.batch_id == cancelled.batch_id


def test_audit_entries_import_names_its_file_and_each_new_registration(organizer_client,
                                                                        factory):
    event = factory.event(slug="idm")
    factory.categories()
    earlier = {e.id for e in entries()}
    preview = organizer_client.post(
        "/organize/events/idm/registrations/import",
        data={"file": (io.BytesIO(GOOD.encode()), "delegations.csv")},
        content_type="multipart/form-data").get_data(as_text=True)
    content = preview.split('name="content" type="hidden" value="')[1].split('"')[0]
    assert 'name="filename" type="hidden" value="delegations.csv"' in preview

    organizer_client.post("/organize/events/idm/registrations/import/confirm",
                          data={"content": content, "filename": "delegations.csv"})

    found = [e for e in entries(event_id=event.id) if e.id not in earlier]
    created = [e.object_label for e in found if e.action == "created"
               and e.object_type == "registration"]
    assert created == ["Ana Lima", "Bo Chen", "Cy Diallo"]
    [imported] = [e for e in found if e.action == "imported"]
    assert (imported.object_label, changes(imported)) == ("delegations.csv", {
        "new people": {"from": None, "to": 3}, "new registrations": {"from": None, "to": 3},
        "updated registrations": {"from": None, "to": 0}})
    assert {e.context for e in found if e.object_type == "registration"} == {"delegations.csv"}
    assert {e.actor_label for e in found} == {"organizer@example.org"}
