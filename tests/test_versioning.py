from __future__ import annotations

from flask import g
from sqlalchemy import select

from eventapp import fragment_cache
from eventapp.balance.views import _report_versions
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.fragment_cache import VersionedCache
from eventapp.programme.models import Session as ProgrammeSession
from eventapp.versioning import (
    PEOPLE,
    current_versions,
    event_stamp,
    programme_scope,
    registrations_scope,
)


def test_versions_change_with_programme_and_people_edits(factory):
    event = factory.event("ev")
    session = factory.session(event)
    factory.category()  # categories are created: the people version is set
    before = current_versions([programme_scope(event.id), PEOPLE])
    assert before is not None
    session.title = "Renamed"
    db.session.commit()
    after_session = current_versions([programme_scope(event.id), PEOPLE])
    assert dict(after_session)[programme_scope(event.id)] != dict(before)[programme_scope(event.id)]
    assert dict(after_session)[PEOPLE] == dict(before)[PEOPLE]
    factory.category("civil-society").name = "Civil society (renamed)"
    db.session.commit()
    after_category = current_versions([programme_scope(event.id), PEOPLE])
    assert dict(after_category)[PEOPLE] != dict(after_session)[PEOPLE]


def test_versions_are_none_until_scope_first_changes(factory):
    event = factory.event("fresh")
    assert current_versions([programme_scope(event.id)]) is None
    stamp = event_stamp("fresh")
    assert stamp is not None
    assert stamp[0] == event.id and stamp[1] is True and stamp[2][0] is None
    assert event_stamp("no-such-event") is None


def test_versioned_cache_evicts_oldest_entries():
    cache = VersionedCache(max_entries=2)
    builds = []
    for key in ("a", "b", "c", "a"):
        cache.get_or_build(key, lambda key=key: builds.append(key) or key)
    assert builds == ["a", "b", "c", "a"]
    assert cache.get_or_build("c", lambda: "rebuilt") == "c"


def test_scopes_touched_by_floor_request_is_the_event_floor_only(factory):
    from eventapp.floor.models import FloorRequest, SpeakersList
    from eventapp.versioning import scopes_touched_by

    assert scopes_touched_by(SpeakersList(event_id=7, session_id=1)) == {"floor:7"}
    assert scopes_touched_by(FloorRequest(event_id=7, list_id=1, person_id=1)) == {"floor:7"}


def _web_registration(factory, event) -> None:
    """What a first-time web registration writes: an organization, a person, a registration."""
    from eventapp.people.models import Organization, Person
    from eventapp.registration.models import Registration

    org = Organization(name="Newcomer NGO", name_key="newcomer ngo",
                       category=factory.category("civil-society"), country="KE",
                       is_confirmed=False)
    person = Person(first_name="New", last_name="Participant", organization=org,
                    email="newcomer@example.org")
    db.session.add(Registration(event=event, person=person, organization=org,
                                category=factory.category("civil-society"), status="pending"))
    db.session.commit()


def _etags(client, slug: str) -> tuple[str, str]:
    return (client.get(f"/events/{slug}/agenda").get_data(as_text=True),
            client.get(f"/events/{slug}/calendar.ics").headers["ETag"])


def test_registration_in_other_event_leaves_programme_versions_and_etags(client, factory):
    event_a = factory.event("event-a")
    speaker = factory.person("Ana Lopez", organization=factory.organization("City of A"))
    factory.slot(factory.session(event_a, title="Opening"), speaker)
    event_b = factory.event("event-b")
    factory.session(event_b, title="Other opening")
    before_versions = current_versions([programme_scope(event_a.id)])
    agenda_before, etag_before = _etags(client, "event-a")
    builds = fragment_cache.cache.builds

    _web_registration(factory, event_b)

    assert current_versions([programme_scope(event_a.id)]) == before_versions
    agenda_after, etag_after = _etags(client, "event-a")
    assert etag_after == etag_before
    assert agenda_after == agenda_before
    assert fragment_cache.cache.builds == builds  # both answered from the cache
    assert dict(current_versions([registrations_scope(event_b.id)]))[
        registrations_scope(event_b.id)] is not None


def test_participant_profile_edit_leaves_programme_versions(factory):
    event = factory.event("quiet")
    factory.slot(factory.session(event))
    participant = factory.person("Pat Participant", organization=factory.organization("Org P"))
    factory.registration(event, participant)
    programme = current_versions([programme_scope(event.id)])
    registrations = current_versions([registrations_scope(event.id)])
    participant.job_title = "Adviser"
    participant.organization.name = "Org P renamed"
    db.session.commit()
    assert current_versions([programme_scope(event.id)]) == programme
    assert current_versions([registrations_scope(event.id)]) != registrations


def test_renaming_a_speaker_changes_only_the_events_where_they_speak(client, factory):
    event_a = factory.event("speaks-here")
    event_b = factory.event("not-here")
    org = factory.organization("Ministry of A")
    speaker = factory.person("Ana Lopez", organization=org)
    factory.slot(factory.session(event_a, title="Opening"), speaker)
    factory.slot(factory.session(event_b, title="Elsewhere"))
    a_before = _etags(client, "speaks-here")
    b_before = _etags(client, "not-here")

    speaker.last_name = "Lopez-Garcia"
    db.session.commit()
    a_after = _etags(client, "speaks-here")
    assert a_after[1] != a_before[1]
    assert "Ana Lopez-Garcia" in a_after[0] and "Ana Lopez-Garcia" not in a_before[0]
    assert _etags(client, "not-here") == b_before

    org.name = "Ministry of A (renamed)"
    db.session.commit()
    assert "Ministry of A (renamed)" in _etags(client, "speaks-here")[0]
    assert _etags(client, "not-here") == b_before


def test_speaker_changing_organization_changes_their_programme(factory):
    event = factory.event("moves")
    speaker = factory.person("Moving Speaker")
    factory.slot(factory.session(event), speaker)
    new_home = factory.organization("Joined later")
    before = current_versions([programme_scope(event.id)])
    speaker.organization = new_home
    db.session.commit()
    assert current_versions([programme_scope(event.id)]) != before


def test_category_rename_changes_programmes_whose_speakers_carry_it(factory):
    event = factory.event("cat")
    other = factory.event("cat-other")
    factory.slot(factory.session(event),
                 factory.person(organization=factory.organization(category="un-system")))
    factory.slot(factory.session(other),
                 factory.person(organization=factory.organization(category="government")))
    before, other_before = (current_versions([programme_scope(e.id)]) for e in (event, other))
    factory.category("un-system").name = "UN system (renamed)"
    db.session.commit()
    assert current_versions([programme_scope(event.id)]) != before
    assert current_versions([programme_scope(other.id)]) == other_before


def test_people_scopes_cost_one_query_per_flush(factory, query_counter):
    event = factory.event("count")
    people = [factory.person() for _ in range(5)]
    for person in people:
        factory.slot(factory.session(event), person)
    for person in people:
        db.session.refresh(person)
        person.job_title = "Changed"
    with query_counter() as counted:
        db.session.flush()
    # One lookup of the events shown, the updates in one batch, the five audit entries in
    # one batch, one update of the five sessions' versions, one version upsert.
    assert [s.split()[0] for s in counted.statements] == [
        "SELECT", "UPDATE", "INSERT", "UPDATE", "INSERT"]
    assert "audit_entries" in counted.statements[2]
    db.session.commit()


def test_web_registration_in_other_event_leaves_agenda_and_feed_cached(app, client,
                                                                        factory):
    event_a = factory.event("dialogue-a")
    factory.slot(factory.session(event_a, title="Opening"), factory.person("Ana Lopez"))
    factory.event("dialogue-b", capacity=10, auto_approve=True)
    factory.registration(event_a)
    before = _etags(client, "dialogue-a")
    report_before = _report_versions(event_a)
    builds = fragment_cache.cache.builds

    response = app.test_client().post("/events/dialogue-b/register", data={
        "email": "amina.yusuf@example.org", "password": "a long enough password",
        "confirm": "a long enough password", "first_name": "Amina", "last_name": "Yusuf",
        "category": str(factory.category("civil-society").id), "organization": "new",
        "new_organization_name": "Migrant Rights Network", "new_organization_country": "ke",
        "new_organization_level": "regional", "delegation_role": "head",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    # The test's application context outlives requests and keeps the newcomer's login.
    g.pop("_login_user", None)

    assert _etags(client, "dialogue-a") == before
    assert fragment_cache.cache.builds == builds
    assert _report_versions(event_a) == report_before  # the balance report stays cached too


def test_merging_a_speakers_organization_changes_their_programme_only(client, factory):
    from eventapp.registration.organizations import merge_into

    event = factory.event("merged")
    other = factory.event("untouched")
    typo = factory.organization("Migrant Rigths Network")
    typo.is_confirmed = False
    keep = factory.organization("Migrant Rights Network")
    factory.slot(factory.session(event, title="Opening"),
                 factory.person("Ana Lopez", organization=typo))
    factory.slot(factory.session(other))
    other_before = _etags(client, "untouched")
    assert "Migrant Rigths Network" in _etags(client, "merged")[0]

    merge_into(typo, keep)
    db.session.commit()

    agenda = _etags(client, "merged")[0]
    assert "Migrant Rights Network" in agenda and "Rigths" not in agenda
    assert _etags(client, "untouched") == other_before


def _registrations_versions(*events) -> dict[int, str | None]:
    from eventapp.versioning import ContentVersion

    return {event.id: db.session.get(ContentVersion, registrations_scope(event.id)).version
            for event in events}


def test_confirming_an_email_changes_only_the_registrations_of_their_persons_events(factory):
    shown, other = factory.event("shown"), factory.event("other")
    user = factory.user(email="ana@example.org")
    factory.registration(shown, factory.person("Ana Lima", user=user))
    factory.registration(other, factory.person("Bo Chen"))
    programme_before = current_versions([programme_scope(shown.id)])
    before = _registrations_versions(shown, other)

    user.set_password("another long password")  # what a list does not show
    db.session.commit()
    assert _registrations_versions(shown, other) == before

    user.email_verified_at = utcnow()
    db.session.commit()
    after = _registrations_versions(shown, other)
    assert after[shown.id] != before[shown.id]
    assert after[other.id] == before[other.id]
    assert current_versions([programme_scope(shown.id)]) == programme_before


def test_event_settings_and_quotas_change_its_registrations_version(factory):
    from eventapp.registration.models import CategoryQuota

    event, other = factory.event("settings"), factory.event("untouched")
    factory.registration(event)
    factory.registration(other)
    before = _registrations_versions(event, other)
    event.capacity = 40
    db.session.commit()
    after_capacity = _registrations_versions(event, other)
    db.session.add(CategoryQuota(event_id=event.id, category_id=factory.category().id,
                                 max_percent=50))
    db.session.commit()
    after_quota = _registrations_versions(event, other)

    assert after_capacity[event.id] != before[event.id]
    assert after_quota[event.id] != after_capacity[event.id]
    assert after_quota[other.id] == after_capacity[other.id] == before[other.id]


def test_a_session_version_raised_by_a_flush_is_set_on_its_loaded_row(factory, query_counter):
    event = factory.event()
    session = factory.session(event, title="Before")
    before = session.content_version
    session.title = "After"
    db.session.flush()
    with query_counter() as counter:
        version = session.content_version
    assert counter.count == 0
    assert version not in (None, before)
    assert version == db.session.scalar(
        select(ProgrammeSession.content_version).where(ProgrammeSession.id == session.id))
def test_check_in_and_its_undoing_raise_the_attendance_version_only(factory):
    from eventapp.attendance.checkins import check_in, undo_check_in
    from eventapp.versioning import attendance_scope

    event = factory.event("door")
    factory.session(event)
    registration = factory.registration(event)
    scopes = [programme_scope(event.id), registrations_scope(event.id)]
    before = {scope: dict(current_versions(scopes))[scope] for scope in scopes}

    result = check_in(event, registration, desk="Door A", user_id=None)
    after_check_in = dict(current_versions([*scopes, attendance_scope(event.id)]))
    undo_check_in(result.check_in, user_id=None)
    db.session.commit()
    after_undo = dict(current_versions([*scopes, attendance_scope(event.id)]))

    assert {scope: after_check_in[scope] for scope in scopes} == before
    assert {scope: after_undo[scope] for scope in scopes} == before
    assert after_undo[attendance_scope(event.id)] != after_check_in[attendance_scope(event.id)]
