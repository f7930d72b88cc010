"""One writer at a time per list of speakers, across every worker process.

Each change runs in a fresh transaction that first takes the list's row lock (``SELECT ...
FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite, as the accreditation lock does).
Chair actions name what they act on (the request to stop, to give the floor to, the
suggestion they saw), not a version of the whole list: participants asking and withdrawing
never make them fail. Two chairs pressing at once: the second waits for the first to commit,
then finds what it named already done and says so (AlreadyDone) without writing again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from eventapp.db_types import utcnow
from eventapp.floor.models import SpeakersList
from eventapp.row_lock import locked_row


class FloorError(ValueError):
    """The action cannot be done; the message is for the person who asked."""


class AlreadyDone(FloorError):
    """What the action asked for is already so (another chair did it): nothing was written."""


@contextmanager
def locked_list(list_id: int) -> Iterator[SpeakersList]:
    """The list, locked, in its own transaction; raises its version and commits on success.

    The version still names the list's state for the screens' ETags; it no longer decides
    whether a chair's action applies.
    """
    with locked_row(SpeakersList, list_id) as speakers_list:
        yield speakers_list
        speakers_list.version += 1
        speakers_list.updated_at = utcnow()
