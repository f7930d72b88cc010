"""The optional actual_minutes column: speaking time recorded elsewhere, imported as seconds."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.csv_import import COLUMNS, import_programme
from eventapp.programme.models import Session, SpeakingSlot
from tests.programme.csv_rows import break_row, csv_text, row


@pytest.fixture()
def event(factory):
    factory.categories()
    return factory.event("idm")


def recorded() -> list[tuple[str, int | None, int | None]]:
    slots = db.session.scalars(select(SpeakingSlot).order_by(SpeakingSlot.position)).all()
    return [(s.person.full_name, s.planned_minutes, s.actual_seconds) for s in slots]


def test_actual_minutes_become_seconds(event):
    result = import_programme(event, csv_text([
        row(name="Ana Pérez", actual_minutes="3.5"),
        row(name="Li Wei", actual_minutes="12"),
        row(name="Kofi Mensah", actual_minutes=""),
        row(name="Mei Tan", actual_minutes="0.01"),
        break_row(),
    ]))
    db.session.commit()
    assert result.ok and result.plan.issues == []
    assert recorded() == [("Ana Pérez", 10, 210), ("Li Wei", 10, 720),
                          ("Kofi Mensah", 10, None), ("Mei Tan", 10, 1)]


def test_semicolon_file_takes_a_decimal_comma(event):
    text = csv_text([row(actual_minutes="2,25")], delimiter=";")
    assert import_programme(event, text).ok
    db.session.commit()
    assert recorded() == [("Ana Pérez", 10, 135)]


def test_file_without_the_column_imports_as_before(event):
    columns = tuple(c for c in COLUMNS if c != "actual_minutes")
    result = import_programme(event, csv_text([row()], columns=columns))
    db.session.commit()
    assert result.ok and result.plan.issues == []
    assert recorded() == [("Ana Pérez", 10, None)]


@pytest.mark.parametrize(("text", "message"), [
    ("-3", "Actual minutes “-3” must be a number of minutes, 0 or more, such as 3 or 3.5."),
    ("abc", "Actual minutes “abc” must be a number of minutes, 0 or more, such as 3 or 3.5."),
    ("3.5.1", "Actual minutes “3.5.1” must be a number of minutes, 0 or more, such as 3 or "
              "3.5."),
    ("NaN", "Actual minutes “NaN” must be a number of minutes, 0 or more, such as 3 or 3.5."),
    ("1e3", "Actual minutes “1e3” must be a number of minutes, 0 or more, such as 3 or 3.5."),
    ("\u0663", "Actual minutes “\u0663” must be a number of minutes, 0 or more, such as 3 or "
               "3.5."),
    ("1440.5", "Actual minutes “1440.5” is more than a day: give at most 1440."),
])
def test_bad_actual_minutes_is_an_error_on_its_line_and_nothing_is_written(event, text,
                                                                            message):
    before = db.session.scalar(select(func.count()).select_from(SpeakingSlot))
    result = import_programme(event, csv_text([
        row(name="Li Wei", actual_minutes="4"),
        row(name="Ana Pérez", actual_minutes=text),
    ]))
    db.session.commit()
    assert [str(i) for i in result.plan.issues] == [f"Line 3 (error): {message}"]
    assert result.summary is None
    assert db.session.scalar(select(func.count()).select_from(SpeakingSlot)) == before == 0


def test_reimport_updates_actual_time_without_duplicating(event):
    import_programme(event, csv_text([row(name="Ana Pérez", actual_minutes="3.5"),
                                      row(name="Li Wei")]))
    db.session.commit()

    same = import_programme(event, csv_text([row(name="Ana Pérez", actual_minutes="3.5"),
                                             row(name="Li Wei")]))
    db.session.commit()
    assert same.summary.lines()[:2] == ["Sessions: 0 new, 0 updated, 1 unchanged.",
                                        "Speaking slots: 0 new, 0 updated."]

    result = import_programme(event, csv_text([row(name="Ana Pérez", actual_minutes="4.25"),
                                               row(name="Li Wei", actual_minutes="2")]))
    db.session.commit()
    assert result.summary.lines()[:2] == ["Sessions: 0 new, 1 updated, 0 unchanged.",
                                          "Speaking slots: 0 new, 2 updated."]
    db.session.expire_all()
    assert recorded() == [("Ana Pérez", 10, 255), ("Li Wei", 10, 120)]
    assert db.session.scalar(select(func.count()).select_from(SpeakingSlot)) == 2
    assert db.session.scalar(select(func.count()).select_from(Session)) == 1


def test_reimport_with_empty_actual_keeps_a_recorded_time(event):
    import_programme(event, csv_text([row(name="Ana Pérez")]))
    db.session.commit()
    slot = db.session.scalars(select(SpeakingSlot)).one()
    slot.actual_seconds = 197  # as the floor's clock records it
    db.session.commit()
    result = import_programme(event, csv_text([row(name="Ana Pérez", actual_minutes="")]))
    db.session.commit()
    assert result.summary.slots_updated == 0
    db.session.expire_all()
    assert recorded() == [("Ana Pérez", 10, 197)]


def test_imported_actual_time_reaches_the_balance_report(event, organizer_client):
    import_programme(event, csv_text([row(name="Ana Pérez", actual_minutes="3.5"),
                                      row(name="Li Wei", planned_minutes="5")]))
    db.session.commit()
    data = organizer_client.get("/organize/events/idm/balance.json").get_json()
    assert data["totals"]["slots_with_recorded_time"] == 1
    local = next(r for r in data["by_category"] if r["key"] == "local-authorities")
    # An imported time means the session was run: Li Wei, planned 5 minutes and neither timed
    # nor marked heard, is planned but not heard.
    assert (local["planned_minutes"], local["recorded_planned_minutes"],
            local["actual_minutes"], local["minutes"], local["not_heard_minutes"]) == (
        15, 10, 3.5, 3.5, 5)
