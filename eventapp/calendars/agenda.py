"""The personal agenda: starring sessions, grouping them for display."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.programme.models import AgendaStar, Session


class NotStarrable(ValueError):
    """The session cannot go in a personal agenda; the message is for the user."""


def star(user_id: int, session: Session) -> None:
    """Put a session in the user's agenda; starring twice (or concurrently) is harmless."""
    if not session.is_starrable:
        raise NotStarrable(_(
            "“%(title)s” is a %(kind)s, open to everyone: "
            "it cannot be added to a personal agenda.",
            title=localized(session, "title"), kind=session.kind_label.lower()))
    exists = db.session.scalar(
        select(AgendaStar.id).where(
            AgendaStar.user_id == user_id, AgendaStar.session_id == session.id
        )
    )
    if exists is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(AgendaStar(user_id=user_id, session_id=session.id))
    except IntegrityError:
        pass  # another request starred it first: the outcome is the same


def unstar(user_id: int, session: Session) -> None:
    db.session.execute(
        delete(AgendaStar).where(
            AgendaStar.user_id == user_id, AgendaStar.session_id == session.id
        )
    )


def group_by_event_and_day(sessions: Sequence[Session]) -> list[tuple]:
    """[(event, [(local date, [sessions])])], sessions already ordered by event then start."""
    grouped = []
    for _event_id, items in groupby(sessions, key=lambda s: s.event_id):
        items = list(items)
        event = items[0].event
        zone = event.zone
        days = [
            (day, list(day_items))
            for day, day_items in groupby(items, key=lambda s: s.starts_at.astimezone(zone).date())
        ]
        grouped.append((event, days))
    return grouped
