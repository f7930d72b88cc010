"""The state of one list of speakers, as the console, the public screen and floor.json see it.

Built from what floor.queries loads (a fixed number of queries): the speaker holding the
floor with their clock, the queue in the chair's order, the suggested order with reasons,
and who will be called next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l

from eventapp.balance.measures import region_for, region_label
from eventapp.db_types import utcnow
from eventapp.floor import budgets, clock, ordering, queries
from eventapp.floor.models import (
    INTERJECTION_KINDS,
    ORDER_POLICY_LABELS,
    SCREEN_NEXT_COUNT,
    SCREEN_PREVIOUS_COUNT,
    FloorRequest,
    SpeakersList,
)
from eventapp.i18n.content import localized
from eventapp.people.models import GOVERNANCE_LABELS
from eventapp.programme.models import Session
from eventapp.registration.models import DELEGATION_ROLES

ROLE_LABELS = dict(DELEGATION_ROLES)
NO_CATEGORY = _l("Category not stated")


def category_name(request: FloorRequest) -> str:
    """The category in the visitor's language: the screen and floor.json vary by language."""
    if request.category is None:
        return str(NO_CATEGORY)
    return localized(request.category, "name")


def organization_name(request: FloorRequest) -> str:
    return request.organization.name if request.organization is not None else ""


def clock_of(request: FloorRequest) -> clock.Clock:
    return clock.Clock(request.elapsed_seconds, request.running_since)


def entry_for(request: FloorRequest) -> ordering.Entry:
    org = organization_name(request) or request.person.full_name
    return ordering.Entry(
        request_id=request.id,
        category_key=str(request.category_id),
        category_name=category_name(request),
        organization_key=queries.organization_key(request.organization_id, request.person_id),
        organization_name=org,
        requested_at=request.requested_at,
        delegation_role=request.delegation_role,
        is_member_state=request.category is not None and request.category.key == "government",
    )


@dataclass
class Row:
    """One requester as the chair sees them: who, as whom, and what their group has said."""

    request: FloorRequest
    name: str
    organization: str
    category: str
    governance_level: str
    region: str
    role: str
    category_session: queries.Spoken
    organization_session: queries.Spoken
    category_event: queries.Spoken
    organization_event: queries.Spoken
    suggested_place: int | None = None
    reason: str = ""
    beyond_limit: bool = False


@dataclass
class FloorState:
    session: Session | None  # None where only the list matters (a participant's standing)
    speakers_list: SpeakersList | None
    current: FloorRequest | None
    queue: list[FloorRequest]          # waiting, in the chair's order
    suggested: list[ordering.Placed]   # waiting, in the suggested order
    suggested_requests: list[FloorRequest]
    history: list[FloorRequest]        # everything else, latest first
    rows: dict[int, Row]
    target_source: str
    # Speaking-time budgets per category, and the speaker a point of order or reply paused.
    budgets: list[budgets.BudgetLine] = field(default_factory=list)
    interrupted: FloorRequest | None = None

    @property
    def interjection(self) -> FloorRequest | None:
        """The point of order or right of reply holding the floor, if one does."""
        if self.current is not None and self.current.kind in INTERJECTION_KINDS:
            return self.current
        return None

    @property
    def version(self) -> int:
        return self.speakers_list.version if self.speakers_list is not None else 0

    @property
    def policy_label(self) -> str:
        if self.speakers_list is None:
            return ""
        return str(ORDER_POLICY_LABELS.get(self.speakers_list.policy, self.speakers_list.policy))

    @property
    def next_up(self) -> list[FloorRequest]:
        """Whom the chair will call next: the suggested order, or under the arrival policy
        the chair's own order (which starts as arrival order)."""
        if self.speakers_list is not None and self.speakers_list.policy == "arrival":
            return list(self.queue)
        return list(self.suggested_requests)

    def suggested_first(self) -> FloorRequest | None:
        return self.next_up[0] if self.next_up else None


def _spoken(table: dict, key: object) -> queries.Spoken:
    return table.get(key) or queries.Spoken()


def build(session: Session | None, speakers_list: SpeakersList | None, *,
          with_rows: bool = True, now: datetime | None = None) -> FloorState:
    """Load and shape the list's state: five queries with rows, three without (the budgets
    come with the list from queries.list_for_session).

    ``now`` is the instant the budgets' time left is counted at for the suggested order.
    """
    if speakers_list is None:
        return FloorState(session, None, None, [], [], [], [], {}, "participants")
    requests = queries.requests_of(speakers_list)
    tallies = queries.tallies(speakers_list)
    targets = queries.targets(speakers_list.event_id)
    waiting = [r for r in requests if r.status == "waiting"]
    current = next((r for r in requests if r.status == "speaking"), None)
    interrupted = next((r for r in requests if r.status == "interrupted"), None)
    budget_lines = _budget_lines(session, speakers_list, tallies, current, interrupted)
    now = now if now is not None else utcnow()
    by_id = {r.id: r for r in requests}
    placed = ordering.suggest(
        [entry_for(r) for r in waiting],
        ordering.Tally({str(k): v for k, v in tallies.given_category.items()},
                       dict(tallies.given_organization)),
        policy=speakers_list.policy,
        targets={str(k): v for k, v in targets.percents.items()},
        target_source=targets.source,
        limits=ordering.Limits(speakers_list.per_category_limit,
                               speakers_list.per_organization_limit),
        budgets=budgets.left_by_category(budget_lines, now),
        expected_seconds=speakers_list.default_limit_seconds,
    )
    suggested_requests = [by_id[item.entry.request_id] for item in placed]
    history = sorted((r for r in requests if r.status not in ("waiting", "speaking")),
                     key=lambda r: (r.finished_at or r.requested_at, r.id), reverse=True)
    rows: dict[int, Row] = {}
    if with_rows:
        for request in requests:
            rows[request.id] = _row(request, tallies)
        for place, item in enumerate(placed, start=1):
            row = rows[item.entry.request_id]
            row.suggested_place, row.reason, row.beyond_limit = place, item.reason, \
                item.beyond_limit
    return FloorState(session, speakers_list, current, waiting, placed, suggested_requests,
                      history, rows, targets.source, budget_lines, interrupted)


def _budget_lines(session: Session | None, speakers_list: SpeakersList, tallies: queries.Tallies,
                  current: FloorRequest | None,
                  interrupted: FloorRequest | None) -> list[budgets.BudgetLine]:
    speaker = interrupted or current
    running = None
    if speaker is not None and speaker.kind not in INTERJECTION_KINDS:
        running = (speaker.category_id, clock_of(speaker))
    # Loaded with the list by queries.list_for_session (a list locked for a change loads
    # them on first use).
    ordered = sorted(speakers_list.budgets,
                     key=lambda b: (b.category.sort_order, b.category.name, b.category_id))
    rows = [(budget, str(budget.category_id), localized(budget.category, "name"))
            for budget in ordered]
    if not rows:
        return []
    # A participant's standing is built without the session: it is loaded only for budgets.
    session = session if session is not None else speakers_list.session
    return budgets.lines(
        rows, session_seconds=session.duration_minutes * 60,
        done_seconds={k: v.seconds for k, v in tallies.session_category.items()},
        speaker=running)


def _row(request: FloorRequest, tallies: queries.Tallies) -> Row:
    organization = request.organization
    org_key = queries.organization_key(request.organization_id, request.person_id)
    return Row(
        request=request,
        name=request.person.full_name,
        organization=organization_name(request),
        category=category_name(request),
        governance_level=str(GOVERNANCE_LABELS.get(organization.governance_level, ""))
        if organization is not None else "",
        region=region_label(region_for(organization.country if organization is not None
                                       else None)),
        role=str(ROLE_LABELS.get(request.delegation_role, request.delegation_role)),
        category_session=_spoken(tallies.session_category, request.category_id),
        organization_session=_spoken(tallies.session_organization, org_key),
        category_event=_spoken(tallies.event_category, request.category_id),
        organization_event=_spoken(tallies.event_organization, org_key),
    )


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def public_speaker(request: FloorRequest) -> dict:
    """Name, organization and category only: nothing else personal on a public screen."""
    return {"name": request.person.full_name, "organization": organization_name(request),
            "category": category_name(request)}


def public_snapshot(state: FloorState) -> dict:
    """Everything the screen shows that changes only with the list's version.

    The running clock is kept as stored instants (`_clock`), so one snapshot per version
    serves every poll; `public_json` adds the time-dependent figures per request.
    """
    speakers_list = state.speakers_list
    next_count = speakers_list.screen_next_count if speakers_list is not None \
        else SCREEN_NEXT_COUNT
    show_previous = bool(speakers_list is not None and speakers_list.screen_show_previous)
    # History is latest first: the last ones who spoke, not those taken off the list.
    previous = [public_speaker(r) for r in state.history if r.status == "done"][
        :SCREEN_PREVIOUS_COUNT] if show_previous else []
    current = None
    if state.current is not None:
        request = state.current
        current = {
            **public_speaker(request),
            "started_at": iso(request.started_at),
            "running": request.running_since is not None,
            "limit_seconds": request.limit_seconds,
            "_clock": clock_of(request),
        }
    return {
        "version": state.version,
        "session": {"id": state.session.id, "title": localized(state.session, "title")},
        "is_open": bool(speakers_list is not None and speakers_list.is_open),
        "policy": speakers_list.policy if speakers_list is not None else None,
        "current": current,
        "next": [public_speaker(r) for r in state.next_up[:next_count]],
        "queue_length": len(state.queue),
        "interjection": _public_interjection(state),
        "_budgets": state.budgets,
        "next_count": next_count,
        "show_previous": show_previous,
        "previous": previous,
    }


def _public_interjection(state: FloorState) -> dict | None:
    interjection = state.interjection
    if interjection is None:
        return None
    paused = state.interrupted
    return {"kind": interjection.kind,
            "interrupted": {**public_speaker(paused), "elapsed_seconds": paused.elapsed_seconds}
            if paused is not None else None}


def public_json(snapshot: FloorState | dict, now: datetime) -> dict:
    """The public state at `now`: the snapshot plus the clock and the server's time."""
    if isinstance(snapshot, FloorState):
        snapshot = public_snapshot(snapshot)
    current = snapshot["current"]
    if current is not None:
        current = {key: value for key, value in current.items() if key != "_clock"}
        current["elapsed_seconds"] = clock.elapsed(snapshot["current"]["_clock"], now)
    public = {key: value for key, value in snapshot.items() if key != "_budgets"}
    public["budgets"] = [line.public(now) for line in snapshot.get("_budgets", [])]
    return {**public, "current": current, "server_time": iso(now)}


def clock_text(current: dict | None) -> str:
    """What the clock shows: time left (negative once over), or time spoken without a limit."""
    if current is None:
        return ""
    limit, spoken = current["limit_seconds"], current["elapsed_seconds"]
    return clock.format_seconds(limit - spoken if limit else spoken)
