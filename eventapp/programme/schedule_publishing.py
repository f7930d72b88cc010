"""Publishing the programme as a numbered version, and reading the published versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from eventapp.extensions import db
from eventapp.programme import schedule_versions
from eventapp.programme.models import Event, Session
from eventapp.programme.queries import panel_loader
from eventapp.programme.schedule_versions import SessionChange
from eventapp.programme.version_models import ScheduleVersion
from eventapp.row_lock import locked_row

NOTE_MAX = 500


class NothingToPublish(ValueError):
    """The programme is the same as in the last published version (or has no sessions)."""


@dataclass(frozen=True)
class PublishedVersion:
    number: int
    note: str
    published_at: datetime
    changes: list[SessionChange]


def current_snapshot(event_id: int) -> dict:
    sessions = db.session.scalars(
        select(Session).where(Session.event_id == event_id)
        .options(joinedload(Session.room), panel_loader())
    ).unique().all()
    return schedule_versions.snapshot(sessions)


def _latest(event_id: int) -> ScheduleVersion | None:
    return db.session.scalar(
        select(ScheduleVersion).where(ScheduleVersion.event_id == event_id)
        .order_by(ScheduleVersion.number.desc()).limit(1))


def pending_changes(event_id: int) -> list[SessionChange]:
    """What publishing now would announce."""
    latest = _latest(event_id)
    before = schedule_versions.loads(latest.snapshot) if latest is not None else None
    return schedule_versions.changes(before, current_snapshot(event_id))


def publish(event_id: int, *, note: str, user_id: int | None,
            notify: bool) -> tuple[ScheduleVersion, list[SessionChange]]:
    """Publish the programme as the event's next version, and commit.

    The event's row lock orders organizers publishing at once: each reads the last number
    and the last snapshot only once the one before has committed. Refused (NothingToPublish)
    when nothing changed since the last version.
    """
    # Imported here: the mail builder reads accounts and the outbox, above this layer.
    from eventapp.programme.schedule_version_mail import queue_version_mails

    note = " ".join(note.split())[:NOTE_MAX]
    with locked_row(Event, event_id) as event:
        latest = _latest(event_id)
        before = schedule_versions.loads(latest.snapshot) if latest is not None else None
        after = current_snapshot(event_id)
        found = schedule_versions.changes(before, after)
        if not found:
            if latest is None:
                raise NothingToPublish(_("The programme has no sessions to publish yet."))
            raise NothingToPublish(_("Nothing changed since version %(number)d: there is "
                                     "nothing to publish.", number=latest.number))
        version = ScheduleVersion(
            event_id=event_id, number=latest.number + 1 if latest is not None else 1,
            note=note, snapshot=schedule_versions.dumps(after), published_by_id=user_id,
            notified=notify)
        db.session.add(version)
        db.session.flush()
        if notify:
            queue_version_mails(event, version, found)
    return version, found


def published_versions(event_id: int) -> list[PublishedVersion]:
    """Every published version, newest first, each with its changes: one query."""
    rows = db.session.execute(
        select(ScheduleVersion.number, ScheduleVersion.note, ScheduleVersion.published_at,
               ScheduleVersion.snapshot)
        .where(ScheduleVersion.event_id == event_id).order_by(ScheduleVersion.number)
    ).all()
    versions: list[PublishedVersion] = []
    before = None
    for number, note, published_at, text in rows:
        after = schedule_versions.loads(text)
        versions.append(PublishedVersion(number, note, published_at,
                                         schedule_versions.changes(before, after)))
        before = after
    return versions[::-1]

