"""Team changes and the desk's check-ins go on the event's audit trail."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from eventapp.attendance.checkins import check_in, undo_check_in
from eventapp.extensions import db
from eventapp.teams.models import EventMember
from tests.audit.helpers import changes, entries
from tests.factories import utc


def test_team_role_change_and_removal_are_recorded(app_ctx, factory):
    event = factory.event("team-trail")
    user = factory.member(event, factory.user(email="chair@example.org"), role="chair")
    [joined] = entries(object_type="team member")
    assert (joined.event_id, joined.object_label, joined.action) == (
        event.id, "chair@example.org", "created")

    member = db.session.scalar(select(EventMember).where(EventMember.user_id == user.id))
    member.role = "organizer"
    db.session.commit()
    db.session.delete(member)
    db.session.commit()

    _joined, changed, removed = entries(object_type="team member")
    assert (changed.action, changes(changed)["role"]) == (
        "changed", {"from": "chair", "to": "organizer"})
    assert (removed.action, removed.object_label) == ("deleted", "chair@example.org")


def test_check_in_and_its_undoing_are_recorded_on_the_registration(app_ctx, factory):
    event = factory.event("door-trail", start=date(2030, 1, 1), end=date(2030, 1, 2))
    registration = factory.registration(event)
    result = check_in(event, registration, desk="North Lobby", user_id=None,
                      now=utc(2030, 1, 1, 9))
    db.session.commit()
    undo_check_in(result.check_in, user_id=None, now=utc(2030, 1, 1, 9, 5))
    db.session.commit()

    checked, undone = entries(object_type="check-in")
    assert (checked.event_id, checked.action, checked.subject, changes(checked)) == (
        event.id, "checked in", f"registration:{registration.id}",
        {"day": {"from": None, "to": "2030-01-01"}, "desk": {"from": None, "to": "North Lobby"}})
    assert (undone.action, undone.object_id, undone.subject) == (
        "changed", result.check_in.id, f"registration:{registration.id}")
    assert set(changes(undone)) >= {"undone_at"}
