"""Merging people or organizations is on the audit trail, in the merge's transaction, and a
merge of people moves their check-ins (registration/merge.py, attendance/checkins.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from eventapp.attendance.models import CheckIn
from eventapp.extensions import db
from eventapp.registration.merge import MergeError, merge_people
from eventapp.registration.models import Registration
from eventapp.registration.organizations import OrganizationError, merge_into
from tests.audit.helpers import changes, entries
from tests.conftest import login
from tests.factories import utc

DAY_ONE, DAY_TWO = date(2018, 3, 26), date(2018, 3, 27)


def _check_in(registration: Registration, day: date, hour: int, desk: str) -> CheckIn:
    row = CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day,
                  checked_in_at=utc(day.year, day.month, day.day, hour), desk=desk)
    db.session.add(row)
    db.session.commit()
    return row


def _check_ins() -> list[tuple[int, date, str, bool]]:
    db.session.expire_all()
    return [(row.registration_id, row.day, row.desk, row.undone_at is not None)
            for row in db.session.scalars(select(CheckIn).order_by(CheckIn.id))]


def test_merge_people_moves_check_ins_and_keeps_the_earlier_of_one_day(factory):
    event = factory.event(slug="idm")
    keep, drop = factory.person("Ana Lima"), factory.person("Ana Lima")
    kept = factory.registration(event, keep, status="approved")
    dropped = factory.registration(event, drop, status="pending")
    _check_in(kept, DAY_ONE, 15, "Door A")
    _check_in(dropped, DAY_ONE, 14, "Door B")
    _check_in(dropped, DAY_TWO, 14, "Door C")

    result = merge_people(keep, drop, event_id=event.id)

    assert result.moved_elsewhere == {"check-ins moved": 2, "check-ins undone": 1}
    # Door B's was earlier on day one: it stands, Door A's is undone; day two moves as it was.
    assert _check_ins() == [(kept.id, DAY_ONE, "Door A", True),
                            (kept.id, DAY_ONE, "Door B", False),
                            (kept.id, DAY_TWO, "Door C", False)]
    [undone] = entries(object_type="check-in", action="undone by a merge")
    assert undone.event_id == event.id
    moved = entries(object_type="check-in", action="moved by a merge")
    assert [changes(e)["registration_id"] for e in moved] == [
        {"from": dropped.id, "to": kept.id}, {"from": dropped.id, "to": kept.id}]


def test_merge_people_undone_check_ins_move_without_counting(factory):
    event = factory.event(slug="idm")
    keep, drop = factory.person("Bo Chen"), factory.person("Bo Chen")
    kept = factory.registration(event, keep)
    dropped = factory.registration(event, drop, status="declined")
    _check_in(kept, DAY_ONE, 15, "Door A")
    mistaken = _check_in(dropped, DAY_ONE, 14, "Door B")
    mistaken.undone_at = utc(2018, 3, 26, 14, 5)
    db.session.commit()

    result = merge_people(keep, drop)

    assert result.moved_elsewhere == {"check-ins moved": 1, "check-ins undone": 0}
    assert _check_ins() == [(kept.id, DAY_ONE, "Door A", False),
                            (kept.id, DAY_ONE, "Door B", True)]


def test_merge_people_writes_who_merged_what_into_what_on_each_event(client, factory):
    one, two = factory.event(slug="one"), factory.event(slug="two")
    owner = factory.member(one, role="organizer", user=factory.user(email="org@example.org"))
    keep = factory.person("Ana Lima")
    drop = factory.person("Ana Lima", email="ana@example.org")
    kept = factory.registration(one, keep)
    dropped_one = factory.registration(one, drop, status="pending")
    moved = factory.registration(two, drop, status="pending")
    _check_in(dropped_one, DAY_ONE, 14, "Door B")
    session = factory.session(two)
    slot = factory.slot(session, drop, role="panelist")
    keep_id, drop_id = keep.id, drop.id
    login(client, owner)

    response = client.post("/organize/events/one/registrations/merge?q=lima",
                           data={"keep": keep_id, "drop": drop_id, "confirm": "y"})

    assert response.status_code == 302
    merged = entries(action="merged")
    assert [(e.event_id, e.actor_label, e.object_type, e.object_id, e.object_label)
            for e in merged] == [(one.id, "org@example.org", "person", keep_id, "Ana Lima"),
                                 (two.id, "org@example.org", "person", keep_id, "Ana Lima")]
    assert changes(merged[0]) == {
        "record": {"from": f"Ana Lima ({drop_id})", "to": f"Ana Lima ({keep_id})"},
        "registrations moved": {"from": None, "to": 1},
        "registrations combined": {"from": None, "to": 1},
        "speaking slots moved": {"from": None, "to": 1},
        "check-ins moved": {"from": None, "to": 1},
    }
    # One request, one batch: the merge's entries are one click from each other.
    assert len({e.batch_id for e in entries(actor_label="org@example.org")}) == 1
    [combined] = entries(action="combined by a merge")
    assert (combined.object_id, changes(combined)["kept registration"]) == (
        dropped_one.id, {"from": None, "to": kept.id})
    [registration_moved] = entries(object_type="registration", action="moved by a merge")
    assert (registration_moved.object_id, registration_moved.subject,
            changes(registration_moved)["person_id"]) == (
        moved.id, f"registration:{moved.id}", {"from": drop_id, "to": keep_id})
    [slot_moved] = entries(object_type="speaker", action="moved by a merge")
    assert (slot_moved.event_id, slot_moved.object_id, slot_moved.subject,
            changes(slot_moved)) == (
        two.id, slot.id, f"session:{session.id}",
        {"person": {"from": f"Ana Lima ({drop_id})", "to": f"Ana Lima ({keep_id})"}})


def test_merge_people_refused_writes_nothing(factory):
    event = factory.event(slug="idm")
    keep = factory.person("Cy Dee", user=factory.user())
    drop = factory.person("Cy Dee", user=factory.user())
    factory.registration(event, drop)
    before = len(entries())
    with pytest.raises(MergeError, match="Both records belong to user accounts."):
        merge_people(keep, drop, event_id=event.id)
    assert len(entries()) == before
    assert entries(action="merged") == []


def test_merge_organizations_writes_what_moved_per_event(client, factory):
    one, two = factory.event(slug="one"), factory.event(slug="two")
    owner = factory.member(one, role="organizer", user=factory.user(email="org@example.org"))
    typo = factory.organization("Nouvele ONG", category="civil-society", country="FR")
    typo.is_confirmed = False
    right = factory.organization("Nouvelle ONG", category="civil-society", country="FR")
    first = factory.registration(one, factory.person("Ana Lima", organization=typo))
    second = factory.registration(two, factory.person("Bo Chen", organization=typo))
    typo_id, right_id = typo.id, right.id
    login(client, owner)

    response = client.post(f"/organize/events/one/organizations/{typo_id}/merge",
                           data={"into": right_id})

    assert response.status_code == 302
    names = {"from": f"Nouvele ONG ({typo_id})", "to": f"Nouvelle ONG ({right_id})"}
    assert [(e.event_id, e.actor_label, e.object_id, e.object_label, changes(e))
            for e in entries(action="merged")] == [
        (one.id, "org@example.org", right_id, "Nouvelle ONG",
         {"organization": names, "registrations moved": {"from": None, "to": 1}}),
        (two.id, "org@example.org", right_id, "Nouvelle ONG",
         {"organization": names, "registrations moved": {"from": None, "to": 1}}),
    ]
    assert [(e.event_id, e.object_id, e.object_label, e.subject, changes(e))
            for e in entries(object_type="registration", action="moved by a merge")] == [
        (one.id, first.id, "Ana Lima", f"registration:{first.id}", {"organization": names}),
        (two.id, second.id, "Bo Chen", f"registration:{second.id}", {"organization": names}),
    ]
    [deleted] = entries(object_type="organization", action="deleted")
    assert deleted.object_id == typo_id


def test_merge_organizations_refused_writes_nothing(factory):
    event = factory.event(slug="idm")
    typo = factory.organization("Nouvele ONG", category="civil-society", country="FR")
    typo.is_confirmed = False
    unconfirmed = factory.organization("Autre ONG", category="civil-society", country="FR")
    unconfirmed.is_confirmed = False
    factory.registration(event, factory.person("Ana Lima", organization=typo))
    db.session.commit()
    before = len(entries())
    with pytest.raises(OrganizationError, match="Merge into a confirmed organization."):
        merge_into(typo, unconfirmed)
    db.session.rollback()
    assert len(entries()) == before
