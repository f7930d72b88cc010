"""Re-importing a file after sessions were edited in the app: each change it undoes is told."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme import session_changes
from eventapp.programme.csv_import import apply, import_programme, parse_programme, validate
from eventapp.programme.models import Room, Session
from tests.factories import utc
from tests.programme.csv_rows import csv_text, row

IMPORTED = utc(2018, 3, 20, 9, 0)
EDITED = utc(2018, 3, 21, 18, 5)  # 14:05 in New York
WHEN = "Wednesday 21 March 2018, 14:05 EDT"


@pytest.fixture()
def event(factory):
    factory.categories()
    return factory.event("idm")


def _imported(event, rows) -> Session:
    assert import_programme(event, csv_text(rows)).ok
    db.session.commit()
    session = db.session.scalars(select(Session).where(Session.title == "Panel 2")).one()
    session.imported_at = session.updated_at = IMPORTED
    db.session.commit()
    return session


def _edit_in_app(event, session: Session, **changes) -> None:
    data = session_changes.data_of(session)
    for name, value in changes.items():
        setattr(data, name, value)
    session_changes.save_session(event, data, session)
    session.updated_at = EDITED
    db.session.commit()


def _warnings(event, text: str) -> list[str]:
    return [str(i) for i in validate(event, parse_programme(text)).warnings]


def test_reimport_of_a_session_moved_in_the_app_says_it_moves_back(event):
    rows = [row(session="Panel 2")]
    session = _imported(event, rows)
    _edit_in_app(event, session, starts_at=utc(2018, 3, 26, 15, 0),
                 ends_at=utc(2018, 3, 26, 16, 0))
    assert _warnings(event, csv_text(rows)) == [
        f"Line 2 (warning): “Panel 2” moves back from 11:00 to 10:00, changed in the app on "
        f"{WHEN}."]


def test_confirming_puts_the_moved_session_back_without_a_copy(event):
    rows = [row(session="Panel 2")]
    session = _imported(event, rows)
    _edit_in_app(event, session, starts_at=utc(2018, 3, 26, 15, 0),
                 ends_at=utc(2018, 3, 26, 16, 0))
    sequence = session.sequence
    plan = validate(event, parse_programme(csv_text(rows)))
    assert plan.summary().sessions_updated == 1 and plan.summary().sessions_created == 0
    apply(event, plan)
    db.session.commit()
    assert db.session.scalar(select(func.count(Session.id))) == 1
    db.session.refresh(session)
    assert (session.starts_at, session.ends_at) == (utc(2018, 3, 26, 14, 0),
                                                    utc(2018, 3, 26, 15, 0))
    assert session.sequence == sequence + 1
    assert _warnings(event, csv_text(rows)) == []


def test_every_change_undone_is_listed(event, factory):
    rows = [row(session="Panel 2")]
    session = _imported(event, rows)
    other = factory.room(event, "Room 9")
    _edit_in_app(event, session, title="Panel two", kind="plenary",
                 starts_at=utc(2018, 3, 27, 15, 0), ends_at=utc(2018, 3, 27, 16, 30),
                 room_id=other.id)
    assert _warnings(event, csv_text(rows)) == [
        f"Line 2 (warning): {text}, changed in the app on {WHEN}." for text in (
            "“Panel two” is renamed back to “Panel 2”",
            "“Panel 2” moves back from 2018-03-27 11:00 to 2018-03-26 10:00",
            "“Panel 2” ends at 11:00 again instead of 12:30",
            "“Panel 2” goes back from Room 9 to Room 1",
            "The kind of “Panel 2” goes back from plenary to panel",
        )]


def test_changes_the_app_did_not_make_are_not_flagged(event):
    rows = [row(session="Panel 2")]
    _imported(event, rows)
    assert _warnings(event, csv_text([row(session="Panel 2", end="11:30")])) == []


def test_session_edited_in_the_app_and_left_as_the_file_says_is_unchanged(event):
    rows = [row(session="Panel 2")]
    session = _imported(event, rows)
    _edit_in_app(event, session, description="Notes added in the app")
    plan = validate(event, parse_programme(csv_text(rows)))
    assert plan.warnings == [] and plan.summary().sessions_unchanged == 1


def test_preview_page_lists_the_move(organizer_client, event):
    rows = [row(session="Panel 2")]
    session = _imported(event, rows)
    _edit_in_app(event, session, starts_at=utc(2018, 3, 26, 15, 0),
                 ends_at=utc(2018, 3, 26, 16, 0))
    response = organizer_client.post("/organize/events/idm/import", data={
        "file": (io.BytesIO(csv_text(rows).encode()), "programme.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert (f"“Panel 2” moves back from 11:00 to 10:00, changed in the app on {WHEN}."
            in response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(Room.id))) == 1
