"""Who is acting, from where, and which batch an entry belongs to.

In a web request the actor is the signed-in account (read once per request); a command
line run sets `cli_actor()` once for the whole command (see eventapp/cli.py); anything else
(the mail worker, start-up) is "system". `acting_as` and `source` wrap a block: an import
names its file, a test or a job names its actor.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import inspect

SYSTEM_LABEL = "system"
ANONYMOUS_LABEL = "anonymous"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str


SYSTEM = Actor(None, SYSTEM_LABEL)
_ACTOR_KEY = "eventapp.audit_actor"
_BATCH_KEY = "eventapp.audit_batch"

_actor: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)
_source: ContextVar[str] = ContextVar("audit_source", default="")
_batch: ContextVar[str | None] = ContextVar("audit_batch", default=None)


def cli_actor() -> Actor:
    """The person running a command: the operating system's user name."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Actor(None, f"CLI: {name}")


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Record everything in the block as done by `actor`, as one batch."""
    actor_token = _actor.set(actor)
    batch_token = _batch.set(uuid.uuid4().hex)
    try:
        yield actor
    finally:
        _batch.reset(batch_token)
        _actor.reset(actor_token)


@contextmanager
def source(name: str) -> Iterator[None]:
    """Name where the changes of the block come from (an import's file name)."""
    token = _source.set(" ".join(name.split())[:300])
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    return _source.get()


def current_actor() -> Actor:
    explicit = _actor.get()
    if explicit is not None:
        return explicit
    if not has_request_context():
        return SYSTEM
    return _request_actor()


def _request_actor() -> Actor:
    """The signed-in account, its address read once per request (kept on the request, not
    in `g`, which an application context may share between requests)."""
    user = current_user._get_current_object()
    if user is None or not user.is_authenticated:
        return Actor(None, ANONYMOUS_LABEL)
    state = inspect(user)
    identity = state.identity
    user_id = int(identity[0]) if identity else int(user.get_id())
    known = request.environ.get(_ACTOR_KEY)
    if known is not None and known.user_id == user_id:
        return known
    # Read without a query when the account's row is still loaded.
    email = state.dict.get("email")
    if email is None:
        session = state.session
        if session is not None:
            with session.no_autoflush:
                email = user.email
        else:
            email = str(user_id)
    request.environ[_ACTOR_KEY] = actor = Actor(user_id, email)
    return actor


def current_batch() -> str | None:
    """The id shared by the entries of this request, command or `acting_as` block (None
    outside all of them: the caller groups by transaction)."""
    batch = _batch.get()
    if batch is not None:
        return batch
    if has_request_context():
        return request.environ.setdefault(_BATCH_KEY, uuid.uuid4().hex)
    return None


def context_event_id() -> int | None:
    """The event of this request's URL, when its loader found one (for objects such as
    persons that belong to no event, changed from an event's pages)."""
    if not has_request_context():
        return None
    loaded = g.get("event")
    if loaded is None:
        return None
    identity = inspect(loaded).identity
    return int(identity[0]) if identity else None
