"""Content versions: a token per scope, replaced in the same transaction as every change.

Pages and feeds that are expensive to build key their cached output on these counters,
read with one query per request. Tokens are random rather than counters, so a database
that is emptied and refilled never repeats a version. Because they live in the database, a change
made through any worker process is seen by every other one: the per-process caches in
`eventapp.fragment_cache` can only ever serve output that is still current.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import String, bindparam, cast, event, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from eventapp.extensions import db

GLOBAL = "global"
PEOPLE = "people"


def programme_scope(event_id: int) -> str:
    return f"programme:{event_id}"


def registrations_scope(event_id: int) -> str:
    return f"registrations:{event_id}"


def floor_scope(event_id: int) -> str:
    """Lists of speakers and requests for the floor: the balance report reads them, the
    programme pages do not, so asking for the floor never invalidates the agenda."""
    return f"floor:{event_id}"


class ContentVersion(db.Model):
    __tablename__ = "content_versions"

    scope: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))


def current_versions(scopes: Iterable[str]) -> tuple[tuple[str, str | None], ...] | None:
    """The versions of these scopes, in one query; None if one was never set (do not cache)."""
    wanted = sorted(set(scopes) | {GLOBAL})
    found = dict(
        db.session.execute(
            select(ContentVersion.scope, ContentVersion.version).where(
                ContentVersion.scope.in_(wanted)
            )
        ).all()
    )
    if any(scope not in found for scope in wanted if scope != GLOBAL):
        return None
    return tuple((scope, found.get(scope)) for scope in wanted)


def _event_id_of(obj: object) -> int | None:
    event_id = getattr(obj, "event_id", None)
    if event_id is None:
        related = getattr(obj, "event", None)
        event_id = getattr(related, "id", None)
    return event_id


def scopes_touched_by(obj: object) -> set[str]:
    """Which cached content a change to this object can affect."""
    from eventapp.accounts.models import LoginCounter
    from eventapp.floor.models import FloorRequest, SpeakersList
    from eventapp.people.models import Organization, Person, StakeholderCategory
    from eventapp.programme.models import Event, SpeakingSlot
    from eventapp.registration.models import Registration

    if isinstance(obj, (ContentVersion, LoginCounter)):
        return set()
    if isinstance(obj, (Person, Organization, StakeholderCategory)):
        return {PEOPLE}
    if isinstance(obj, (SpeakersList, FloorRequest)):
        return {floor_scope(obj.event_id)} if obj.event_id is not None else {GLOBAL}
    if isinstance(obj, Event):
        return {programme_scope(obj.id)} if obj.id is not None else set()
    if isinstance(obj, SpeakingSlot):
        session = obj.session
        event_id = _event_id_of(session) if session is not None else None
        return {programme_scope(event_id)} if event_id is not None else {GLOBAL}
    if isinstance(obj, Registration):
        event_id = _event_id_of(obj)
        return {registrations_scope(event_id)} if event_id is not None else {GLOBAL}
    event_id = _event_id_of(obj)
    if event_id is not None:
        return {programme_scope(event_id)}
    return set()


def bump(session: Session, scopes: Iterable[str]) -> None:
    """Give each scope a new version token, creating it when missing (an upsert per scope)."""
    connection = session.connection()
    dialect = connection.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for scope in sorted(set(scopes)):
        token = uuid.uuid4().hex
        statement = insert(ContentVersion).values(scope=scope, version=token)
        statement = statement.on_conflict_do_update(
            index_elements=[ContentVersion.scope], set_={"version": token}
        )
        connection.execute(statement)


_PENDING_KEY = "eventapp_version_scopes"


@event.listens_for(Session, "before_flush")
def _collect_scopes(session: Session, flush_context, instances) -> None:  # noqa: ANN001
    scopes: set[str] = session.info.setdefault(_PENDING_KEY, set())
    for obj in list(session.new) + list(session.deleted):
        scopes |= scopes_touched_by(obj)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            scopes |= scopes_touched_by(obj)


@event.listens_for(Session, "after_flush_postexec")
def _bump_scopes(session: Session, flush_context) -> None:  # noqa: ANN001
    scopes = session.info.pop(_PENDING_KEY, set())
    if scopes:
        bump(session, scopes)


@lru_cache(maxsize=16)
def _event_stamp_statement(extra_scopes: tuple[str, ...]):  # noqa: ANN202
    # Built once per scope list: constructing the statement costs more than running it.
    from eventapp.programme.models import Event

    def version_of(scope_expr):  # noqa: ANN001, ANN202
        return (
            select(ContentVersion.version)
            .where(ContentVersion.scope == scope_expr)
            .scalar_subquery()
        )

    programme = literal("programme:") + cast(Event.id, String)
    return select(
        Event.id,
        Event.is_published,
        version_of(programme),
        version_of(literal(GLOBAL)),
        *(version_of(literal(scope)) for scope in extra_scopes),
    ).where(Event.slug == bindparam("slug"))


def event_stamp(slug: str, *, extra_scopes: Iterable[str] = (PEOPLE,)) -> tuple | None:
    """(event id, published, versions) for an event slug in ONE query; None if no such event.

    The versions cover the event's programme scope, then the global and extra scopes; an
    unset scope yields None in its place.
    """
    statement = _event_stamp_statement(tuple(sorted(set(extra_scopes))))
    row = db.session.execute(statement, {"slug": slug}).first()
    if row is None:
        return None
    event_id, published, *versions = row
    return event_id, bool(published), tuple(versions)
