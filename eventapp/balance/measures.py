"""Small pure measures of the balance report: shares, z, evenness, fit, the baseline in
words, small counts hidden in public, and a speaker's gender and region as the report groups
them. No database; words follow the language being rendered.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from eventapp.balance.facts import NOT_STATED, NOT_STATED_LABEL
from eventapp.people.models import GENDER_CHOICES

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
# The keys are the UN Statistics Division's English names (data/m49_regions.csv).
REGION_LABELS = {"Africa": _l("Africa"), "Americas": _l("Americas"), "Asia": _l("Asia"),
                 "Europe": _l("Europe"), "Oceania": _l("Oceania")}
# "prefer-not" is folded into "Not stated": choosing not to say is not a gender.
GENDERS = tuple((key, label) for key, label in GENDER_CHOICES if key != "prefer-not")
SMALL_COUNT_THRESHOLD = 5
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def z_score(p_speak: float | None, p_reg: float | None, n: int) -> float | None:
    """Normal approximation of a one-sample proportion test; None where it is undefined."""
    if p_speak is None or p_reg is None or n <= 0 or p_reg <= 0 or p_reg >= 1:
        return None
    return (p_speak - p_reg) / math.sqrt(p_reg * (1 - p_reg) / n)


def z_meaning(z: float | None) -> str:
    if z is None:
        return _("Not defined")
    size = abs(z)
    if size >= 2.576:
        if z > 0:
            return _("Over-represented: far more than chance would explain (99%)")
        return _("Under-represented: far more than chance would explain (99%)")
    if size >= 1.96:
        if z > 0:
            return _("Over-represented: more than chance would explain (95%)")
        return _("Under-represented: more than chance would explain (95%)")
    return _("Within what chance would explain")


def evenness(minute_shares: Sequence[float], k: int) -> float:
    """100 x Shannon entropy of the shares divided by ln(K); 0 when nothing is in scope."""
    if k <= 1 or not any(minute_shares):
        return 0.0
    entropy = -sum(p * math.log(p) for p in minute_shares if p > 0)
    return 100 * entropy / math.log(k)


def fit_to_registrations(minute_shares: Sequence[float],
                         registration_shares: Sequence[float]) -> float:
    """100 x (1 - total variation distance) between two distributions over the same groups."""
    distance = sum(abs(m - r) for m, r in zip(minute_shares, registration_shares, strict=True))
    return 100 * (1 - distance / 2)


def baseline_sentence(participants: int) -> str:
    """The registration baseline in words: who it counts, and who it leaves out on purpose."""
    return ngettext("Baseline: %(num)d approved participant, invited speakers not counted",
                    "Baseline: %(num)d approved participants, invited speakers not counted",
                    participants)


def suppress_small(count: int, threshold: int = SMALL_COUNT_THRESHOLD) -> int | str:
    """Counts from optional self-identification are shown in public only from `threshold` up."""
    return count if count >= threshold else _("fewer than %(threshold)s", threshold=threshold)


def normalize_gender(gender: str | None) -> str:
    if not gender or gender == "prefer-not":
        return NOT_STATED
    return gender


@lru_cache(maxsize=1)
def m49_regions() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> M49 region, from the shipped UN Statistics Division table."""
    with (DATA_DIR / "m49_regions.csv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["alpha2"]: row["region"] for row in csv.DictReader(lines)}


def region_for(country: str | None) -> str:
    return m49_regions().get((country or "").strip().upper()) or NOT_STATED


def region_label(region: str) -> str:
    """A region key (or NOT_STATED) in words, in the language being rendered."""
    if region == NOT_STATED:
        return str(NOT_STATED_LABEL)
    return str(REGION_LABELS.get(region, region))
