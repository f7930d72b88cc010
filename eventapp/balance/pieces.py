"""The balance report's data from pieces, each kept on the versions of what it reads.

After a change to one session only that session's figures are read again:

- speaking slots, grouped as the report needs them, per session on the session's own version
  (`Session.content_version`; the programme's while it has none), with the floor's (a session
  counts as run once it has a list of speakers, and overruns come from the floor's requests),
  the people's (categories) and the global one;
- the registration side (approved participants per category, the funnel's stages up to
  "asked for the floor", check-ins per day) on the registrations, attendance, floor and people
  versions, and for the funnel on the sessions in scope (a deleted session leaves it);
- read on every build, each in one small statement: categories, targets, the sessions with
  their versions and run state, requests for the floor per session and category, and who was
  heard (a few people, from the slots with a recorded time or a heard mark).

Every piece is kept in the order a build from scratch gives (`fact_order`, `funnel_order`),
so the combined report is the one `queries.load_balance_data` and
`funnel_queries.load_funnel_facts` would give, to the last bit of every float.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select

from eventapp.balance.facts import FunnelFact, PresenceFact, Scope, SessionInfo, SlotFact
from eventapp.balance.funnel_queries import (
    funnel_order,
    load_funnel_facts,
    load_heard_facts,
    load_keyed_funnel_facts,
    load_presence_facts,
)
from eventapp.balance.queries import (
    BalanceData,
    CategoryRecord,
    load_categories,
    load_facts,
    load_floor_facts,
    load_registration_counts,
    load_sessions_with_versions,
    load_targets,
)
from eventapp.extensions import db
from eventapp.fragment_cache import cache
from eventapp.programme.models import Event
from eventapp.versioning import (
    GLOBAL,
    PEOPLE,
    ContentVersion,
    attendance_scope,
    floor_scope,
    programme_scope,
    registrations_scope,
)

T = TypeVar("T")


@dataclass(frozen=True)
class ReportVersions:
    """The versions the report reads, from one statement.

    Floor, attendance and people are first set by the event's first floor change, first
    check-in and first category edit; until then "no version" is true (nothing happened).
    """

    programme: str
    registrations: str
    floor: str | None
    attendance: str | None
    people: str | None
    global_: str | None

    @property
    def key(self) -> tuple[str | None, ...]:
        return dataclasses.astuple(self)


def report_versions(event: Event) -> ReportVersions | None:
    """The report's versions in one query; None (keep nothing) while the programme or the
    registrations scope was never set, since then two contents could not be told apart."""
    scopes = {"programme": programme_scope(event.id),
              "registrations": registrations_scope(event.id), "floor": floor_scope(event.id),
              "attendance": attendance_scope(event.id), "people": PEOPLE, "global_": GLOBAL}
    found = dict(db.session.execute(
        select(ContentVersion.scope, ContentVersion.version)
        .where(ContentVersion.scope.in_(sorted(scopes.values())))
    ).all())
    if found.get(scopes["programme"]) is None or found.get(scopes["registrations"]) is None:
        return None
    return ReportVersions(**{name: found.get(scope) for name, scope in scopes.items()})


def _kept(key: Hashable | None, build: Callable[[], T]) -> T:
    return build() if key is None else cache.get_or_build(key, build)


def _slot_facts(event: Event, categories: Sequence[CategoryRecord],
                sessions: Sequence[tuple[SessionInfo, str | None]],
                versions: ReportVersions) -> list[SlotFact]:
    """Each session's slot facts, kept on its version: ONE query for the sessions missing."""
    infos = [info for info, _version in sessions]
    shared = (event.id, event.timezone, versions.floor, versions.people, versions.global_)
    keys = [("balance-slots", info, own or ("p", versions.programme), shared)
            for info, own in sessions]
    pieces = cache.get_many(keys, None)
    missing = {info.id for info, piece in zip(infos, pieces, strict=True) if piece is None}
    if missing:
        loaded: dict[int, list[SlotFact]] = {session_id: [] for session_id in missing}
        for fact in load_facts(event, categories, infos, missing):
            loaded[fact.session_id].append(fact)
        for index, (info, key) in enumerate(zip(infos, keys, strict=True)):
            if pieces[index] is None:
                pieces[index] = tuple(loaded[info.id])
                cache.put(key, pieces[index])
    # Scratch order is by session id first, then within the session (`fact_order`).
    by_id = sorted(zip(infos, pieces, strict=True), key=lambda pair: pair[0].id)
    return [fact for _info, piece in by_id for fact in piece]


def report_data(event: Event, versions: ReportVersions | None) -> BalanceData:
    """What `queries.load_balance_data` gives, from the pieces kept for unchanged content."""
    categories = load_categories()
    sessions = load_sessions_with_versions(event)
    infos = [info for info, _version in sessions]
    if versions is None:
        facts = load_facts(event, categories, infos)
        counts = load_registration_counts(event, categories)
    else:
        facts = _slot_facts(event, categories, sessions, versions)
        counts = cache.get_or_build(
            ("balance-registrations", event.id, versions.registrations, versions.people,
             versions.global_), lambda: load_registration_counts(event, categories))
    return BalanceData(
        categories=categories, targets=load_targets(event, categories), sessions=infos,
        facts=facts, registration_counts=counts,
        floor_facts=load_floor_facts(event, categories, infos),
    )


def funnel_facts(event: Event, data: BalanceData, scope: Scope,
                 versions: ReportVersions | None) -> list[FunnelFact]:
    """What `funnel_queries.load_funnel_facts` gives: the stages kept on the registration
    side's versions, and who was heard read again (one small statement)."""
    if versions is None:
        return load_funnel_facts(event, data.categories, scope, data.sessions)
    in_scope = tuple(s.id for s in data.sessions if scope.includes(s.id, s.kind, s.local_day))
    stages = cache.get_or_build(
        ("balance-funnel", event.id, versions.registrations, versions.attendance,
         versions.floor, versions.people, versions.global_, scope.day, in_scope),
        lambda: tuple(load_keyed_funnel_facts(event, data.categories, scope, data.sessions,
                                              with_heard=False)))
    # Only a session that was run (a slot timed or marked heard, or a list of speakers) can
    # have heard anyone: before the event no statement is needed.
    run = any(s.is_run and scope.includes(s.id, s.kind, s.local_day) for s in data.sessions)
    heard = load_heard_facts(event, scope, data.sessions) if run else {}
    if not heard:
        return [fact for _group, fact in stages]
    merged = []
    for group, fact in stages:
        count, seconds = heard.get(group, (0, 0))
        merged.append(dataclasses.replace(fact, heard=count, heard_minutes=seconds / 60)
                      if count else fact)
    return sorted(merged, key=funnel_order)


def presence_facts(event: Event, categories: Sequence[CategoryRecord],
                   versions: ReportVersions | None) -> list[PresenceFact]:
    key = None if versions is None else (
        "balance-presence", event.id, versions.registrations, versions.attendance,
        versions.people, versions.global_)
    return _kept(key, lambda: load_presence_facts(event, categories))
