"""Who should speak next: the suggested order of a list of speakers, explained in words.

One pure function, ``suggest``, takes plain data (the waiting requests, what each category
and organization has said so far in the session, the targets) and a policy, and returns
every request in its suggested place with the reason for that place:

* balanced: the category furthest below its target share of the session's interventions
  first; within that, organizations that have not spoken yet in the session before those
  that have; arrival breaks ties. Each place is chosen as if the speakers above it had
  already spoken, so one under-heard group does not take every place at once.
* balanced with budgets (the balanced policy on a list with speaking-time budgets): the
  category with the larger part of its budget left first, categories with no time left
  last; a category without a budget counts as having all of it left. Each speaker above
  is counted as using the list's time per intervention. The balanced rules break ties.
* arrival: first come, first served.
* protocol: Member States first, then observer States, then other stakeholders; within
  them by level of representation (minister, head of delegation, delegate, observer);
  arrival breaks ties.

Under every policy a request beyond the list's limit per category or per organization is
still shown, last, with the limit it goes beyond. Reasons are worded in the language being
rendered (English outside a request).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from eventapp.floor.budgets import BudgetLeft, duration_text
from eventapp.i18n import current_language
from eventapp.i18n.formatting import percent

LEVEL_RANK = {"minister": 0, "head": 1, "delegate": 2, "observer": 3}
LEVEL_LABELS = {
    "minister": _l("minister or high-level representative"),
    "head": _l("head of delegation"),
    "delegate": _l("delegate"),
    "observer": _l("observer"),
}


@dataclass(frozen=True)
class Entry:
    request_id: int
    category_key: str
    category_name: str
    # Who counts as one voice for 'first-time' and per-organization limits: the
    # organization, or the person for someone speaking without one.
    organization_key: str
    organization_name: str
    requested_at: datetime
    delegation_role: str = "delegate"
    is_member_state: bool = False


@dataclass(frozen=True)
class Tally:
    """Interventions so far in the session, per category key and per organization key."""

    by_category: Mapping[str, int]
    by_organization: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


@dataclass(frozen=True)
class Limits:
    per_category: int | None = None
    per_organization: int | None = None


@dataclass(frozen=True)
class Placed:
    entry: Entry
    reason: str
    beyond_limit: bool = False


def ordinal(n: int) -> str:
    """1st, 2nd (English); 1er, 2e (French); 1.º, 2.º (Spanish)."""
    language = current_language()
    if language == "fr":
        return "1er" if n == 1 else f"{n}e"
    if language == "es":
        return f"{n}.º"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _percent(value: Fraction) -> str:
    rounded = round(float(value), 1)
    return percent(rounded / 100, 0 if rounded.is_integer() else 1)


def _joined(parts: Sequence[str]) -> str:
    # The separator is punctuation French spaces differently: it goes through the catalog.
    text = parts[0]
    for part in parts[1:]:
        text = _("%(first)s; %(then)s", first=text, then=part)
    return text


def suggest(
    entries: Sequence[Entry],
    tally: Tally,
    *,
    policy: str,
    targets: Mapping[str, Fraction | float] | None = None,
    target_source: str = "target",
    limits: Limits = Limits(),
    budgets: Mapping[str, BudgetLeft] | None = None,
    expected_seconds: int = 0,
) -> list[Placed]:
    """Every entry in its suggested place, with the reason for the place.

    ``budgets`` (per category key) turn the balanced policy into balanced with budgets;
    ``expected_seconds`` is what each speaker placed above is counted as using of them.
    """
    by_arrival = sorted(entries, key=lambda e: (e.requested_at, e.request_id))
    arrival_rank = {e.request_id: i + 1 for i, e in enumerate(by_arrival)}
    category_counts = Counter(tally.by_category)
    organization_counts = Counter(tally.by_organization)
    shares = {key: _fraction(value) for key, value in (targets or {}).items()}
    remaining = list(by_arrival)
    placed: list[Placed] = []
    projected_use: Counter = Counter()
    while remaining:
        within = [e for e in remaining
                  if _beyond(e, category_counts, organization_counts, limits) is None]
        if not within:
            break
        if policy == "balanced" and budgets:
            total = sum(category_counts.values())
            chosen = min(within, key=lambda e: (
                _budget_rank(e.category_key, budgets, projected_use),
                -_deficit(e.category_key, shares, category_counts, total),
                organization_counts[e.organization_key] > 0,
                arrival_rank[e.request_id],
            ))
            reason = _budget_reason(chosen, budgets, projected_use, organization_counts)
            projected_use[chosen.category_key] += expected_seconds
        elif policy == "balanced":
            total = sum(category_counts.values())
            chosen = min(within, key=lambda e: (
                -_deficit(e.category_key, shares, category_counts, total),
                organization_counts[e.organization_key] > 0,
                arrival_rank[e.request_id],
            ))
            reason = _balanced_reason(chosen, tally, category_counts, organization_counts,
                                      shares, target_source)
        elif policy == "protocol":
            chosen = min(within, key=lambda e: (
                _protocol_group(e), LEVEL_RANK.get(e.delegation_role, 2),
                arrival_rank[e.request_id],
            ))
            reason = _protocol_reason(chosen, arrival_rank[chosen.request_id])
        else:
            chosen = within[0]
            reason = _("Arrival order: %(ordinal)s to ask",
                       ordinal=ordinal(arrival_rank[chosen.request_id]))
        placed.append(Placed(chosen, reason))
        remaining.remove(chosen)
        category_counts[chosen.category_key] += 1
        organization_counts[chosen.organization_key] += 1
    for entry in remaining:
        why = _beyond(entry, category_counts, organization_counts, limits) or ""
        placed.append(Placed(entry, why, beyond_limit=True))
    return placed


def _fraction(value: Fraction | float) -> Fraction:
    # Percent figures as typed (15.5) compare exactly, so equal targets are real ties.
    if isinstance(value, Fraction):
        return value / 100
    return Fraction(str(value)) / 100


def _deficit(key: str, shares: Mapping[str, Fraction], counts: Counter, total: int) -> Fraction:
    target = shares.get(key, Fraction(0))
    if total == 0:
        return target
    return target - Fraction(counts[key], total)


def _beyond(entry: Entry, categories: Counter, organizations: Counter,
            limits: Limits) -> str | None:
    if (limits.per_organization is not None
            and organizations[entry.organization_key] >= limits.per_organization):
        return _("Beyond the limit of %(limit)s per organization: %(organization)s already "
                 "has %(count)s", limit=limits.per_organization,
                 organization=entry.organization_name,
                 count=organizations[entry.organization_key])
    if (limits.per_category is not None
            and categories[entry.category_key] >= limits.per_category):
        return _("Beyond the limit of %(limit)s per category: %(category)s already has "
                 "%(count)s", limit=limits.per_category, category=entry.category_name,
                 count=categories[entry.category_key])
    return None


def _balanced_reason(entry: Entry, tally: Tally, categories: Counter, organizations: Counter,
                     shares: Mapping[str, Fraction], target_source: str) -> str:
    so_far = tally.by_category.get(entry.category_key, 0)
    share = shares.get(entry.category_key)
    if share is None:
        aim = _("no target")
    elif target_source == "target":
        aim = _("target %(percent)s", percent=_percent(share * 100))
    else:
        aim = _("%(percent)s of participants", percent=_percent(share * 100))
    parts = [_("%(category)s: %(count)s of %(total)s interventions so far, %(aim)s",
               category=entry.category_name, count=so_far, total=tally.total, aim=aim)]
    projected, projected_total = categories[entry.category_key], sum(categories.values())
    if (projected, projected_total) != (so_far, tally.total):
        parts.append(_("%(count)s of %(total)s counting the speakers above",
                       count=projected, total=projected_total))
    parts.append(_organization_part(entry, organizations))
    return _joined(parts)


def _budget_rank(key: str, budgets: Mapping[str, BudgetLeft],
                 projected_use: Counter) -> tuple[bool, Fraction]:
    """(no time left, minus the part of the budget left): the smaller, the earlier."""
    budget = budgets.get(key)
    if budget is None:
        return (False, Fraction(-1))
    left = budget.left_seconds - projected_use[key]
    return (left <= 0, -Fraction(left, budget.budget_seconds or 1))


def _budget_reason(entry: Entry, budgets: Mapping[str, BudgetLeft], projected_use: Counter,
                   organizations: Counter) -> str:
    budget = budgets.get(entry.category_key)
    if budget is None:
        parts = [_("%(category)s: no speaking-time budget", category=entry.category_name)]
    else:
        whole = duration_text(budget.budget_seconds)
        left = budget.left_seconds
        if left < 0:
            parts = [_("%(category)s: no time left, over by %(over)s of %(budget)s",
                       category=entry.category_name, over=duration_text(left), budget=whole)]
        elif left == 0:
            parts = [_("%(category)s: no time left of %(budget)s",
                       category=entry.category_name, budget=whole)]
        else:
            parts = [_("%(category)s: %(left)s of %(budget)s left",
                       category=entry.category_name, left=duration_text(left), budget=whole)]
        projected = left - projected_use[entry.category_key]
        if projected_use[entry.category_key] and left > 0:
            parts.append(_("%(left)s counting the speakers above",
                           left=duration_text(projected)) if projected > 0
                         else _("none counting the speakers above"))
    parts.append(_organization_part(entry, organizations))
    return _joined(parts)


def _protocol_group(entry: Entry) -> int:
    if entry.is_member_state:
        return 1 if entry.delegation_role == "observer" else 0
    return 2


def _protocol_reason(entry: Entry, arrival: int) -> str:
    group = (_("Member State"), _("Observer State"), entry.category_name)[_protocol_group(entry)]
    level = LEVEL_LABELS.get(entry.delegation_role, entry.delegation_role)
    return _("%(group)s, %(level)s; %(ordinal)s to ask", group=group, level=str(level),
             ordinal=ordinal(arrival))


def _organization_part(entry: Entry, organizations: Counter) -> str:
    """Whether the requester's organization has spoken yet: first voices come first."""
    spoken = organizations[entry.organization_key]
    if spoken:
        return ngettext("%(organization)s has spoken once",
                        "%(organization)s has spoken %(num)d times", spoken,
                        organization=entry.organization_name)
    return _("first intervention for %(organization)s", organization=entry.organization_name)
