"""Category quotas in places: the arithmetic and the sentences, with no database.

A quota is entered either as a number of places or as a percentage of the capacity; either
way the organizer and the participants are told what it means in places ("20% of 150 = 30
places"). A quota given in places is that many places whatever the capacity; a percentage
means nothing without a capacity and is refused then, so no quota is stored that silently
does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

UNIT_PLACES = "places"
UNIT_PERCENT = "percent"
UNITS = ((UNIT_PLACES, "places"), (UNIT_PERCENT, "% of capacity"))


def quota_places(capacity: int | None, max_percent: int | None,
                 max_places: int | None = None) -> int | None:
    """How many places a category may hold; None when it has no limit.

    A quota in places is the number itself; a percentage is floor(capacity * percent / 100)
    and gives no limit without a capacity.
    """
    if max_places is not None:
        return max_places
    if capacity is None or max_percent is None:
        return None
    return capacity * max_percent // 100


@dataclass(frozen=True)
class QuotaSetting:
    """One category's quota as the organizer entered it."""

    amount: int
    unit: str = UNIT_PLACES

    @property
    def max_places(self) -> int | None:
        return self.amount if self.unit == UNIT_PLACES else None

    @property
    def max_percent(self) -> int | None:
        return self.amount if self.unit == UNIT_PERCENT else None

    def places(self, capacity: int | None) -> int | None:
        return quota_places(capacity, self.max_percent, self.max_places)


def describe(setting: QuotaSetting, capacity: int | None) -> str:
    """The quota in places, as shown next to the field: "20% of 150 = 30 places"."""
    if setting.unit == UNIT_PLACES:
        return _places(setting.amount)
    if capacity is None:
        return f"{setting.amount}% of no capacity: set a capacity first"
    return f"{setting.amount}% of {capacity} = {_places(setting.places(capacity) or 0)}"


def problem(name: str, setting: QuotaSetting, capacity: int | None) -> str | None:
    """Why this quota cannot be stored, for the organizer; None when it is fine."""
    if setting.unit not in (UNIT_PLACES, UNIT_PERCENT):
        return f"{name}: choose places or % of capacity."
    if setting.amount < 1:
        return f"{name}: a quota is at least 1 place (leave the field empty for no quota)."
    if setting.unit == UNIT_PERCENT:
        if setting.amount > 100:
            return f"{name}: a percentage quota is at most 100%."
        if capacity is None:
            return (f"{name}: a quota of {setting.amount}% needs a capacity to count places "
                    "from. Set the capacity, or give the quota as a number of places.")
        if setting.places(capacity) == 0:
            return (f"{name}: {setting.amount}% of {capacity} is 0 places, so nobody of this "
                    "category could get a place. Give a larger share or a number of places.")
    elif capacity is not None and setting.amount > capacity:
        return (f"{name}: {_places(setting.amount)} is more than the capacity of "
                f"{_places(capacity)}.")
    return None


def _places(n: int) -> str:
    return f"{n} place" if n == 1 else f"{n} places"


@dataclass(frozen=True)
class WaitReason:
    """Why an approval ended on the waiting list: the event or one category's quota is full."""

    places: int
    category_name: str = ""

    @property
    def is_quota(self) -> bool:
        return bool(self.category_name)

    @property
    def what_is_full(self) -> str:
        """"the Civil society quota (30 places) is full" / "the event is full (150 places)"."""
        if self.is_quota:
            return f"the {self.category_name} quota ({_places(self.places)}) is full"
        return f"the event is full ({_places(self.places)})"

    @property
    def label(self) -> str:
        """For the organizer: "Waitlisted: the Civil society quota (30 places) is full"."""
        return f"Waitlisted: {self.what_is_full}"
