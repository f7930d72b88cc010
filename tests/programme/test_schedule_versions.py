"""The changelog between two snapshots, exactly, without a database."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from eventapp.programme.schedule_versions import (
    Named,
    SessionChange,
    Titled,
    changes,
    dumps,
    loads,
    snapshot,
)


def _entry(uid: str, ident: int, start: str, end: str, *, title: str | None = None,
           room: tuple[int, str] | None = (1, "Room A"), status: str = "scheduled",
           speakers: tuple[tuple[int, str], ...] = ()) -> dict:
    return {
        "uid": uid, "id": ident, "status": status, "title": title or f"Session {uid}",
        "title_fr": "", "title_es": "", "starts_at": start, "ends_at": end,
        "room": None if room is None else {"id": room[0], "name": room[1], "name_fr": "",
                                           "name_es": ""},
        "speakers": [{"id": pid, "name": name} for pid, name in speakers],
    }


def _snap(*entries: dict) -> dict:
    return {"format": 1, "sessions": list(entries)}


T10 = "2018-03-26T14:00:00+00:00"
T11 = "2018-03-26T15:00:00+00:00"
T12 = "2018-03-26T16:00:00+00:00"
T13 = "2018-03-26T17:00:00+00:00"


def _utc(hour: int) -> datetime:
    return datetime(2018, 3, 26, hour, tzinfo=UTC)


def test_changes_of_first_version_lists_every_scheduled_session_as_added() -> None:
    after = _snap(_entry("b", 2, T11, T12), _entry("a", 1, T10, T11),
                  _entry("c", 3, T10, T11, status="cancelled"))

    assert changes(None, after) == [
        SessionChange("a", 1, Titled("Session a"), _utc(14), _utc(15), Named("Room A"),
                      added=True),
        SessionChange("b", 2, Titled("Session b"), _utc(15), _utc(16), Named("Room A"),
                      added=True),
    ]


def test_changes_between_two_versions_are_exact() -> None:
    ana, ben, eva = (7, "Ana Lopez"), (8, "Ben Okafor"), (9, "Eva Novak")
    before = _snap(
        _entry("same", 1, T10, T11, speakers=(ana,)),
        _entry("moved", 2, T10, T11),
        _entry("roomed", 3, T11, T12),
        _entry("people", 4, T12, T13, speakers=(ana, ben)),
        _entry("gone", 5, T12, T13),
        _entry("deleted", 6, T12, T13),
        _entry("renamed", 7, T12, T13, title="Old title"),
    )
    after = _snap(
        _entry("same", 1, T10, T11, speakers=(ana,)),
        _entry("moved", 2, T12, T13),
        _entry("roomed", 3, T11, T12, room=None),
        _entry("people", 4, T12, T13, speakers=(ben, eva)),
        _entry("gone", 5, T12, T13, status="cancelled"),
        _entry("renamed", 7, T12, T13, title="New title"),
        _entry("new", 8, T11, T12, room=(2, "Room B")),
    )

    assert changes(before, after) == [
        SessionChange("roomed", 3, Titled("Session roomed"), _utc(15), _utc(16), None,
                      room_changed=True, old_room=Named("Room A")),
        SessionChange("new", 8, Titled("Session new"), _utc(15), _utc(16), Named("Room B"),
                      added=True),
        SessionChange("moved", 2, Titled("Session moved"), _utc(16), _utc(17),
                      Named("Room A"), old_time=(_utc(14), _utc(15))),
        SessionChange("people", 4, Titled("Session people"), _utc(16), _utc(17),
                      Named("Room A"), speakers_added=("Eva Novak",),
                      speakers_removed=("Ana Lopez",)),
        SessionChange("gone", 5, Titled("Session gone"), _utc(16), _utc(17), Named("Room A"),
                      cancelled=True),
        SessionChange("deleted", 6, Titled("Session deleted"), _utc(16), _utc(17),
                      Named("Room A"), cancelled=True),
        SessionChange("renamed", 7, Titled("New title"), _utc(16), _utc(17), Named("Room A"),
                      old_title=Titled("Old title")),
    ]


def test_changes_of_same_snapshot_are_empty() -> None:
    snap = _snap(_entry("a", 1, T10, T11, speakers=((1, "Ana"),)))

    assert changes(snap, loads(dumps(snap))) == []


def test_changes_of_reinstated_session_is_added() -> None:
    before = _snap(_entry("a", 1, T10, T11, status="cancelled"))
    after = _snap(_entry("a", 1, T10, T11))

    assert [c.added for c in changes(before, after)] == [True]


def test_snapshot_keeps_sessions_not_deleted_with_their_room_and_speakers() -> None:
    room = SimpleNamespace(id=4, name="Hall", name_fr="Salle", name_es="")
    person = SimpleNamespace(id=3, display_name="Ana Lopez")
    slots = [SimpleNamespace(person=person), SimpleNamespace(person=person)]
    kept = SimpleNamespace(uid="u1", id=1, status="cancelled", title="T", title_fr="", title_es="E",
                           starts_at=_utc(14), ends_at=_utc(15), room=room, slots=slots)
    gone = SimpleNamespace(uid="u2", id=2, status="deleted", title="X", title_fr="",
                           title_es="", starts_at=_utc(14), ends_at=_utc(15), room=None, slots=[])

    assert snapshot([gone, kept]) == {"format": 1, "sessions": [{
        "uid": "u1", "id": 1, "status": "cancelled", "title": "T", "title_fr": "",
        "title_es": "E", "starts_at": "2018-03-26T14:00:00+00:00",
        "ends_at": "2018-03-26T15:00:00+00:00",
        "room": {"id": 4, "name": "Hall", "name_fr": "Salle", "name_es": ""},
        "speakers": [{"id": 3, "name": "Ana Lopez"}],
    }]}
