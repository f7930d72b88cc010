"""Merging two records of one person: registrations, slots, account, details."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.programme.models import SpeakingSlot
from eventapp.registration.merge import MergeError, merge_people
from eventapp.registration.models import Registration


def _registrations(person_id: int) -> list[tuple[int, str, bool]]:
    db.session.expire_all()
    return db.session.execute(
        select(Registration.event_id, Registration.status, Registration.is_invited_speaker)
        .where(Registration.person_id == person_id).order_by(Registration.event_id)
    ).all()


def test_merge_moves_registrations_slots_account_and_fills_details(factory):
    one, two = factory.event(slug="one"), factory.event(slug="two")
    user = factory.user(email="ana@example.org")
    keep = factory.person("Ana Lima", job_title="")
    drop = factory.person("Ana Lima", user=user, email="ana@example.org", job_title="Director",
                          gender="woman")
    factory.registration(one, keep)
    factory.registration(two, drop, status="pending")
    session = factory.session(one)
    slot = factory.slot(session, drop, role="panelist")
    drop_id = drop.id

    result = merge_people(keep, drop)

    assert (result.moved_registrations, result.combined_registrations, result.moved_slots) == (
        1, 0, 1)
    assert db.session.get(Person, drop_id) is None
    assert _registrations(keep.id) == [(one.id, "approved", False), (two.id, "pending", False)]
    assert db.session.get(SpeakingSlot, slot.id).person_id == keep.id
    assert (keep.user_id, keep.email, keep.job_title, keep.gender) == (
        user.id, "ana@example.org", "Director", "woman")


def test_merge_same_event_keeps_strongest_status_and_combines_flags(factory):
    event = factory.event(slug="one", capacity=5)
    keep = factory.person("Bo Chen")
    drop = factory.person("Bo Chen")
    factory.registration(event, keep, status="waitlisted", accessibility_needs="Ramp")
    factory.registration(event, drop, status="approved", is_invited_speaker=True,
                         wishes_to_speak=True, speaking_topic="Remittances",
                         accessibility_needs="Captions")

    result = merge_people(keep, drop)

    assert result.combined_registrations == 1
    assert _registrations(keep.id) == [(event.id, "approved", True)]
    survivor = db.session.scalar(select(Registration).where(Registration.person_id == keep.id))
    assert (survivor.wishes_to_speak, survivor.speaking_topic, survivor.accessibility_needs) == (
        True, "Remittances", "Captions\nRamp")


def test_merge_two_approved_places_frees_one_for_the_waiting_list(factory):
    event = factory.event(slug="one", capacity=2, auto_approve=True)
    keep, drop = factory.person("Cy Diallo"), factory.person("Cy Diallo")
    factory.registration(event, keep, created_at=datetime(2018, 1, 1, tzinfo=UTC))
    factory.registration(event, drop, created_at=datetime(2018, 1, 2, tzinfo=UTC))
    waiting = factory.registration(event, status="waitlisted")

    result = merge_people(keep, drop)

    assert result.promoted == [waiting.id]
    assert _registrations(keep.id) == [(event.id, "approved", False)]
    assert db.session.get(Registration, waiting.id).status == "approved"


def test_merge_duplicate_slot_in_same_session_keeps_one(factory):
    event = factory.event(slug="one")
    keep, drop = factory.person("Di Eze"), factory.person("Di Eze")
    session = factory.session(event)
    kept_slot = factory.slot(session, keep, role="chair")
    factory.slot(session, drop, role="chair")
    other = factory.slot(session, drop, role="rapporteur")

    result = merge_people(keep, drop)

    assert (result.moved_slots, result.dropped_slots) == (1, 1)
    db.session.expire_all()
    assert db.session.scalars(select(SpeakingSlot.id).where(
        SpeakingSlot.session_id == session.id).order_by(SpeakingSlot.id)).all() == [
            kept_slot.id, other.id]


def test_merge_refuses_same_record_and_two_accounts(factory):
    a = factory.person("Ed Fox", user=factory.user())
    b = factory.person("Ed Fox", user=factory.user())
    with pytest.raises(MergeError, match="Choose two different records."):
        merge_people(a, a)
    with pytest.raises(MergeError, match="Both records belong to user accounts."):
        merge_people(a, b)
    assert db.session.get(Person, b.id) is not None


def test_merge_page_search_and_merge(organizer_client, factory):
    event = factory.event(slug="idm")
    keep = factory.person("Fay <b>Gold</b>")
    drop = factory.person("Fay <b>Gold</b>", email="fay@example.org")
    factory.registration(event, drop)

    page = organizer_client.get("/organize/events/idm/registrations/merge?q=fay")
    html = page.get_data(as_text=True)
    assert "&lt;b&gt;Gold&lt;/b&gt;" in html
    assert f'id="keep-{keep.id}"' in html and f'id="drop-{drop.id}"' in html

    refused = organizer_client.post("/organize/events/idm/registrations/merge?q=fay",
                                    data={"keep": keep.id, "drop": drop.id})
    assert refused.status_code == 400
    assert "Confirm that the records are the same person." in refused.get_data(as_text=True)

    done = organizer_client.post("/organize/events/idm/registrations/merge?q=fay",
                                 data={"keep": keep.id, "drop": drop.id, "confirm": "y"},
                                 follow_redirects=True)
    assert "1 registration(s) moved" in done.get_data(as_text=True)
    assert _registrations(keep.id) == [(event.id, "approved", False)]


def test_merge_moves_floor_requests_and_keeps_one_active_per_list(factory):
    from eventapp.floor import chair
    from eventapp.floor.models import FloorRequest

    event = factory.event(slug="floor-merge")
    session = factory.session(event, kind="interactive-dialogue")
    other_session = factory.session(event)
    keep = factory.person("Ana Lima")
    drop = factory.person("Ana Lima")
    shared = chair.open_list(session)
    only_drop = chair.open_list(other_session)
    for list_id, person in ((shared.id, keep), (shared.id, drop), (only_drop.id, drop)):
        db.session.add(FloorRequest(list_id=list_id, event_id=event.id, person_id=person.id,
                                    status="waiting", position=person.id))
    db.session.commit()
    drop_id = drop.id

    merge_people(keep, drop)

    rows = db.session.execute(
        select(FloorRequest.list_id, FloorRequest.person_id, FloorRequest.status)
        .order_by(FloorRequest.id)).all()
    assert [tuple(r) for r in rows] == [
        (shared.id, keep.id, "waiting"), (shared.id, keep.id, "withdrawn"),
        (only_drop.id, keep.id, "waiting")]
    assert db.session.get(Person, drop_id) is None


def test_merge_raises_the_versions_of_the_sessions_the_moved_slots_are_in(factory):
    from eventapp.versioning import current_versions, programme_scope, session_versions

    event = factory.event(slug="speaks")
    # Nothing to fill in on the kept record: only the bulk move touches the panel.
    keep = factory.person("Ana Lima", job_title="Director")
    drop = factory.person("Ana Lima")
    session = factory.session(event)
    factory.slot(session, drop)
    programme = [programme_scope(event.id)]
    before = (current_versions(programme), session_versions([session.id]))

    merge_people(keep, drop)
    db.session.commit()

    after = (current_versions(programme), session_versions([session.id]))
    assert [after[0] != before[0], after[1][session.id] != before[1][session.id]] \
        == [True, True]
