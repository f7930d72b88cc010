"""One writer at a time per list of speakers, across every worker process.

Each change runs in a fresh transaction that first takes the list's row lock (``SELECT ...
FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite, as the accreditation lock does),
then checks the version the chair's page was built from. Two chairs pressing at once: the
second waits for the first to commit, finds a newer version and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _

from eventapp.db_types import utcnow
from eventapp.floor.models import SpeakersList
from eventapp.row_lock import locked_row


class FloorError(ValueError):
    """The action cannot be done; the message is for the person who asked."""


class StaleVersion(FloorError):
    def __init__(self) -> None:
        super().__init__(_(
            "Another chair changed the list (or someone asked for the floor) since this page "
            "was loaded, so nothing was done; here is the current state."
        ))


@contextmanager
def locked_list(list_id: int, version: int | None = None) -> Iterator[SpeakersList]:
    """The list, locked, in its own transaction; raises its version and commits on success.

    With ``version`` given, the change applies only to that version of the list.
    """
    with locked_row(SpeakersList, list_id) as speakers_list:
        if version is not None and speakers_list.version != version:
            raise StaleVersion()
        yield speakers_list
        speakers_list.version += 1
        speakers_list.updated_at = utcnow()
