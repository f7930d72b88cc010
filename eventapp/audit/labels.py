"""The trail in the reader's language: actions, object types, actors and changed fields.

Entries store language-neutral keys ("approved", "floor request", "system"); these are the
words pages and exports show for them. A key without a label is shown as stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import Row

from eventapp.audit.context import ANONYMOUS_LABEL, SYSTEM_LABEL
from eventapp.i18n.formatting import local_datetime, long_date

ACTION_LABELS: dict[str, LazyString] = {
    "created": _l("created"),
    "changed": _l("changed"),
    "deleted": _l("deleted"),
    "approved": _l("registration approved"),
    "declined": _l("registration declined"),
    "waitlisted": _l("put on the waiting list"),
    "pending": _l("set to pending"),
    "cancelled": _l("registration cancelled"),
    "promoted": _l("promoted from the waiting list"),
    "floor given": _l("floor given"),
    "floor given out of the suggested order": _l("floor given out of the suggested order"),
    "moved": _l("moved"),
    "imported": _l("imported"),
    "revoked": _l("revoked"),
    "merged": _l("merged"),
    "moved by a merge": _l("moved by a merge"),
    "combined by a merge": _l("combined by a merge"),
    "deleted by a merge": _l("deleted by a merge"),
    "undone by a merge": _l("undone by a merge"),
}

TYPE_LABELS: dict[str, LazyString] = {
    "event": _l("event"),
    "room": _l("room"),
    "session": _l("session"),
    "speaker": _l("speaker"),
    "registration": _l("registration"),
    "quota": _l("quota"),
    "offered category": _l("offered category"),
    "category": _l("stakeholder category"),
    "person": _l("person"),
    "organization": _l("organization"),
    "balance target": _l("balance target"),
    "list of speakers": _l("list of speakers"),
    "floor request": _l("request for the floor"),
    "speaking-time budget": _l("speaking-time budget"),
    "programme version": _l("programme version"),
    "calendar feed": _l("calendar feed"),
    "import": _l("import"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def type_label(object_type: str) -> str:
    return str(TYPE_LABELS.get(object_type, object_type))


def actor_label(label: str) -> str:
    if label == SYSTEM_LABEL:
        return _("the system")
    if label == ANONYMOUS_LABEL:
        return _("a visitor (not signed in)")
    return label


@dataclass(frozen=True)
class ChangeLine:
    field: str
    old: str
    new: str
    # A personal-sensitive field: only that it changed is known.
    hidden: bool = False


def _shown(value: object, zone: ZoneInfo) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return local_datetime(moment, zone)
    return str(value)


def change_lines(entry: Row, zone: ZoneInfo) -> list[ChangeLine]:
    """The entry's fields, from -> to, with times in the event's zone."""
    try:
        changes = json.loads(entry.changes or "{}")
    except ValueError:
        return []
    lines = []
    for name, change in sorted(changes.items()):
        if not isinstance(change, dict):
            continue
        if change.get("changed"):
            lines.append(ChangeLine(name, "", "", hidden=True))
        else:
            lines.append(ChangeLine(name, _shown(change.get("from"), zone),
                                    _shown(change.get("to"), zone)))
    return lines


@dataclass(frozen=True)
class ShownEntry:
    """One entry as a page shows it: every text ready, in the reader's language."""

    id: int
    when: str
    who: str
    context: str
    action: str
    object_type: str
    object_text: str
    lines: list[ChangeLine]
    reason: str
    batch_id: str


def shown_entries(entries: Iterable[Row], zone: ZoneInfo) -> list[ShownEntry]:
    """The entries with their texts: each label and each day translated once per call, not
    once per row (a page of fifty rows stays cheap)."""
    actions: dict[str, str] = {}
    types: dict[str, str] = {}
    days: dict[date, str] = {}
    shown = []
    for entry in entries:
        local = entry.at.astimezone(zone)
        day = days.get(local.date())
        if day is None:
            day = days[local.date()] = long_date(local.date())
        if entry.action not in actions:
            actions[entry.action] = action_label(entry.action)
        if entry.object_type not in types:
            types[entry.object_type] = type_label(entry.object_type)
        number = f" #{entry.object_id}" if entry.object_id is not None else ""
        label = f": {entry.object_label}" if entry.object_label else ""
        shown.append(ShownEntry(
            id=entry.id, when=f"{day}, {local:%H:%M} {local.tzname()}",
            who=actor_label(entry.actor_label), context=entry.context,
            action=actions[entry.action], object_type=entry.object_type,
            object_text=f"{types[entry.object_type]}{number}{label}",
            lines=change_lines(entry, zone), reason=entry.reason, batch_id=entry.batch_id))
    return shown
