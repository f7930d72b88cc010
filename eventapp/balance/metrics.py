"""Speaking-balance maths over plain rows: no database, no Flask.

Rules used throughout (and stated on the report page):

- Speaking time of a slot is its recorded actual time when a clock recorded one. In a session
  that has been run (a list of speakers, a recorded time or a chair's "heard" mark), an untimed
  slot counts its planned minutes only when the chair marked it heard, else nothing: it is
  "planned, not heard". A session never run counts its planned minutes (0 when unknown).
- Slots (and so the slot share and z) are the programme's slots, heard or not.
- Slot share is a group's share of speaking slots; minute share is its share of speaking time.
- The z value compares the *slot* share with the registration share, because n (the sample size)
  is the number of slots in scope: z = (p_slot - p_reg) / sqrt(p_reg (1 - p_reg) / n).
- Representation ratio = minute share / registration share.

Words (labels, flags, sentences) come out in the language being rendered (Flask-Babel's
gettext; English outside a request), so a report is built per language and cached per
language; keys never change with it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

# Importable from here as before: callers name them as the report's own types.
from eventapp.balance.facts import (
    NOT_STATED,
    NOT_STATED_LABEL,
    Category,
    FloorSummary,
    Funnel,
    Scope,
    SessionInfo,
    SlotFact,
    Target,
)
from eventapp.balance.measures import (
    GENDERS,
    REGION_LABELS,
    REGIONS,
    baseline_sentence,
    evenness,
    fit_to_registrations,
    share,
    z_meaning,
    z_score,
)
from eventapp.people.models import GOVERNANCE_LABELS, GOVERNANCE_LEVELS
from eventapp.programme.models import SPEAKER_ROLES

LOCAL_VOICE_LEVELS = frozenset({"local", "regional"})


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    slots: int
    planned_minutes: float
    actual_minutes: float
    minutes: float
    slot_share: float | None
    minute_share: float | None
    registration_share: float | None = None
    representation_ratio: float | None = None
    z: float | None = None
    target_min: float | None = None
    target_max: float | None = None
    flag: str | None = None
    recorded_slots: int = 0
    recorded_planned_minutes: float = 0.0
    not_heard_slots: int = 0
    not_heard_minutes: float = 0.0
    heard_untimed_slots: int = 0
    heard_untimed_minutes: float = 0.0
    overrun_minutes: float = 0.0

    @property
    def z_meaning(self) -> str:
        return z_meaning(self.z)


@dataclass(frozen=True)
class CrossCell:
    slots: int
    minutes: float


@dataclass(frozen=True)
class CrossRow:
    key: str
    label: str
    cells: dict[str, CrossCell]
    slots: int
    minutes: float


@dataclass(frozen=True)
class SessionRow:
    id: int
    title: str
    kind: str
    local_day: date | None
    slots: int
    minutes: float
    category_keys: tuple[str, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    evenness: float | None
    fit_to_registrations: float | None


@dataclass(frozen=True)
class BalanceReport:
    scope: Scope
    total_slots: int
    total_minutes: float
    recorded_slots: int
    registrations: int
    by_category: list[GroupRow]
    by_role: list[GroupRow]
    by_governance_level: list[GroupRow]
    by_gender: list[GroupRow]
    by_region: list[GroupRow]
    category_by_role: list[CrossRow]
    sessions: list[SessionRow]
    scores: Scores
    flagged_categories: list[GroupRow] = field(default_factory=list)
    # What happened on the floor (lists of speakers); None where the caller did not load it.
    floor: FloorSummary | None = None
    # Participants from registered to heard (balance/funnel.py); None where not loaded.
    funnel: Funnel | None = None

    @property
    def baseline(self) -> str:
        return baseline_sentence(self.registrations)

    @property
    def not_heard_slots(self) -> int:
        return sum(row.not_heard_slots for row in self.by_category)

    @property
    def not_heard_minutes(self) -> float:
        return sum(row.not_heard_minutes for row in self.by_category)

    @property
    def heard_untimed_slots(self) -> int:
        return sum(row.heard_untimed_slots for row in self.by_category)

    @property
    def heard_untimed_minutes(self) -> float:
        return sum(row.heard_untimed_minutes for row in self.by_category)

    @property
    def flagged_sessions(self) -> list[SessionRow]:
        return [s for s in self.sessions if s.flags]

    @property
    def dimensions(self) -> list[tuple[str, str, list[GroupRow]]]:
        return [
            ("category", _("Stakeholder category"), self.by_category),
            ("role", _("Role"), self.by_role),
            ("governance_level", _("Governance level"), self.by_governance_level),
            ("gender", _("Gender (self-described)"), self.by_gender),
            ("region", _("Region (UN M49)"), self.by_region),
        ]


# --- The report ------------------------------------------------------------------------------


@dataclass
class _Totals:
    slots: int = 0
    planned: float = 0.0
    actual: float = 0.0
    minutes: float = 0.0
    recorded: int = 0
    recorded_planned: float = 0.0
    not_heard_slots: int = 0
    not_heard_minutes: float = 0.0
    heard_untimed_slots: int = 0
    heard_untimed_minutes: float = 0.0
    overrun: float = 0.0

    def add(self, fact: SlotFact) -> None:
        self.slots += fact.slots
        self.planned += fact.planned_minutes
        self.actual += fact.actual_minutes or 0.0
        self.minutes += fact.minutes
        self.recorded += fact.recorded
        self.recorded_planned += fact.recorded_planned_minutes
        self.not_heard_slots += fact.not_heard_slots
        self.not_heard_minutes += fact.not_heard_minutes
        self.heard_untimed_slots += fact.heard_untimed_slots
        self.heard_untimed_minutes += fact.heard_untimed_minutes
        self.overrun += fact.overrun

    def heard_fields(self) -> dict[str, float]:
        return {"not_heard_slots": self.not_heard_slots,
                "not_heard_minutes": self.not_heard_minutes,
                "heard_untimed_slots": self.heard_untimed_slots,
                "heard_untimed_minutes": self.heard_untimed_minutes,
                "overrun_minutes": self.overrun}


def _totals_by(facts: Iterable[SlotFact],
               key: Callable[[SlotFact], str]) -> dict[str, _Totals]:
    totals: dict[str, _Totals] = defaultdict(_Totals)
    for fact in facts:
        totals[key(fact)].add(fact)
    return totals


def _group_rows(universe: Sequence[tuple[str, str]], totals: Mapping[str, _Totals],
                all_slots: int, all_minutes: float) -> list[GroupRow]:
    """One row per group of the universe, zeros included; "Not stated" only when it occurs."""
    keys = [key for key, _label in universe]
    # str(): labels may be lazy translations; rows carry plain text for the exports.
    labels = {key: str(label) for key, label in universe}
    for key in totals:
        if key not in labels:
            keys.append(key)
            labels[key] = str(NOT_STATED_LABEL) if key == NOT_STATED else key
    rows = []
    for key in keys:
        t = totals.get(key, _Totals())
        rows.append(GroupRow(
            key=key, label=labels[key], slots=t.slots, planned_minutes=t.planned,
            actual_minutes=t.actual, minutes=t.minutes,
            slot_share=share(t.slots, all_slots),
            minute_share=share(t.minutes, all_minutes),
            recorded_slots=t.recorded, recorded_planned_minutes=t.recorded_planned,
            **t.heard_fields(),
        ))
    return rows


def _category_rows(rows: list[GroupRow], registration_counts: Mapping[str, int],
                   targets: Mapping[str, Target], n: int) -> list[GroupRow]:
    registrations = sum(registration_counts.values())
    result = []
    for row in rows:
        p_reg = share(registration_counts.get(row.key, 0), registrations)
        ratio = None
        if row.minute_share is not None and p_reg:
            ratio = row.minute_share / p_reg
        target = targets.get(row.key, Target())
        result.append(dataclasses.replace(
            row, registration_share=p_reg, representation_ratio=ratio,
            z=z_score(row.slot_share, p_reg, n), target_min=target.min_percent,
            target_max=target.max_percent, flag=target_flag(row.minute_share, target),
        ))
    return result


def target_flag(minute_share: float | None, target: Target) -> str | None:
    if minute_share is None:
        return None
    percent = 100 * minute_share
    # A tolerance keeps 15.000000000000002% from counting as "above 15%".
    if target.min_percent is not None and percent < target.min_percent - 1e-9:
        return _("below target")
    if target.max_percent is not None and percent > target.max_percent + 1e-9:
        return _("above target")
    return None


def session_flags(kind: str, facts: Sequence[SlotFact], *, required: Sequence[Category],
                  requires_local_voice: bool) -> tuple[str, ...]:
    """Why a session needs a second look, in words an organizer can act on."""
    flags = []
    slots = sum(f.slots for f in facts)
    categories = {f.category_key for f in facts}
    if slots >= 2 and len(categories) == 1:
        flags.append(_("All speakers come from one category"))
    if kind == "panel":
        missing = [c.label for c in required if c.key not in categories]
        if missing:
            flags.append(_("Missing required categories: %(categories)s",
                           categories=", ".join(missing)))
        stated = [f for f in facts if f.gender != NOT_STATED]
        if sum(f.slots for f in stated) >= 2 and all(f.gender == "man" for f in stated):
            flags.append(_("All speakers with a stated gender are men"))
    if requires_local_voice and slots and kind != "break" and not any(
        f.governance_level in LOCAL_VOICE_LEVELS for f in facts
    ):
        flags.append(_("No local or regional voice"))
    return tuple(flags)


def build_report(
    facts: Iterable[SlotFact],
    *,
    categories: Sequence[Category],
    registration_counts: Mapping[str, int] | None = None,
    targets: Mapping[str, Target] | None = None,
    sessions: Sequence[SessionInfo] = (),
    scope: Scope | None = None,
    requires_local_voice: bool = False,
) -> BalanceReport:
    """Every figure of the report from slot facts, registration counts and the event's targets."""
    scope = scope or Scope()
    registration_counts = registration_counts or {}
    targets = targets or {}
    in_scope = [f for f in facts if scope.includes(f.session_id, f.session_kind, f.local_day)]
    n = sum(f.slots for f in in_scope)
    all_minutes = sum(f.minutes for f in in_scope)
    registrations = sum(registration_counts.values())

    category_universe = [(c.key, c.label) for c in categories]
    by_category = _category_rows(
        _group_rows(category_universe, _totals_by(in_scope, lambda f: f.category_key),
                    n, all_minutes),
        registration_counts, targets, n,
    )

    def dimension(universe: Sequence[tuple[str, str]],
                  key: Callable[[SlotFact], str]) -> list[GroupRow]:
        return _group_rows(universe, _totals_by(in_scope, key), n, all_minutes)

    by_role = dimension(SPEAKER_ROLES, lambda f: f.role)
    # str(): the labels are lazy (they follow the language); a report holds plain text.
    by_governance = dimension([(g, str(GOVERNANCE_LABELS[g])) for g in GOVERNANCE_LEVELS],
                              lambda f: f.governance_level)
    by_gender = dimension([*((key, str(label)) for key, label in GENDERS),
                           (NOT_STATED, str(NOT_STATED_LABEL))], lambda f: f.gender)
    by_region = dimension([(r, str(REGION_LABELS[r])) for r in REGIONS], lambda f: f.region)

    cross_totals = _totals_by(in_scope, lambda f: f"{f.category_key}\x00{f.role}")
    category_by_role = []
    for row in by_category:
        cells = {}
        for role, _label in SPEAKER_ROLES:
            t = cross_totals.get(f"{row.key}\x00{role}", _Totals())
            cells[role] = CrossCell(slots=t.slots, minutes=t.minutes)
        category_by_role.append(CrossRow(key=row.key, label=row.label, cells=cells,
                                         slots=row.slots, minutes=row.minutes))

    minute_shares = [row.minute_share or 0.0 for row in by_category]
    fit = None
    if registrations and all_minutes:
        fit = fit_to_registrations(minute_shares,
                                   [row.registration_share or 0.0 for row in by_category])
    scores = Scores(evenness=evenness(minute_shares, len(by_category)), fit_to_registrations=fit)

    required = [c for c in categories if targets.get(c.key, Target()).required_on_panels]
    facts_by_session: dict[int, list[SlotFact]] = defaultdict(list)
    for fact in in_scope:
        facts_by_session[fact.session_id].append(fact)
    session_rows = []
    for info in sessions:
        if not scope.includes(info.id, info.kind, info.local_day):
            continue
        own = facts_by_session.get(info.id, [])
        session_rows.append(SessionRow(
            id=info.id, title=info.title, kind=info.kind, local_day=info.local_day,
            slots=sum(f.slots for f in own), minutes=sum(f.minutes for f in own),
            category_keys=tuple(sorted({f.category_key for f in own})),
            flags=session_flags(info.kind, own, required=required,
                                requires_local_voice=requires_local_voice),
        ))

    return BalanceReport(
        scope=scope, total_slots=n, total_minutes=all_minutes,
        recorded_slots=sum(f.recorded for f in in_scope),
        registrations=registrations,
        by_category=by_category, by_role=by_role, by_governance_level=by_governance,
        by_gender=by_gender, by_region=by_region, category_by_role=category_by_role,
        sessions=session_rows, scores=scores,
        flagged_categories=[row for row in by_category if row.flag],
    )
