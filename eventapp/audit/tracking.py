"""The flush listener: every change to a registered model is recorded with its flush.

Each domain registers the models it wants on the trail (`audit_model`, filled at start-up
in eventapp/composition.py), with how to name an object and which event and history it
belongs to. At each flush the listener reads the attribute history of the registered objects
that are new, changed or deleted and writes their entries with one INSERT on the flush's
connection: same transaction, so a rollback takes the entries with it.

A change that means more than its fields (the floor given, a session moved on the grid)
is `annotate`d by the code that makes it: the entry takes that action's name and reason.
Columns marked ``info={"sensitive": True}`` (gender, migrant experience) and the fields a
registration names as sensitive are recorded as changed, never with their values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ColumnProperty, InstanceState, Session, UOWTransaction

from eventapp.audit.context import context_event_id
from eventapp.audit.record import Entry, write

# Bookkeeping columns: they change with everything and say nothing of their own.
ALWAYS_IGNORED = frozenset({"id", "created_at", "updated_at"})


@dataclass(frozen=True)
class Audited:
    object_type: str
    label: Callable[[Any], str]
    event_id: Callable[[Any], int | None] | None
    subject: Callable[[Any], str | None] | None
    object_id: Callable[[Any], int | None] | None
    ignore: frozenset[str]
    sensitive: frozenset[str]


_registry: dict[type, Audited] = {}


def audit_model(cls: type, object_type: str, *, label: Callable[[Any], str],
                event_id: Callable[[Any], int | None] | None = None,
                subject: Callable[[Any], str | None] | None = None,
                object_id: Callable[[Any], int | None] | None = None,
                ignore: Iterable[str] = (), sensitive: Iterable[str] = ()) -> None:
    """Put a model's changes on the trail.

    ``event_id``: the object's event (default: its ``event_id``, else the request's event);
    ``object_id``: its id when the primary key is not one integer;
    ``subject``: the registration or session whose history shows it ("session:12");
    ``ignore``: fields whose changes alone are not worth an entry; ``sensitive``: fields
    recorded as changed without their values (besides columns marked sensitive).
    """
    mapper = inspect(cls)
    marked = {prop.key for prop in mapper.column_attrs
              if any(column.info.get("sensitive") for column in prop.columns)}
    ignored = ALWAYS_IGNORED | frozenset(ignore)
    if cls not in _registry:
        for prop in mapper.column_attrs:
            if prop.key in ignored:
                continue
            # Active history: setting a field whose value was expired (after a commit)
            # loads the old value first, so the entry can say what it was.
            event.listen(getattr(cls, prop.key), "set", _keep_old, active_history=True)
    _registry[cls] = Audited(object_type, label, event_id, subject, object_id, ignored,
                             frozenset(sensitive) | frozenset(marked))


def _keep_old(target: object, value: object, old: object, initiator: object) -> None:
    """Does nothing: listening with active history is what loads the old value."""


def audited_models() -> dict[type, Audited]:
    return dict(_registry)


def sensitive_fields() -> set[tuple[str, str]]:
    """(object type, field) of every field whose values never reach the trail."""
    return {(spec.object_type, name) for spec in _registry.values() for name in spec.sensitive}


@dataclass
class Note:
    action: str
    reason: str = ""
    changes: dict[str, tuple[Any, Any]] | None = None


_NOTES = "audit_notes"
_DELETED = "audit_deleted"
_LABELS = "audit_labels"


def label_as(obj: object, label: str) -> None:
    """Name the object on the trail with `label` at its next flush, instead of asking its
    model's label: for a caller that holds the words already (a registration named after the
    person the request read before the event's lock, whose row the lock's commit expired)."""
    state = inspect(obj)
    if state.session is None:
        raise ValueError("label an object of the session")
    state.session.info.setdefault(_LABELS, {})[id(obj)] = (obj, label)


def annotate(obj: object, action: str, *, reason: str = "",
             changes: dict[str, tuple[Any, Any]] | None = None) -> None:
    """Name the object's change at the next flush (recorded even if no field changed)."""
    state = inspect(obj)
    session = state.session
    if session is None:
        raise ValueError("annotate an object of the session")
    session.info.setdefault(_NOTES, {})[id(obj)] = (obj, Note(action, reason, changes))


def _spec(obj: object) -> Audited | None:
    for cls in type(obj).__mro__:
        spec = _registry.get(cls)
        if spec is not None:
            return spec
    return None


def _columns(state: InstanceState) -> list[ColumnProperty]:
    return list(state.mapper.column_attrs)


def _event_of(obj: object, spec: Audited) -> int | None:
    if spec.event_id is not None:
        return spec.event_id(obj)
    found = getattr(obj, "event_id", None)
    return found if found is not None else context_event_id()


def _entry(obj: object, spec: Audited, action: str,
           changes: dict[str, tuple[Any, Any]], note: Note | None) -> Entry:
    state = inspect(obj)
    # The key's values, not the identity: a new row has its id but no identity yet.
    identity = state.identity or tuple(state.mapper.primary_key_from_instance(obj))
    if note is not None:
        action = note.action
        changes = {**changes, **(note.changes or {})}
    if spec.object_id is not None:
        object_id = spec.object_id(obj)
    else:
        object_id = identity[0] if identity and isinstance(identity[0], int) else None
    given = (state.session.info.get(_LABELS, {}).pop(id(obj), None)
             if state.session is not None else None)
    return Entry(
        event_id=_event_of(obj, spec), object_type=spec.object_type, object_id=object_id,
        label=given[1] if given is not None else spec.label(obj), action=action,
        changes=changes,
        reason=note.reason if note else "",
        subject=spec.subject(obj) if spec.subject else None, sensitive=spec.sensitive,
    )


def _values(state: InstanceState, spec: Audited, *, new: bool) -> dict[str, tuple[Any, Any]]:
    """Every set field of a created (or deleted) object: from nothing (or to nothing)."""
    out: dict[str, tuple[Any, Any]] = {}
    for prop in _columns(state):
        if prop.key in spec.ignore or prop.key not in state.dict:
            continue
        value = state.dict[prop.key]
        if value is None or value == "" or value is False:
            continue
        out[prop.key] = (None, value) if new else (value, None)
    return out


def _diff(state: InstanceState, spec: Audited) -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    for prop in _columns(state):
        if prop.key in spec.ignore:
            continue
        history = state.attrs[prop.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            out[prop.key] = (old, new)
    return out


@event.listens_for(Session, "before_flush")
def _collect_deleted(session: Session, flush_context: UOWTransaction,
                     instances: Iterable[object] | None) -> None:
    # Deleted rows are named now, while their relations can still be read.
    notes = session.info.get(_NOTES, {})
    entries = session.info.setdefault(_DELETED, [])
    with session.no_autoflush:
        for obj in list(session.deleted):
            spec = _spec(obj)
            if spec is None:
                continue
            note = notes.pop(id(obj), (None, None))[1]
            entries.append(_entry(obj, spec, "deleted",
                                  _values(inspect(obj), spec, new=False), note))


@event.listens_for(Session, "after_flush")
def _write_entries(session: Session, flush_context: UOWTransaction) -> None:
    entries: list[Entry] = session.info.pop(_DELETED, [])
    notes: dict[int, tuple[object, Note]] = session.info.pop(_NOTES, {})
    with session.no_autoflush:
        for obj in list(session.new):
            spec = _spec(obj)
            if spec is not None:
                note = notes.pop(id(obj), (None, None))[1]
                entries.append(_entry(obj, spec, "created",
                                      _values(inspect(obj), spec, new=True), note))
        for obj in list(session.dirty):
            spec = _spec(obj)
            if spec is None:
                continue
            note = notes.pop(id(obj), (None, None))[1]
            changes = _diff(inspect(obj), spec)
            if changes or note is not None:
                entries.append(_entry(obj, spec, "changed", changes, note))
        for obj, note in notes.values():
            # Named on an object with no field changed: the action itself is the news.
            spec = _spec(obj)
            if spec is not None and inspect(obj).persistent:
                entries.append(_entry(obj, spec, note.action, {}, note))
        if entries:
            write(session, entries)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_NOTES, None)
    session.info.pop(_DELETED, None)
    session.info.pop(_LABELS, None)
