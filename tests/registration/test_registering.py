"""A fresh registration: the registration window and the status it gets at once."""

from __future__ import annotations

from datetime import UTC, datetime

from eventapp.programme.models import Event
from eventapp.registration.places import Places
from eventapp.registration.quotas import WaitReason
from eventapp.registration.registering import fresh_status, registration_window_state

OPENS = datetime(2026, 3, 1, 9, tzinfo=UTC)
CLOSES = datetime(2026, 3, 20, 17, tzinfo=UTC)


def _event(**values: object) -> Event:
    return Event(slug="idm", title="IDM", registration_opens_at=OPENS,
                 registration_closes_at=CLOSES, **values)


def test_window_state_before_during_and_after():
    event = _event()
    assert registration_window_state(event, datetime(2026, 2, 28, tzinfo=UTC)) == "not-yet-open"
    assert registration_window_state(event, OPENS) == "open"
    assert registration_window_state(event, CLOSES) == "closed"


def test_fresh_status_pending_without_automatic_approval_takes_no_place():
    places = Places(1, 0, {})
    assert fresh_status(_event(auto_approve=False), places, 1) == ("pending", None)
    assert places.approved == 0


def test_fresh_status_approved_then_waitlisted_when_full():
    places = Places(1, 0, {})
    event = _event(auto_approve=True)
    assert fresh_status(event, places, 1) == ("approved", None)
    assert fresh_status(event, places, 1) == ("waitlisted", WaitReason(1))
