"""Dates outside 1900-2200, and events longer than 60 days, are refused everywhere."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.csv_import import import_programme
from eventapp.programme.models import Event, Session
from eventapp.programme.rules import (
    date_window_problem,
    event_dates_problem,
    listed_days,
)
from eventapp.registration.settings import RegistrationSettings
from eventapp.registration.settings import check as settings_check
from tests.db_fingerprint import fingerprint
from tests.programme.csv_rows import csv_text, row

FAR = "The last day must fall between the years 1900 and 2200 (9999-12-31 does not)."
TOO_LONG = "An event lasts at most 60 days (2027-03-01 to 2027-04-30 is 61)."


def _event_form(**values: str) -> dict[str, str]:
    return {"slug": "idm-2027", "title": "IDM 2027", "timezone": "Europe/Zurich",
            "start_date": "2027-03-01", "end_date": "2027-03-02", **values}


def test_date_window_problem_accepts_1900_to_2200_only():
    assert date_window_problem(date(1900, 1, 1)) is None
    assert date_window_problem(date(2200, 12, 31)) is None
    assert date_window_problem(date(1899, 12, 31)) == (
        "The date must fall between the years 1900 and 2200 (1899-12-31 does not).")
    assert date_window_problem(date(1, 1, 1), "The first day") == (
        "The first day must fall between the years 1900 and 2200 (0001-01-01 does not).")


def test_event_dates_problem_limits_the_length_to_60_days():
    assert event_dates_problem(date(2027, 3, 1), date(2027, 4, 29)) is None
    problem = event_dates_problem(date(2027, 3, 1), date(2027, 4, 30))
    assert (problem.field, problem.message) == ("end_date", TOO_LONG)
    assert event_dates_problem(date(2027, 3, 1), date(9999, 12, 31)).message == FAR


def test_listed_days_of_an_over_long_event_are_bounded():
    days = listed_days(date(2027, 3, 1), date(9999, 12, 31), [date(2500, 1, 1)])
    assert len(days) == 61
    assert (days[0], days[59], days[60]) == (date(2027, 3, 1), date(2027, 4, 29),
                                             date(2500, 1, 1))


def test_event_form_refuses_a_far_last_day_and_saves_nothing(organizer_client):
    before = fingerprint()
    response = organizer_client.post("/organize/events/new",
                                     data=_event_form(end_date="9999-12-31"))
    assert response.status_code == 400
    assert FAR.replace("The last day", "The date") in response.get_data(as_text=True)
    assert fingerprint() == before


def test_event_form_refuses_a_61_day_event_and_saves_nothing(organizer_client):
    before = fingerprint()
    response = organizer_client.post("/organize/events/new",
                                     data=_event_form(end_date="2027-04-30"))
    assert response.status_code == 400
    assert TOO_LONG in response.get_data(as_text=True)
    assert fingerprint() == before


def test_event_form_accepts_a_60_day_event(organizer_client):
    response = organizer_client.post("/organize/events/new",
                                     data=_event_form(end_date="2027-04-29"))
    assert response.status_code == 302
    assert db.session.scalar(select(Event.end_date)) == date(2027, 4, 29)


def test_create_event_cli_refuses_a_far_date_in_one_line(app_ctx):
    result = app_ctx.test_cli_runner().invoke(args=[
        "create-event", "idm-2027", "--title", "IDM 2027", "--timezone", "Europe/Zurich",
        "--start", "2027-03-01", "--end", "9999-12-31"])
    assert result.exit_code == 1
    assert result.output == f"Error: {FAR}\n"
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_new_session_on_a_far_day_is_refused(organizer_client, factory):
    factory.event("idm")
    before = fingerprint()
    response = organizer_client.post("/organize/events/idm/sessions/new", data={
        "title": "Far", "kind": "panel", "day": "9999-12-31", "start_time": "23:00",
        "end_time": "23:30", "room": ""})
    assert response.status_code == 400
    assert ("The date must fall between the years 1900 and 2200 (9999-12-31 does not)."
            in response.get_data(as_text=True))
    assert fingerprint() == before


def test_registration_settings_refuse_a_far_closing_date(organizer_client, factory):
    factory.event("idm")
    before = fingerprint()
    response = organizer_client.post("/organize/events/idm/registration-settings", data={
        "opens_at": "2018-01-01T09:00", "closes_at": "9999-12-31T23:59", "capacity": "10"})
    assert response.status_code == 400
    assert ("The date must fall between the years 1900 and 2200 (9999-12-31 does not)."
            in response.get_data(as_text=True))
    assert fingerprint() == before


def test_registration_settings_rule_refuses_a_far_opening_date():
    wanted = RegistrationSettings(opens_at=datetime(1, 1, 1, tzinfo=UTC),
                                  closes_at=datetime(2030, 1, 1, tzinfo=UTC), capacity=None,
                                  auto_approve=False)
    assert settings_check(wanted) == [
        "The opening date must fall between the years 1900 and 2200 (0001-01-01 does not)."]


def test_programme_import_refuses_a_far_date_per_row(factory):
    factory.categories()
    event = factory.event("idm")
    result = import_programme(event, csv_text([row(), row(date="9999-12-31", session="Far")]),
                              dry_run=True)
    assert [(i.line, i.message) for i in result.plan.errors] == [
        (3, "The date must fall between the years 1900 and 2200 (9999-12-31 does not).")]


def test_schedule_of_an_over_long_event_already_stored_answers_quickly(client, factory):
    event = factory.event("long")
    factory.session(event)
    # Stored before dates were bounded: written past the rules, straight into the table.
    db.session.execute(Event.__table__.update().where(Event.id == event.id)
                       .values(end_date=date(9999, 12, 31)))
    db.session.commit()
    for suffix in ("json", "xml"):
        started = time.monotonic()
        response = client.get(f"/events/long/schedule.{suffix}")
        assert response.status_code == 200
        assert time.monotonic() - started < 5
    assert len(client.get("/events/long/schedule.json").get_json()["schedule"]["conference"]
               ["days"]) == 60
    assert db.session.scalar(select(func.count(Session.id))) == 1
