"""How balanced does each order of speakers leave the floor? A simulation, no server needed.

Many sessions are simulated with skewed request streams (governments asking for half of all
interventions, migrants' organizations for a twentieth, requests in bursts, ...). Each
session's floor time is cut by its length, so whoever the order leaves at the end is not
heard. For each policy (arrival, balanced, balanced with budgets of each category's share
of participants) the script reports the balance report's fit score (eventapp.balance.metrics
.fit_to_registrations: 100 when each category's share of speaking time equals its share of
approved participants) as mean, standard deviation, minimum and maximum over the runs.

Seeded, so every run prints the same figures. Exits 1 unless balanced beats arrival on every
stream tried.

Run: .venv/bin/python bench/floor_balance.py [runs]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import random
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from eventapp.balance.measures import fit_to_registrations
from eventapp.floor.budgets import BudgetLeft
from eventapp.floor.ordering import Entry, Tally, suggest

SEED = 20261207
RUNS = 100
SESSION_SECONDS = 45 * 60   # floor time before the chair must close the list
REQUESTS = 40               # per session: more than the time allows
ASKING_SECONDS = 35 * 60    # requests arrive during this part of the session
LIMIT_SECONDS = 180         # time per intervention the budgets count each placed speaker as
START = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)

# Approved participants per category (the report's baseline) and organizations per category.
PARTICIPANTS = {"government": 35, "civil-society": 25, "un-system": 15,
                "migrants-diaspora": 15, "academia": 10}
ORGANIZATIONS = {"government": 40, "civil-society": 20, "un-system": 8,
                 "migrants-diaspora": 6, "academia": 6}
CATEGORIES = tuple(PARTICIPANTS)


@dataclass(frozen=True)
class Stream:
    name: str
    shares: dict[str, float]  # of the requests, per category
    burst: int = 1            # requests of one category arriving together


STREAMS = (
    Stream("governments 1/2, migrants 1/20",
           {"government": .50, "civil-society": .20, "un-system": .15,
            "migrants-diaspora": .05, "academia": .10}),
    Stream("same, in bursts of 5",
           {"government": .50, "civil-society": .20, "un-system": .15,
            "migrants-diaspora": .05, "academia": .10}, burst=5),
    Stream("governments 3/4",
           {"government": .75, "civil-society": .10, "un-system": .05,
            "migrants-diaspora": .05, "academia": .05}),
    Stream("civil society 1/2, governments 1/10",
           {"government": .10, "civil-society": .50, "un-system": .20,
            "migrants-diaspora": .10, "academia": .10}),
)
POLICIES = ("arrival", "balanced", "balanced with budgets")


def _requests(stream: Stream, rng: random.Random) -> list[Entry]:
    categories = list(stream.shares)
    weights = [stream.shares[c] for c in categories]
    entries: list[Entry] = []
    while len(entries) < REQUESTS:
        category = rng.choices(categories, weights)[0]
        at = START + timedelta(seconds=rng.uniform(0, ASKING_SECONDS))
        for _ in range(min(stream.burst, REQUESTS - len(entries))):
            org = f"{category}-{rng.randrange(ORGANIZATIONS[category])}"
            entries.append(Entry(request_id=len(entries) + 1, category_key=category,
                                 category_name=category, organization_key=org,
                                 organization_name=org, requested_at=at))
    return entries


def _session(stream: Stream, policy: str, rng: random.Random) -> float:
    """One session under one policy: the fit of its speaking time to the participants."""
    pending = sorted(_requests(stream, rng), key=lambda e: (e.requested_at, e.request_id))
    lengths = {e.request_id: rng.randint(100, 240) for e in pending}
    total = sum(PARTICIPANTS.values())
    targets = {c: Fraction(n * 100, total) for c, n in PARTICIPANTS.items()}
    budget = {c: SESSION_SECONDS * n // total for c, n in PARTICIPANTS.items()}
    spoken: Counter = Counter()
    by_category: Counter = Counter()
    by_organization: Counter = Counter()
    clock = 0
    while clock < SESSION_SECONDS and pending:
        now = START + timedelta(seconds=clock)
        waiting = [e for e in pending if e.requested_at <= now]
        if not waiting:
            clock = int((pending[0].requested_at - START).total_seconds()) + 1
            continue
        budgets = None
        if policy == "balanced with budgets":
            budgets = {c: BudgetLeft(budget[c], budget[c] - spoken[c]) for c in CATEGORIES}
        placed = suggest(waiting, Tally(dict(by_category), dict(by_organization)),
                         policy="arrival" if policy == "arrival" else "balanced",
                         targets=targets, target_source="participants", budgets=budgets,
                         expected_seconds=LIMIT_SECONDS)
        chosen = placed[0].entry
        pending.remove(chosen)
        # The list is cut at the session's end: the last speaker's time counts only so far.
        seconds = min(lengths[chosen.request_id], SESSION_SECONDS - clock)
        spoken[chosen.category_key] += seconds
        by_category[chosen.category_key] += 1
        by_organization[chosen.organization_key] += 1
        clock += seconds
    time_total = sum(spoken.values())
    return fit_to_registrations([spoken[c] / time_total for c in CATEGORIES],
                                [PARTICIPANTS[c] / total for c in CATEGORIES])


def main(runs: int = RUNS) -> int:
    print(f"Fit of speaking time to approved participants (100 = the same shares), "
          f"{runs} seeded sessions per stream and policy; {REQUESTS} requests, "
          f"{SESSION_SECONDS // 60} min of floor time.")
    print(f"{'stream':<38}{'policy':<24}{'mean':>7}{'sd':>6}{'min':>7}{'max':>7}")
    failed = []
    for stream in STREAMS:
        means = {}
        for policy in POLICIES:
            # The same seed per stream: every policy orders the same request streams.
            rng = random.Random(f"{SEED}-{stream.name}")
            fits = [_session(stream, policy, rng) for _ in range(runs)]
            means[policy] = statistics.mean(fits)
            print(f"{stream.name:<38}{policy:<24}{means[policy]:>7.1f}"
                  f"{statistics.pstdev(fits):>6.1f}{min(fits):>7.1f}{max(fits):>7.1f}")
        if means["balanced"] <= means["arrival"]:
            failed.append(stream.name)
    if failed:
        print("Balanced does NOT beat arrival on: " + "; ".join(failed))
        return 1
    print("Balanced beats arrival on every stream tried.")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS))
