"""The report combined from kept pieces equals the report built from scratch, after each kind
of change to one session, and its first request after such a change sends few statements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventapp.balance.facts import Scope
from eventapp.balance.funnel_queries import load_funnel_facts
from eventapp.balance.pieces import funnel_facts, report_data, report_versions
from eventapp.balance.queries import load_balance_data
from eventapp.extensions import db
from eventapp.fragment_cache import cache
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.versioning import PEOPLE, bump, programme_scope, registrations_scope
from tests.balance.bulk import add_programme, add_registrations
from tests.balance.scenario import Scenario, build_scenario
from tests.conftest import count_queries
from tests.factories import floor_intervention, floor_request, speakers_list, utc

PAGES = ("/organize/events/idm/balance", "/organize/events/idm/balance.csv",
         "/organize/events/idm/balance.json", "/organize/events/idm/balance?day=2018-03-27",
         "/events/idm/balance")


def _add_speaker(scenario: Scenario, factory) -> None:
    factory.slot(scenario.panel_one, factory.person("Nia New", category="academia"),
                 planned_minutes=7)


def _change_minutes(scenario: Scenario, factory) -> None:
    slot = db.session.scalar(select(SpeakingSlot).where(
        SpeakingSlot.session_id == scenario.panel_two.id, SpeakingSlot.role == "panelist"))
    slot.planned_minutes, slot.actual_seconds = 12, 655
    db.session.commit()


def _floor_request(scenario: Scenario, factory) -> None:
    lst = speakers_list(scenario.panel_two)
    person = factory.person("Omar Asking", category="civil-society")
    factory.registration(scenario.event, person, category="civil-society")
    floor_request(lst, person, status="not_reached")
    floor_intervention(lst, factory.person("Pia Walk-in", category="academia"), 95,
                       start=utc(2018, 3, 27, 15, 0), kind="walk-in")


def _move(scenario: Scenario, factory) -> None:
    session = db.session.get(Session, scenario.panel_one.id)
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    db.session.commit()


def _delete(scenario: Scenario, factory) -> None:
    db.session.get(Session, scenario.panel_two.id).status = "deleted"
    db.session.commit()


def _retitle(scenario: Scenario, factory) -> None:
    db.session.get(Session, scenario.opening.id).title = "Opening, retitled"
    db.session.commit()


def _bodies(client) -> list[bytes]:
    responses = [client.get(path) for path in PAGES]
    assert [r.status_code for r in responses] == [200] * len(PAGES)
    return [r.get_data() for r in responses]


@pytest.mark.parametrize("change", [_add_speaker, _change_minutes, _floor_request, _move,
                                    _delete, _retitle])
def test_report_after_a_one_session_change_equals_a_build_from_scratch(
        organizer_client, factory, change):
    scenario = build_scenario(factory)
    scenario.event.balance_is_public = True
    db.session.commit()
    before = _bodies(organizer_client)  # every piece kept
    change(scenario, factory)
    combined = _bodies(organizer_client)
    cache.clear()
    from_scratch = _bodies(organizer_client)
    assert combined == from_scratch
    # The change shows: the test compares two reports that differ from the one before it.
    assert combined[2] != before[2]


def test_report_data_combined_equals_the_queries_from_scratch(app_ctx, factory):
    scenario = build_scenario(factory)
    event = scenario.event
    versions = report_versions(event)
    report_data(event, versions)  # keep every piece
    _change_minutes(scenario, factory)
    _floor_request(scenario, factory)
    versions = report_versions(event)
    combined = report_data(event, versions)
    assert combined == load_balance_data(event)
    for scope in (Scope(), Scope(day=date(2018, 3, 27))):
        assert funnel_facts(event, combined, scope, versions) == load_funnel_facts(
            event, combined.categories, scope, combined.sessions)


def _bulk_event(slug: str, slots: int) -> Event:
    event = Event(slug=slug, title=f"Dialogue {slug}", timezone="America/New_York",
                  start_date=date(2018, 3, 26), end_date=date(2018, 3, 28), is_published=True)
    db.session.add(event)
    db.session.commit()
    add_programme(event, slots=slots, prefix=slug)
    add_registrations(event, slots, prefix=f"r{slug}")
    # Bulk SQL bypasses the hooks that raise versions: raise them as the app's writes would.
    bump(db.session, [programme_scope(event.id), registrations_scope(event.id), PEOPLE])
    db.session.commit()
    return event


def test_report_first_request_after_a_one_session_change_sends_nine_statements(
        organizer_client):
    counts = []
    for slug, slots in (("small", 20), ("large", 600)):
        event = _bulk_event(slug, slots)
        url = f"/organize/events/{slug}/balance"
        assert organizer_client.get(url).status_code == 200
        session = db.session.scalar(select(Session).where(Session.event_id == event.id)
                                    .order_by(Session.id).limit(1))
        session.title = "Retitled"
        db.session.commit()
        with count_queries() as counter:
            assert organizer_client.get(url).status_code == 200
        counts.append(counter.count)
    # The organizer, the event, the versions, categories, the sessions, that one session's
    # slots, targets, floor requests per session and category, and who was heard (these
    # programmes have sessions already run; before any is run, that statement is left out).
    assert counts == [9, 9]
