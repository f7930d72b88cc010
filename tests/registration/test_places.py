"""The tally of places a decision is made on: the event's capacity, then category quotas."""

from __future__ import annotations

from eventapp.registration.places import Places
from eventapp.registration.quotas import WaitReason

NAMES = (("fr", "Société civile"), ("es", "Sociedad civil"))


def _places(capacity: int | None, used: dict[int, int]) -> Places:
    # Category 1 may hold 40% of the capacity, category 2 at most 3 places.
    return Places(capacity, sum(used.values()), dict(used),
                  {1: (40, None, "Civil society", NAMES), 2: (None, 3, "Academia", ())})


def test_wait_reason_none_while_a_place_is_free():
    assert _places(10, {1: 3}).wait_reason(1) is None


def test_wait_reason_names_the_full_event_first():
    assert _places(5, {1: 2, 3: 3}).wait_reason(1) == WaitReason(5)


def test_wait_reason_names_the_full_percent_quota():
    assert _places(10, {1: 4}).wait_reason(1) == WaitReason(4, "Civil society", NAMES)


def test_wait_reason_quota_in_places_holds_without_capacity():
    places = _places(None, {2: 3})
    assert places.wait_reason(2) == WaitReason(3, "Academia")
    assert places.has_place(1) is True


def test_take_and_free_move_the_event_and_category_counts():
    places = _places(10, {})
    places.take(2)
    places.take(2)
    places.free(2)
    assert (places.approved, places.used) == (1, {2: 1})
