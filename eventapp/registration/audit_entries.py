"""Registration changes written set-based, on the audit trail: one entry per person.

Statuses (statuses._write_statuses) and imports (csv_import) write past the flush listener,
so their changes are recorded here: one query for the names, one INSERT for the entries.
"""

from __future__ import annotations

from sqlalchemy import select

from eventapp.audit.record import Entry, record_many
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.registration.models import Registration
from eventapp.registration.quotas import WaitReason
from eventapp.sql_sets import in_set


def _names(ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        names.update(
            (row.id, " ".join(part for part in (row.first_name, row.last_name) if part))
            for row in db.session.execute(
                select(Registration.id, Person.first_name, Person.last_name)
                .join(Person, Registration.person_id == Person.id)
                .where(in_set(Registration.id, ids[start:start + 5000]))))
    return names


def _full(reason: WaitReason) -> str:
    """What was full, in words that do not depend on the reader's language."""
    if reason.is_quota:
        return f"quota {reason.category_name} ({reason.places})"
    return f"event ({reason.places})"


def record_decisions(event_id: int, targets: dict[int, str], olds: dict[int, str],
                     message: str, reasons: dict[int, WaitReason], *,
                     promoted: bool = False) -> None:
    """Record each registration's new status: the action is the status ("approved",
    "declined", ...) or "promoted" for a place given from the waiting list; the reason is
    the organizer's message to the person."""
    if not targets:
        return
    ids = sorted(targets)
    names = _names(ids)
    entries = []
    for registration_id in ids:
        status = targets[registration_id]
        changes: dict[str, tuple[object, object]] = {
            "status": (olds.get(registration_id), status)}
        if registration_id in reasons:
            changes["full"] = (None, _full(reasons[registration_id]))
        entries.append(Entry(
            event_id=event_id, object_type="registration", object_id=registration_id,
            label=names.get(registration_id, ""),
            action="promoted" if promoted else status, changes=changes, reason=message,
            subject=f"registration:{registration_id}"))
    record_many(entries)


def record_import_rows(event_id: int, created: list[int],
                       updated: list[tuple[int, tuple, tuple]]) -> None:
    """An import's new registrations, and the category, organization and level it changed
    on existing ones ((id, old, new) with old and new as those three)."""
    names = _names(sorted({*created, *(rid for rid, _old, _new in updated)}))
    entries = [Entry(event_id=event_id, object_type="registration", object_id=rid,
                     label=names.get(rid, ""), action="created",
                     subject=f"registration:{rid}") for rid in created]
    fields = ("category_id", "organization_id", "delegation_role")
    for rid, old, new in updated:
        entries.append(Entry(
            event_id=event_id, object_type="registration", object_id=rid,
            label=names.get(rid, ""), action="changed", subject=f"registration:{rid}",
            changes={name: (before, after) for name, before, after in zip(fields, old, new,
                                                                        strict=True)
                     if before != after}))
    record_many(entries)


def record_import(event_id: int, name: str, counts: dict[str, int]) -> None:
    """The import itself: its file and what it did, beside the entry of each person."""
    record_many([Entry(event_id=event_id, object_type="import", object_id=None, label=name,
                       action="imported",
                       changes={key: (None, value) for key, value in counts.items()})])


def record_invited(event_id: int, registrations: list[tuple[int, str]]) -> None:
    """Invited speakers' new registrations ((id, name)), written with one statement."""
    record_many([Entry(event_id=event_id, object_type="registration", object_id=rid,
                       label=name, action="created", subject=f"registration:{rid}",
                       changes={"status": (None, "approved"),
                                "is_invited_speaker": (None, True)})
                 for rid, name in registrations])
