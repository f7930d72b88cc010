"""The per-person report of a bulk action, from snapshots alone (no database)."""

from __future__ import annotations

from eventapp.registration.accreditation import CategoryPlaces, PlacesSummary
from eventapp.registration.bulk_report import Outcome, Snapshot, build_report
from tests.factories import utc


def _snap(rid: int, name: str, category: int, status: str) -> Snapshot:
    return Snapshot(rid, name, category, {1: "Government", 2: "Academia"}[category], status,
                    False, utc(2018, 3, 1, 9, rid))


def test_build_report_names_quota_then_event_as_the_limit_reached():
    places = PlacesSummary(capacity=4, approved=2, waitlisted=0, pending=4, categories=[
        CategoryPlaces(1, "Government", used=1, limit=1, max_percent=25),
        CategoryPlaces(2, "Academia", used=1, limit=None, max_percent=None),
    ])
    before = [_snap(1, "Ana", 1, "pending"), _snap(2, "Bo", 2, "pending"),
              _snap(3, "Cy", 2, "pending"), _snap(4, "Di", 2, "pending"),
              _snap(5, "Ed", 2, "approved")]
    after = {1: "waitlisted", 2: "approved", 3: "approved", 4: "waitlisted", 5: "approved"}

    report = build_report("approved", before, after, places)

    assert report.changed == [Outcome(2, "Bo", "pending", "approved"),
                              Outcome(3, "Cy", "pending", "approved")]
    assert report.waitlisted_full == [
        Outcome(1, "Ana", "pending", "waitlisted", "the Government quota is full (1 place)"),
        Outcome(4, "Di", "pending", "waitlisted", "the event is full"),
    ]
    assert report.unchanged == [Outcome(5, "Ed", "approved", "approved")]
    assert report.sentence() == ("5 registrations handled: 2 approved, 2 waitlisted because "
                                 "full, 1 unchanged (already approved).")


def test_build_report_decline_counts_unchanged_and_sentence():
    places = PlacesSummary(capacity=None, approved=0, waitlisted=0, pending=1)
    before = [_snap(1, "Ana", 1, "pending"), _snap(2, "Bo", 1, "declined")]

    report = build_report("declined", before, {1: "declined", 2: "declined"}, places)

    assert report.sentence() == ("2 registrations handled: 1 declined, "
                                 "1 unchanged (already declined).")
