"""A move on the timetable grid is on the audit trail as "moved", with from and to."""

from __future__ import annotations

from datetime import date, time

from eventapp.programme.grid_moves import MoveRequest, move_session, version_of
from tests.audit.helpers import changes, entries


def test_grid_move_audit_names_the_move_with_old_and_new_times(organizer_client, factory):
    event = factory.event("ev")
    hall = factory.room(event, "Hall A")
    moved = factory.session(event, title="Moved", room=hall, start=time(9, 0))
    organizer_client.post("/organize/events/ev/timetable/move", data={
        "session_id": moved.id, "day": "2018-03-26", "start": "14:00", "end": "15:00",
        "room_id": hall.id, "version": version_of(moved)})
    [entry] = entries(object_type="session", action="moved")
    assert (entry.actor_label, entry.object_id, entry.subject, entry.reason) == (
        "organizer@example.org", moved.id, f"session:{moved.id}", "")
    assert changes(entry) == {
        "ends_at": {"from": "2018-03-26T14:00:00+00:00", "to": "2018-03-26T19:00:00+00:00"},
        "starts_at": {"from": "2018-03-26T13:00:00+00:00", "to": "2018-03-26T18:00:00+00:00"}}


def test_grid_move_audit_keeps_the_accepted_warning_as_reason(app_ctx, factory):
    event = factory.event("ev")
    hall = factory.room(event, "Hall A")
    session = factory.session(event, room=hall, start=time(9, 0), minutes=60)
    factory.slot(session, planned_minutes=50)
    request = MoveRequest(session.id, date(2018, 3, 26), time(9, 0), time(9, 30), None,
                          hall.id, version_of(session))
    assert move_session(event, request, accept_warnings=True).status == "moved"
    [entry] = entries(object_type="session", action="moved")
    assert entry.reason == ("Speakers are planned for 50 minutes but the session lasts "
                            "30 minutes.")
