"""frab / c3voc schedule exports (schedule.xml and schedule.json) for conference apps.

Pure builders: an event with its loaded sessions and their URLs in, a document out. Both
formats come from one intermediate structure so they can never disagree. Only scheduled
sessions are exported: these apps have no notion of a cancelled talk.

Titles, descriptions, room and track names are in the current language; field names, keys,
ids, guids and slugs (made from the original title) are the same in every language.
"""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from eventapp.i18n.content import localized
from eventapp.programme.rules import listed_days
from eventapp.timeutil import local_to_utc

if TYPE_CHECKING:
    from eventapp.programme.models import Event, Session

GENERATOR = "eventapp"
# The language the sessions are held in (with interpretation), not that of the export's text.
LANGUAGE = "en"
NO_ROOM = _l("Room to be announced")
TIMESLOT = "00:15"
JSON_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
# The v1 JSON schema only accepts Area/City style names (or UTC) as time_zone_name.
_JSON_ZONE_RE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def acronym_for(slug: str) -> str:
    """Both schemas want [a-z0-9_], at least four characters; our slugs use hyphens."""
    return slug.replace("-", "_").ljust(4, "_")


def _slugify(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60].strip("-")


def session_slug(acronym: str, session_id: int, title: str) -> str:
    rest = "-".join(part for part in (str(session_id), _slugify(title)) if part)
    if len(rest) < 4:  # the XSD wants at least four characters after the acronym
        rest += "-session"
    return f"{acronym}-{rest}"


def _hhmm(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _guid(site_url: str, kind: str, ident: int) -> str:
    # Stable across exports of this site, and reveals nothing about the person.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url.rstrip('/')}/{kind}/{ident}"))


def _abstract(description: str) -> str:
    return description.strip().split("\n\n", 1)[0].strip()


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return local_to_utc(day, time(0, 0), zone).astimezone(zone)


def build_schedule(
    event: Event,
    sessions: Sequence[Session],
    *,
    event_url: str,
    site_url: str,
    session_urls: Mapping[int, str],
    version: str,
) -> dict:
    """The schedule as plain data, shaped like the c3voc JSON (v1)."""
    zone = event.zone
    acronym = acronym_for(event.slug)

    def item(session: Session, room_name: str) -> dict:
        return event_dict(session, zone, acronym, site_url, session_urls[session.id], room_name)

    return lay_out(event, sessions, event_url=event_url, site_url=site_url, version=version,
                   item=item)


def room_name_of(session: Session) -> str:
    """The name a session's room is listed under, in the current language."""
    return localized(session.room, "name") if session.room else str(NO_ROOM)


def lay_out(
    event: Event,
    sessions: Sequence[Session],
    *,
    event_url: str,
    site_url: str,
    version: str,
    item: Callable[[Session, str], object],
) -> dict:
    """The schedule's days, rooms and conference data, with `item(session, room name)` in
    each event's place, called in the order the events appear in both formats.

    The sessions need only what the layout reads: status, times, id, kind and room (with its
    id and names); the items are the only part that reads the rest.
    """
    zone = event.zone
    acronym = acronym_for(event.slug)
    shown = [s for s in sessions if s.status == "scheduled"]
    shown.sort(key=lambda s: (s.starts_at, s.id))
    by_day = {
        day: list(items)
        for day, items in groupby(shown, key=lambda s: s.starts_at.astimezone(zone).date())
    }
    all_days = listed_days(event.start_date, event.end_date, by_day)
    first, last = all_days[0], all_days[-1]

    # Each room's name once (its language is looked up on every call), then by session.
    room_names: dict[object, str] = {}
    for session in shown:
        if session.room not in room_names:
            room_names[session.room] = room_name_of(session)
    room_of = {session.id: room_names[session.room] for session in shown}

    rooms: dict[str, str] = {}
    for session in shown:
        room_name = room_of[session.id]
        ident = session.room.id if session.room else 0
        rooms.setdefault(room_name, _guid(site_url, f"events/{event.id}/rooms", ident))

    days = []
    for index, day in enumerate(all_days, start=1):
        items = by_day.get(day, [])
        if items:
            day_start = min(s.starts_at for s in items).astimezone(zone)
            day_end = max(s.ends_at for s in items).astimezone(zone)
        else:
            day_start = _local_midnight(day, zone)
            day_end = _local_midnight(day + timedelta(days=1), zone)
        day_rooms: dict[str, list] = {}
        for session in sorted(items, key=lambda s: (room_of[s.id], s.starts_at, s.id)):
            room_name = room_of[session.id]
            day_rooms.setdefault(room_name, []).append(item(session, room_name))
        days.append({
            "index": index,
            "date": day.isoformat(),
            "day_start": day_start.isoformat(),
            "day_end": day_end.isoformat(),
            "rooms": day_rooms,
        })

    # A kind's label depends on the kind alone: translated once per kind.
    one_of_kind = {s.kind: s for s in shown}
    kinds = sorted((kind, session.kind_label) for kind, session in one_of_kind.items())
    conference = {
        "acronym": acronym,
        "title": localized(event, "title"),
        "start": first.isoformat(),
        "end": last.isoformat(),
        "daysCount": len(all_days),
        "timeslot_duration": TIMESLOT,
        "time_zone_name": event.timezone,
        "url": event_url,
        "tracks": [{"name": label, "slug": kind} for kind, label in kinds],
        "rooms": [{"name": name, "guid": guid} for name, guid in sorted(rooms.items())],
        "days": days,
    }
    theme = localized(event, "theme")
    if theme:
        conference["description"] = theme
    return {
        "$schema": JSON_SCHEMA_URL,
        "generator": {"name": GENERATOR, "version": version},
        "schedule": {"version": version, "base_url": site_url, "conference": conference},
    }


def event_dict(session: Session, zone: ZoneInfo, acronym: str, site_url: str, url: str,
               room_name: str) -> dict:
    """One event of the schedule (the same dict in both formats)."""
    start = session.starts_at.astimezone(zone)
    description = localized(session, "description")
    return {
        "guid": session.uid,
        "id": session.id,
        "date": start.isoformat(),
        "start": f"{start:%H:%M}",
        "end": session.ends_at.astimezone(zone).isoformat(),
        "duration": _hhmm(session.ends_at - session.starts_at),
        "room": room_name,
        "slug": session_slug(acronym, session.id, session.title),
        "url": url,
        "title": localized(session, "title"),
        "subtitle": "",
        "track": session.kind_label,
        "type": session.kind,
        "language": LANGUAGE,
        "abstract": _abstract(description),
        "description": description,
        "persons": [
            {
                "id": slot.person.id,
                "guid": _guid(site_url, "persons", slot.person.id),
                "name": slot.person.display_name,
            }
            for slot in session.slots
        ],
        "links": [],
        "attachments": [],
    }


# What stands for one event in a skeleton: the export without its events, into which each
# event's piece, serialised on its own, is joined (eventapp.calendars.schedule_pieces).
PIECE = "\x00piece"
# How deep an event sits in each document: in the JSON, schedule > conference > days > day >
# rooms > room > event; in the XML, schedule > day > room > event.
_JSON_EVENT_DEPTH = 7
_XML_EVENT_LEVEL = 3
_JSON_INDENT = "\n" + " " * _JSON_EVENT_DEPTH
# A marker alone on its line at the events' depth: no other value of the skeleton is there.
_JSON_MARK = _JSON_INDENT + json.dumps(PIECE)
_XML_MARK = b"<piece />"


def _json_document(schedule: dict) -> dict:
    document = json.loads(json.dumps(schedule))
    zone = document["schedule"]["conference"].get("time_zone_name", "")
    if not _JSON_ZONE_RE.search(zone):
        # Names such as Etc/GMT+5 break the v1 pattern; clients fall back to the offsets.
        document["schedule"]["conference"].pop("time_zone_name")
    return document


def to_json(schedule: dict) -> str:
    return json.dumps(_json_document(schedule), ensure_ascii=False, indent=1)


def json_skeleton(schedule: dict) -> list[bytes]:
    """schedule.json cut where its events go: the schedule's items must all be PIECE."""
    text = json.dumps(_json_document(schedule), ensure_ascii=False, indent=1)
    return [part.encode() for part in text.split(_JSON_MARK)]


def json_event_piece(item: dict) -> bytes:
    """One event as it reads inside schedule.json, with the line break before it."""
    # Strings in JSON never hold a raw line break, so every one is the layout's own.
    text = json.dumps(item, ensure_ascii=False, indent=1)
    return (_JSON_INDENT + text.replace("\n", _JSON_INDENT)).encode()


# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def _text(parent: ET.Element, tag: str, value: object, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    element.text = _clean(value)
    return element


def _xml_tree(schedule: dict) -> ET.Element:
    data = schedule["schedule"]
    conf = data["conference"]
    root = ET.Element("schedule")
    version = schedule["generator"]["version"]
    ET.SubElement(root, "generator", {"name": GENERATOR, "version": version})
    _text(root, "version", data["version"])
    conference = ET.SubElement(root, "conference")
    _text(conference, "acronym", conf["acronym"])
    _text(conference, "title", conf["title"])
    _text(conference, "start", conf["start"])
    _text(conference, "end", conf["end"])
    _text(conference, "days", conf["daysCount"])
    _text(conference, "timeslot_duration", conf["timeslot_duration"])
    _text(conference, "base_url", data["base_url"])
    _text(conference, "url", conf["url"])
    _text(conference, "time_zone_name", conf["time_zone_name"])
    for track in conf["tracks"]:
        _text(conference, "track", track["name"], name=track["name"], slug=track["slug"])
    room_guids = {room["name"]: room["guid"] for room in conf["rooms"]}
    for day in conf["days"]:
        day_el = ET.SubElement(root, "day", {
            "index": str(day["index"]), "date": day["date"],
            "start": day["day_start"], "end": day["day_end"],
        })
        for room_name, events in day["rooms"].items():
            room_el = ET.SubElement(day_el, "room", {"name": _clean(room_name),
                                                     "guid": room_guids[room_name]})
            for item in events:
                if item == PIECE:
                    ET.SubElement(room_el, "piece")
                else:
                    room_el.append(_event_element(item))
    ET.indent(root)
    return root


def _event_element(item: dict) -> ET.Element:
    event_el = ET.Element("event", {"id": str(item["id"]), "guid": item["guid"]})
    for tag in ("date", "start", "duration", "room", "slug", "url", "title",
                "subtitle", "track", "type", "language", "abstract", "description"):
        _text(event_el, tag, item[tag])
    persons = ET.SubElement(event_el, "persons")
    for person in item["persons"]:
        _text(persons, "person", person["name"], id=str(person["id"]), guid=person["guid"])
    ET.SubElement(event_el, "links")
    ET.SubElement(event_el, "attachments")
    return event_el


def to_xml(schedule: dict) -> bytes:
    return ET.tostring(_xml_tree(schedule), encoding="utf-8", xml_declaration=True)


def xml_skeleton(schedule: dict) -> list[bytes]:
    """schedule.xml cut where its events go: the schedule's items must all be PIECE."""
    return to_xml(schedule).split(_XML_MARK)


def xml_event_piece(item: dict) -> bytes:
    """One event as it reads inside schedule.xml (indented for its depth, no tail)."""
    element = _event_element(item)
    ET.indent(element, level=_XML_EVENT_LEVEL)
    # Serialised as part of the whole document would be: UTF-8, character references for
    # what UTF-8 cannot carry.
    return ET.tostring(element, encoding="unicode").encode("utf-8", "xmlcharrefreplace")
