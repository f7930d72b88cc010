"""Checking parsed rows against a loaded context: pure once the context is there."""

from __future__ import annotations

from datetime import date

import pytest

from eventapp.programme.csv_import.checker import check
from eventapp.programme.csv_import.context import _empty_context
from eventapp.programme.csv_import.plan import ImportSummary
from eventapp.programme.csv_import.reading import parse_programme
from eventapp.programme.models import Event
from tests.conftest import count_queries
from tests.programme.csv_rows import csv_text, row


@pytest.fixture()
def context(app):
    event = Event(slug="idm", title="IDM", timezone="America/New_York",
                  start_date=date(2018, 3, 26), end_date=date(2018, 3, 27))
    with app.test_request_context("/"):
        yield _empty_context(event)


def speaker(**values: str) -> dict[str, str]:
    return row(organization="", category="", country="", **values)


def test_check_plans_new_sessions_rooms_and_persons_without_queries(context):
    parsed = parse_programme(csv_text([speaker(), speaker(name="Bo Ek", role="Moderator")]))
    with count_queries() as counter:
        plan = check(parsed, context)
    assert counter.count == 0
    assert plan.issues == []
    assert plan.summary() == ImportSummary(sessions_created=1, slots_created=2,
                                           rooms_created=1, persons_created=2)
    [session] = plan.sessions
    assert [(s.line, s.role, s.position) for s in session.slots] == [
        (2, "panelist", 0), (3, "moderator", 1)]


def test_room_clash_within_the_file_is_an_error_on_the_later_session(context):
    parsed = parse_programme(csv_text([speaker(), speaker(session="Panel B", start="10:30",
                                                          end="11:30", name="Bo Ek")]))
    plan = check(parsed, context)
    assert [(i.line, i.is_warning) for i in plan.issues] == [(3, False)]
    assert "Room 1" in plan.issues[0].message


def test_planned_minutes_beyond_the_session_are_a_warning(context):
    parsed = parse_programme(csv_text([speaker(planned_minutes="40"),
                                       speaker(name="Bo Ek", planned_minutes="30")]))
    plan = check(parsed, context)
    assert plan.is_valid
    assert [(i.line, i.is_warning) for i in plan.warnings] == [(2, True)]
    assert plan.warnings[0].message.startswith("“Panel A”: ")
