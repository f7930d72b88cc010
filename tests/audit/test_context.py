"""Who an entry names: the signed-in account, the command line's user, or the system."""

from __future__ import annotations

import getpass

from eventapp.extensions import db
from eventapp.programme.models import Event
from tests.audit.helpers import changes, entries
from tests.programme.csv_rows import break_row, csv_text, row


def test_context_command_line_changes_name_the_os_user_once_per_command(app_ctx):
    result = app_ctx.test_cli_runner().invoke(args=[
        "create-event", "idm-2019", "--title", "IDM 2019", "--timezone", "Europe/Zurich",
        "--start", "2019-10-14", "--end", "2019-10-15"])
    assert result.exit_code == 0, result.output
    [entry] = entries(object_type="event")
    assert (entry.actor_label, entry.actor_user_id, entry.action, entry.object_label) == (
        f"CLI: {getpass.getuser()}", None, "created", "IDM 2019")


def test_context_programme_import_on_the_command_line_names_its_file(app, factory, tmp_path):
    factory.categories()
    event = factory.event("idm")
    earlier = {e.id for e in entries()}
    path = tmp_path / "programme-v2.csv"
    path.write_text(csv_text([row(), break_row()]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-programme", "idm", str(path)])
    assert result.exit_code == 0, result.output
    found = [e for e in entries(event_id=event.id) if e.id not in earlier]
    assert {(e.actor_label, e.context) for e in found} == {
        (f"CLI: {getpass.getuser()}", "programme-v2.csv")}
    assert len({e.batch_id for e in found}) == 1
    [imported] = [e for e in found if e.action == "imported"]
    assert (imported.object_label, changes(imported)["sessions created"]) == (
        "programme-v2.csv", {"from": None, "to": 2})
    assert sorted(e.object_label for e in found
                  if e.object_type == "session" and e.action == "created") == sorted(
        s.title for s in db.session.get(Event, event.id).sessions)


def test_context_web_request_names_the_signed_in_account(organizer_client, organizer,
                                                          factory):
    factory.event(slug="idm")
    response = organizer_client.post("/organize/events/idm/rooms",
                                     data={"name": "Conference Room 1"})
    assert response.status_code == 302
    [entry] = entries(object_type="room")
    assert (entry.actor_label, entry.actor_user_id, entry.action, entry.object_label) == (
        "organizer@example.org", organizer.id, "created", "Conference Room 1")


def test_context_each_request_is_its_own_batch(organizer_client, factory):
    factory.event(slug="idm")
    for name in ("Room A", "Room B"):
        organizer_client.post("/organize/events/idm/rooms", data={"name": name})
    first, second = entries(object_type="room")
    assert first.batch_id != second.batch_id
