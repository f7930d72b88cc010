"""Content versions: a token per scope, replaced in the same transaction as every change.

Pages and feeds that are expensive to build key their cached output on these counters,
read with one query per request. Tokens are random rather than counters, so a database
that is emptied and refilled never repeats a version. Because they live in the database, a change
made through any worker process is seen by every other one: the per-process caches in
`eventapp.fragment_cache` can only ever serve output that is still current.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    Insert,
    ScalarSelect,
    Select,
    String,
    bindparam,
    cast,
    event,
    inspect,
    literal,
    select,
    union,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from eventapp.extensions import db

GLOBAL = "global"
# Stakeholder categories, which every report lists. Persons and organizations have no scope
# of their own: a change to one raises the scopes of the events that show it.
PEOPLE = "people"
# The organizations offered to everyone on the registration form (the confirmed ones): the
# kept blank form is keyed on it. Raised only when a confirmed organization changes or one is
# confirmed, not when a participant types in a new one (held back until confirmed).
ORGANIZATIONS = "organizations"


def programme_scope(event_id: int) -> str:
    return f"programme:{event_id}"


def registrations_scope(event_id: int) -> str:
    return f"registrations:{event_id}"


_SESSION_PREFIX = "session:"


def session_scope(session_id: int) -> str:
    """One session as the programme shows it (its row, its panel and the people on it): the
    agenda and the feeds keep each session's rendered piece on this version.

    Unlike the other scopes, its version is kept on the session's own row
    (`Session.content_version`); `bump` writes it there.
    """
    return f"{_SESSION_PREFIX}{session_id}"


def floor_scope(event_id: int) -> str:
    """Lists of speakers and requests for the floor: the balance report reads them, the
    programme pages do not, so asking for the floor never invalidates the agenda."""
    return f"floor:{event_id}"


def attendance_scope(event_id: int) -> str:
    """Check-ins at the event's desks: the desk dashboard and the floor's presence marks."""
    return f"attendance:{event_id}"


# Rows of packages above this one say themselves which scopes a change to them touches:
# each package registers its models at start-up (composition.register_all), so the flush
# listener below needs no import of them.
_SCOPE_RULES: dict[type, Callable[[object], set[str]]] = {}


def register_scopes(model: type, scopes: Callable[[object], set[str]]) -> None:
    """Tell the flush listener which scopes a changed row of `model` touches."""
    _SCOPE_RULES[model] = scopes


def event_scopes(make: Callable[[int], str]) -> Callable[[object], set[str]]:
    """A rule for rows carrying an `event_id`: that event's scope (global without one)."""
    def scopes(obj: object) -> set[str]:
        event_id = _event_id_of(obj)
        return {make(event_id)} if event_id is not None else {GLOBAL}
    return scopes


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
    from eventapp.programme.models import Session as ProgrammeSession
    from eventapp.registration.models import CategoryQuota, Registration

    if isinstance(obj, (ContentVersion, LoginCounter)):
        return set()
    rule = _SCOPE_RULES.get(type(obj))
    if rule is not None:
        return rule(obj)
    if isinstance(obj, StakeholderCategory):
        return {PEOPLE}
    if isinstance(obj, Organization):
        # Which events show it is a database question, answered once per flush for
        # everything touched (see _people_scopes); whether the form's list changes is here.
        state = inspect(obj)
        unconfirmed = state.dict.get("is_confirmed") is False
        if unconfirmed and (state.identity is None
                            or not state.attrs.is_confirmed.history.has_changes()):
            return set()
        return {ORGANIZATIONS}
    if isinstance(obj, Person):
        # Which events show this person is answered once per flush (see _people_scopes).
        return set()
    if isinstance(obj, (SpeakersList, FloorRequest)):
        return {floor_scope(obj.event_id)} if obj.event_id is not None else {GLOBAL}
    if isinstance(obj, Event):
        # Its title, zone and capacity show in the registration lists too.
        return {programme_scope(obj.id), registrations_scope(obj.id)} if obj.id is not None \
            else set()
    if isinstance(obj, ProgrammeSession):
        event_id = _event_id_of(obj)
        scopes = {programme_scope(event_id)} if event_id is not None else {GLOBAL}
        return scopes | ({session_scope(obj.id)} if obj.id is not None else set())
    if isinstance(obj, SpeakingSlot):
        session = obj.session
        event_id = _event_id_of(session) if session is not None else None
        scopes = {programme_scope(event_id)} if event_id is not None else {GLOBAL}
        session_id = obj.session_id if obj.session_id is not None else getattr(session, "id", None)
        return scopes | ({session_scope(session_id)} if session_id is not None else set())
    if isinstance(obj, Registration):
        event_id = _event_id_of(obj)
        return {registrations_scope(event_id)} if event_id is not None else {GLOBAL}
    if isinstance(obj, CategoryQuota):
        # Quotas decide the places the registration lists show.
        event_id = _event_id_of(obj)
        return {programme_scope(event_id), registrations_scope(event_id)} \
            if event_id is not None else {GLOBAL}
    event_id = _event_id_of(obj)
    if event_id is not None:
        return {programme_scope(event_id)}
    return set()


def session_versions(session_ids: Iterable[int]) -> dict[int, str | None]:
    """The content version of each of these sessions (None: unchanged since a bulk import)."""
    from eventapp.programme.models import Session as ProgrammeSession

    return dict(db.session.execute(
        select(ProgrammeSession.id, ProgrammeSession.content_version)
        .where(ProgrammeSession.id.in_(set(session_ids)))).all())


def bump(session: Session, scopes: Iterable[str]) -> None:
    """Give each scope a new version token, creating it when missing: one batched upsert,
    and one update for the sessions among them."""
    scopes = set(scopes)
    session_ids = sorted(int(scope.removeprefix(_SESSION_PREFIX)) for scope in scopes
                         if scope.startswith(_SESSION_PREFIX))
    if session_ids:
        _bump_sessions(session, session_ids)
    rows = [{"scope": scope, "version": uuid.uuid4().hex} for scope in sorted(scopes)
            if not scope.startswith(_SESSION_PREFIX)]
    if not rows:
        return
    connection = session.connection()
    connection.execute(_upsert_versions(connection.dialect.name), rows)


@cache
def _upsert_versions(dialect: str) -> Insert:
    # Built once per database kind: a check-in at the desk raises a version every time.
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ContentVersion)
    return statement.on_conflict_do_update(
        index_elements=[ContentVersion.scope], set_={"version": statement.excluded.version})


def first_version(session: Session, scope: str) -> str:
    """Give a scope that was never raised its first version (committed); the token to key on.

    For a cache keyed on a scope nothing has raised since the database was made: keying it
    on "never raised" would outlive the database (a per-process cache, a database emptied
    and refilled). Two requests at once may each write one: the later wins, and what the
    other kept under its token is simply never asked for again.
    """
    token = uuid.uuid4().hex
    # A transaction of its own: the caller's rows are left loaded (a commit would expire them).
    with session.get_bind().begin() as connection:
        insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
        connection.execute(insert(ContentVersion).values(scope=scope, version=token)
                           .on_conflict_do_nothing(index_elements=[ContentVersion.scope]))
    return token


def _bump_sessions(session: Session, session_ids: list[int]) -> None:
    from eventapp.programme.models import Session as ProgrammeSession

    # One token for all: a piece is keyed by its session's id and version together, and the
    # token is new, so no session ever sees one of its earlier versions again. Core, not the
    # ORM: nothing else of the rows is written (their updated_at and SEQUENCE stay).
    token = uuid.uuid4().hex
    sessions = ProgrammeSession.__table__
    session.connection().execute(
        update(sessions).where(sessions.c.id.in_(session_ids)).values(content_version=token))
    # The rows already loaded learn their version as written, so a caller answering with it
    # (a move on the timetable) need not read it back.
    for session_id in session_ids:
        loaded = session.identity_map.get(identity_key(ProgrammeSession, session_id))
        if loaded is not None:
            set_committed_value(loaded, "content_version", token)


_PENDING_KEY = "eventapp_version_scopes"
_NEW_KEY = "eventapp_version_new_objects"
_RAISED_KEY = "eventapp_version_raised"


def raised_in_transaction(session: Session, scope: str) -> None:
    """The caller raised `scope` in this transaction already (with the statement taking a
    lock): the flushes of the transaction need not raise it again."""
    session.info.setdefault(_RAISED_KEY, set()).add(scope)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_raised(session: Session) -> None:
    session.info.pop(_RAISED_KEY, None)


def _people_scopes(session: Session, person_ids: set[int], organization_ids: set[int],
                   category_ids: set[int], user_ids: frozenset[int] = frozenset()) -> set[str]:
    """The events that show these people, organizations or categories, in ONE query.

    A person or organization appears in the programme of the events where they (or a member)
    speak, and in the registration lists and reports of the events where they registered; a
    category wherever a speaker or registrant carries it. Run before the flush writes, so a
    deleted row is still found where it appeared.
    """
    from eventapp.people.models import Organization, Person
    from eventapp.programme.models import Session as ProgrammeSession
    from eventapp.programme.models import SpeakingSlot
    from eventapp.registration.models import Registration

    if not (person_ids or organization_ids or category_ids or user_ids):
        return set()
    # Empty IN lists are valid SQL in SQLAlchemy 2 (an always-false expanding parameter).
    speaks = (
        select(literal("p").label("kind"), ProgrammeSession.event_id.label("event_id"),
               ProgrammeSession.id.label("session_id"))
        .select_from(SpeakingSlot)
        .join(ProgrammeSession, SpeakingSlot.session_id == ProgrammeSession.id)
        .join(Person, SpeakingSlot.person_id == Person.id)
        .outerjoin(Organization, Person.organization_id == Organization.id)
        .where(
            Person.id.in_(person_ids)
            | Person.organization_id.in_(organization_ids)
            | Person.category_id.in_(category_ids)
            | Organization.category_id.in_(category_ids)
        )
    )
    registered = (
        select(literal("r").label("kind"), Registration.event_id.label("event_id"),
               literal(0).label("session_id"))
        .where(
            Registration.person_id.in_(person_ids)
            | Registration.organization_id.in_(organization_ids)
            | Registration.category_id.in_(category_ids)
            | Registration.person_id.in_(
                select(Person.id).where(Person.user_id.in_(user_ids)).scalar_subquery())
        )
    )
    scopes: set[str] = set()
    for kind, event_id, session_id in session.execute(union(speaks, registered)):
        if kind == "p":
            scopes |= {programme_scope(event_id), session_scope(session_id)}
        else:
            scopes.add(registrations_scope(event_id))
    return scopes


@event.listens_for(Session, "before_flush")
def _collect_scopes(session: Session, flush_context: UOWTransaction,
                    instances: Iterable[object] | None) -> None:
    from eventapp.accounts.models import User
    from eventapp.people.models import Organization, Person, StakeholderCategory
    from eventapp.programme.models import Session as ProgrammeSession
    from eventapp.programme.models import SpeakingSlot

    scopes: set[str] = session.info.setdefault(_PENDING_KEY, set())
    changed = [obj for obj in list(session.new) + list(session.deleted)]
    changed += [obj for obj in session.dirty
                if session.is_modified(obj, include_collections=False)]
    people: dict[type, set[int]] = {Person: set(), Organization: set(), StakeholderCategory: set()}
    users: set[int] = set()
    for obj in changed:
        scopes |= scopes_touched_by(obj)
        if isinstance(obj, (ProgrammeSession, SpeakingSlot)) and obj in session.new:
            # Sessions and slots learn their ids in the flush: their scopes are added after it.
            session.info.setdefault(_NEW_KEY, []).append(obj)
        # New rows have no id and nothing refers to them yet: their links are new rows too,
        # which raise their own scopes.
        kind = type(obj)
        identity = inspect(obj).identity if kind in people else None
        if identity is not None:  # read without loading an expired row
            people[kind].add(identity[0])
        if isinstance(obj, User) and obj not in session.new and _account_shown_changed(obj):
            users.add(inspect(obj).identity[0])
    if any(people.values()) or users:
        with session.no_autoflush:
            scopes |= _people_scopes(session, people[Person], people[Organization],
                                     people[StakeholderCategory], frozenset(users))


def _account_shown_changed(user: object) -> bool:
    """Whether a change to an account alters what registration lists show of it (its
    e-mail, whether it is confirmed): logins and password changes must not touch them."""
    state = inspect(user)
    if state.identity is None:
        return False
    return any(state.attrs[name].history.has_changes() for name in ("email", "email_verified_at"))


@event.listens_for(Session, "after_flush_postexec")
def _bump_scopes(session: Session, flush_context: UOWTransaction) -> None:
    scopes = session.info.pop(_PENDING_KEY, set())
    for obj in session.info.pop(_NEW_KEY, []):
        scopes |= scopes_touched_by(obj)
    scopes -= session.info.get(_RAISED_KEY, set())
    if scopes:
        bump(session, scopes)


def version_of(scope_expr: ColumnElement[str]) -> ScalarSelect[int]:
    """A scalar subquery: the version of the scope the expression names (NULL if never set)."""
    return (
        select(ContentVersion.version)
        .where(ContentVersion.scope == scope_expr)
        .scalar_subquery()
    )


def programme_version_of(event_id_expr: ColumnExpressionArgument[int]) -> ScalarSelect[int]:
    """The version of `programme:<event id>`, for an event id column or parameter.

    On a parameter the database looks it up once; on a column, once per row of that column.
    """
    return version_of(literal("programme:") + cast(event_id_expr, String))


@lru_cache(maxsize=16)
def _event_stamp_statement(extra_scopes: tuple[str, ...]) -> Select:
    # Built once per scope list: constructing the statement costs more than running it.
    from eventapp.programme.models import Event

    return select(
        Event.id,
        Event.is_published,
        programme_version_of(Event.id),
        version_of(literal(GLOBAL)),
        *(version_of(literal(scope)) for scope in extra_scopes),
    ).where(Event.slug == bindparam("slug"))


def event_stamp(slug: str, *, extra_scopes: Iterable[str] = ()) -> tuple | None:
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


@lru_cache(maxsize=1)
def _listing_stamp_statement() -> Select:
    from eventapp.programme.models import Event

    return select(
        Event.id,
        Event.is_published,
        Event.updated_at,
        version_of(literal(GLOBAL)),
        version_of(literal(PEOPLE)),
        version_of(literal("registrations:") + cast(Event.id, String)),
    ).where(Event.slug == bindparam("slug"))


def listing_stamp(slug: str) -> tuple | None:
    """(event id, published, versions) for a page of the event's registrations, in ONE query;
    None if no such event.

    Such a page shows the event's own row (its header), categories and who registered, not
    its programme: the versions are the row's last change, the global, people and
    registrations versions (an unset scope yields None), so a session edit leaves it alone.
    """
    row = db.session.execute(_listing_stamp_statement(), {"slug": slug}).first()
    if row is None:
        return None
    event_id, published, *versions = row
    return event_id, bool(published), tuple(versions)
