from __future__ import annotations

from eventapp.extensions import db
from eventapp.fragment_cache import VersionedCache
from eventapp.versioning import PEOPLE, current_versions, event_stamp, programme_scope


def test_versions_change_with_programme_and_people_edits(factory):
    event = factory.event("ev")
    session = factory.session(event)
    factory.person("First Person")
    before = current_versions([programme_scope(event.id), PEOPLE])
    assert before is not None
    session.title = "Renamed"
    db.session.commit()
    after_session = current_versions([programme_scope(event.id), PEOPLE])
    assert dict(after_session)[programme_scope(event.id)] != dict(before)[programme_scope(event.id)]
    assert dict(after_session)[PEOPLE] == dict(before)[PEOPLE]
    factory.person("New Person")
    after_person = current_versions([programme_scope(event.id), PEOPLE])
    assert dict(after_person)[PEOPLE] != dict(after_session)[PEOPLE]


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
