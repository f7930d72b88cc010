"""Snapshots of a programme and the changes between two of them: pure functions.

A snapshot is plain JSON-able data, one entry per session that is not deleted, keyed by its
calendar UID (which never changes). The changelog of version N is `changes(snapshot N-1,
snapshot N)`; version 1 is compared with nothing, so every session in it is "added".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class Titled:
    """Something with a title in three languages, as eventapp.i18n.content reads it."""

    title: str
    title_fr: str = ""
    title_es: str = ""


@dataclass(frozen=True)
class Named:
    name: str
    name_fr: str = ""
    name_es: str = ""


@dataclass(frozen=True)
class SessionChange:
    """What changed about one session between two versions; empty parts did not change."""

    uid: str
    session_id: int
    session: Titled
    # Where and when the session is in the newer version (in the older one if cancelled).
    starts_at: datetime
    ends_at: datetime
    room: Named | None
    added: bool = False
    cancelled: bool = False
    # (start, end) before, UTC, when the session moved in time.
    old_time: tuple[datetime, datetime] | None = None
    # The room before (None: no room) when the room changed.
    room_changed: bool = False
    old_room: Named | None = None
    old_title: Titled | None = None
    speakers_added: tuple[str, ...] = ()
    speakers_removed: tuple[str, ...] = ()

    @property
    def moved_in_time(self) -> bool:
        return self.old_time is not None


def snapshot(sessions: Iterable) -> dict:
    """The programme as data: sessions with their room and speakers loaded in."""
    entries = []
    for s in sessions:
        if s.status == "deleted":
            continue
        room = s.room
        speakers: dict[int, str] = {}
        for slot in s.slots:
            speakers.setdefault(slot.person.id, slot.person.display_name)
        entries.append({
            "uid": s.uid, "id": s.id, "status": s.status,
            "title": s.title, "title_fr": s.title_fr or "", "title_es": s.title_es or "",
            "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat(),
            "room": None if room is None else {
                "id": room.id, "name": room.name, "name_fr": room.name_fr or "",
                "name_es": room.name_es or ""},
            "speakers": [{"id": pid, "name": name} for pid, name in sorted(speakers.items())],
        })
    entries.sort(key=lambda e: (e["starts_at"], e["id"]))
    return {"format": SNAPSHOT_FORMAT, "sessions": entries}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str) -> dict:
    return json.loads(text)


def _scheduled(data: Mapping | None) -> dict[str, dict]:
    if not data:
        return {}
    return {e["uid"]: e for e in data["sessions"] if e["status"] == "scheduled"}


def _titled(entry: Mapping) -> Titled:
    return Titled(entry["title"], entry["title_fr"], entry["title_es"])


def _room(entry: Mapping) -> Named | None:
    room = entry["room"]
    return None if room is None else Named(room["name"], room["name_fr"], room["name_es"])


def _times(entry: Mapping) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(entry["starts_at"]), datetime.fromisoformat(entry["ends_at"])


def _change(old: Mapping, new: Mapping) -> SessionChange | None:
    parts: dict = {}
    if (old["starts_at"], old["ends_at"]) != (new["starts_at"], new["ends_at"]):
        parts["old_time"] = _times(old)
    old_room_id = old["room"]["id"] if old["room"] else None
    new_room_id = new["room"]["id"] if new["room"] else None
    if old_room_id != new_room_id:
        parts.update(room_changed=True, old_room=_room(old))
    if old["title"] != new["title"]:
        parts["old_title"] = _titled(old)
    old_people = {p["id"]: p["name"] for p in old["speakers"]}
    new_people = {p["id"]: p["name"] for p in new["speakers"]}
    added = tuple(sorted(new_people[i] for i in new_people.keys() - old_people.keys()))
    removed = tuple(sorted(old_people[i] for i in old_people.keys() - new_people.keys()))
    if added:
        parts["speakers_added"] = added
    if removed:
        parts["speakers_removed"] = removed
    if not parts:
        return None
    return _session_change(new, **parts)


def _session_change(entry: Mapping, **parts: object) -> SessionChange:
    return SessionChange(entry["uid"], entry["id"], _titled(entry), *_times(entry),
                         _room(entry), **parts)


def changes(before: Mapping | None, after: Mapping) -> list[SessionChange]:
    """What changed from `before` (None: nothing published yet) to `after`, in the order of
    the programme (by start time), cancelled sessions at their old place."""
    old, new = _scheduled(before), _scheduled(after)
    found: list[tuple[str, int, SessionChange]] = []
    for uid, entry in new.items():
        if uid not in old:
            found.append((entry["starts_at"], entry["id"], _session_change(entry, added=True)))
            continue
        change = _change(old[uid], entry)
        if change is not None:
            found.append((entry["starts_at"], entry["id"], change))
    for uid, entry in old.items():
        if uid not in new:
            found.append((entry["starts_at"], entry["id"],
                          _session_change(entry, cancelled=True)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [change for _, _, change in found]
