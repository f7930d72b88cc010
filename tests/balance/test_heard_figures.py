"""The report counts only what was heard: run sessions, heard marks, limits, names not reached."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from lxml import html

from eventapp.extensions import db
from eventapp.floor import heard
from tests.balance.test_floor_figures import build_floor_run
from tests.factories import floor_intervention, floor_request, speakers_list, utc

URL = "/organize/events/idm/balance"


def _dialogue_with_planned_panelists(factory):
    """As found in the room: panelists and a respondent planned, only one of them called.

    Migrants & diaspora panelist planned 5 min, respondent (migrants & diaspora) 3 min,
    government panelist 4 min; the government panelist was called through the list and spoke
    84 s. Nobody else was called.
    """
    event = factory.event(slug="idm", start=date(2018, 3, 26), end=date(2018, 3, 26))
    dialogue = factory.session(event, title="Dialogue", kind="interactive-dialogue",
                               start=time(15, 0), minutes=60)
    migrants = factory.organization("Diaspora Network", category="migrants-diaspora")
    ministry = factory.organization("Mission", category="government")
    factory.slot(dialogue, factory.person("Mina Diaspora", organization=migrants),
                 role="panelist", planned_minutes=5)
    factory.slot(dialogue, factory.person("Rui Respondent", organization=migrants),
                 role="respondent", planned_minutes=3)
    called = factory.person("Gil Government", organization=ministry)
    called_slot = factory.slot(dialogue, called, role="panelist", planned_minutes=4)
    return event, dialogue, called, called_slot


def _by_category(data: dict) -> dict:
    return {row["key"]: (row["minutes"], row["minute_share"], row["not_heard_slots"],
                         row["not_heard_minutes"])
            for row in data["by_category"] if row["slots"]}


def test_untimed_planned_slots_count_only_until_the_session_is_run(organizer_client, factory):
    _, dialogue, called, called_slot = _dialogue_with_planned_panelists(factory)
    before = organizer_client.get(URL + ".json").get_json()
    assert before["totals"]["minutes"] == 12
    assert _by_category(before) == {"government": (4, 4 / 12, 0, 0),
                                    "migrants-diaspora": (8, 8 / 12, 0, 0)}
    assert before["session_timing"] == []

    lst = speakers_list(dialogue, is_open=False)
    floor_intervention(lst, called, 84, start=utc(2018, 3, 26, 19, 5), kind="planned",
                       slot=called_slot)
    after = organizer_client.get(URL + ".json").get_json()
    # 1.4 recorded minutes, not 9.4: migrants & diaspora were planned but never heard.
    assert after["totals"]["minutes"] == pytest.approx(1.4)
    assert (after["totals"]["planned_not_heard_slots"],
            after["totals"]["planned_not_heard_minutes"]) == (2, 8)
    assert _by_category(after) == {"government": (pytest.approx(1.4), 1.0, 0, 0),
                                   "migrants-diaspora": (0, 0, 2, 8)}
    [timing] = after["session_timing"]
    assert (timing["timed_slots"], timing["planned_minutes"], timing["actual_minutes"],
            timing["not_heard_slots"], timing["not_heard_minutes"]) == (
        1, 4, pytest.approx(1.4), 2, 8)
    # 84 s against 4 planned minutes: the session ran short by 156 s.
    assert round(timing["overrun_minutes"] * 60) == -156


def test_an_open_list_with_nobody_called_yet_counts_the_run_as_begun(organizer_client,
                                                                     factory):
    _, dialogue, _, _ = _dialogue_with_planned_panelists(factory)
    speakers_list(dialogue)
    data = organizer_client.get(URL + ".json").get_json()
    assert data["totals"]["minutes"] == 0
    assert data["totals"]["planned_not_heard_minutes"] == 12
    assert [s["id"] for s in data["session_timing"]] == [dialogue.id]


def test_slot_marked_heard_counts_its_planned_minutes_and_says_so(organizer_client, factory):
    _, dialogue, _, _ = build_floor_run(factory)
    chair_slot = next(s for s in dialogue.slots if s.role == "chair")
    heard.set_heard(dialogue, chair_slot.id)
    data = organizer_client.get(URL + ".json").get_json()
    un = next(row for row in data["by_category"] if row["key"] == "un-system")
    assert (un["minutes"], un["actual_minutes"], un["recorded_slots"], un["heard_untimed_slots"],
            un["heard_untimed_minutes"], un["not_heard_slots"]) == (10, 0, 0, 1, 10, 0)
    assert (data["totals"]["minutes"], data["totals"]["heard_untimed_slots"],
            data["totals"]["heard_untimed_minutes"],
            data["totals"]["planned_not_heard_slots"]) == (43, 1, 10, 0)
    assert data["session_timing"][0]["heard_untimed_minutes"] == 10
    page = html.fromstring(organizer_client.get(URL).get_data(as_text=True))
    assert page.xpath('string(//*[@data-total="heard_untimed_minutes"])') == "10.0"
    assert page.xpath('string(//*[@data-total="planned_not_heard_minutes"])') == "0.0"
    row = page.xpath('//table[@id="floor-table"]/tbody/tr[@data-key="un-system"]')[0]
    assert row.xpath('string(td[@data-field="heard_untimed_minutes"])') == "10.0"
    # Taking the mark back makes the chair planned, not heard again.
    heard.set_heard(dialogue, chair_slot.id, heard=False)
    assert organizer_client.get(URL + ".json").get_json()["totals"]["minutes"] == 33


def test_floor_intervention_under_its_limit_has_no_overrun(organizer_client, factory):
    event = factory.event(slug="idm")
    dialogue = factory.session(event, title="Dialogue", kind="interactive-dialogue")
    lst = speakers_list(dialogue, default_limit_seconds=180)
    floor_intervention(lst, factory.person("Brief Speaker", category="academia"), 11,
                       start=utc(2018, 3, 26, 14, 5))
    data = organizer_client.get(URL + ".json").get_json()
    [timing] = data["session_timing"]
    assert (timing["actual_minutes"], timing["overrun_minutes"], timing["over_limit"]) == (
        pytest.approx(11 / 60), 0, 0)
    academia = next(r for r in data["by_category"] if r["key"] == "academia")
    assert academia["overrun_minutes"] == 0
    page = html.fromstring(organizer_client.get(URL).get_data(as_text=True))
    cell = page.xpath('string(//table[@id="timing-table"]//td[@data-field="overrun_minutes"])')
    assert cell.strip() == "0.0"


def test_floor_intervention_over_its_limit_counts_only_the_seconds_beyond(organizer_client,
                                                                          factory):
    event = factory.event(slug="idm")
    dialogue = factory.session(event, title="Dialogue", kind="interactive-dialogue")
    lst = speakers_list(dialogue, default_limit_seconds=180)
    speaker = factory.person("Long Speaker", category="academia")
    floor_intervention(lst, speaker, 200, start=utc(2018, 3, 26, 14, 5))
    floor_intervention(lst, speaker, 100, start=utc(2018, 3, 26, 14, 15))
    floor_intervention(lst, factory.person("Own Limit", category="academia"), 100,
                       start=utc(2018, 3, 26, 14, 20), limit_seconds=60)
    data = organizer_client.get(URL + ".json").get_json()
    # 20 s beyond 180, 0 for the 100 s one, 40 s beyond a limit of its own of 60 s.
    assert round(data["session_timing"][0]["overrun_minutes"] * 60) == 60


def test_names_not_reached_are_for_organizers_only(organizer_client, factory):
    event, dialogue, _, _ = build_floor_run(factory)
    page = html.fromstring(organizer_client.get(URL + "/not-reached").get_data(as_text=True))
    rows = [tuple(cell.text_content().strip() for cell in row.xpath("th|td"))
            for row in page.xpath(f'//table[@data-session="{dialogue.id}"]/tbody/tr')]
    assert [row[:4] for row in rows] == [
        ("Nia Network", "Diaspora Network", "Migrants & diaspora", "request"),
        ("Noor Scholar", "Institute", "Academia", "request"),
        ("Nils Scholar", "Institute", "Academia", "request")]
    assert page.xpath('string(//*[@data-total="not_reached"])') == "3 requests not reached."
    report = organizer_client.get(URL).get_data(as_text=True)
    assert "/balance/not-reached" in report and "Nia Network" not in report

    data = organizer_client.get(URL + ".json").get_json()
    assert [(r["session"], r["name"], r["organization"], r["category"], r["kind"])
            for r in data["not_reached_requests"]] == [
        (dialogue.id, "Nia Network", "Diaspora Network", "migrants-diaspora", "request"),
        (dialogue.id, "Noor Scholar", "Institute", "academia", "request"),
        (dialogue.id, "Nils Scholar", "Institute", "academia", "request")]
    rows = list(csv.DictReader(io.StringIO(
        organizer_client.get(URL + ".csv").get_data(as_text=True))))
    assert [(r["key"], r["session"], r["person"], r["organization"]) for r in rows
            if r["dimension"] == "not_reached_request"] == [
        ("migrants-diaspora", str(dialogue.id), "Nia Network", "Diaspora Network"),
        ("academia", str(dialogue.id), "Noor Scholar", "Institute"),
        ("academia", str(dialogue.id), "Nils Scholar", "Institute")]
    floor = {r["key"]: (r["requests"], r["spoke"], r["not_reached"], r["skipped"],
                        r["withdrawn"]) for r in rows if r["dimension"] == "floor"}
    assert floor["academia"] == ("2", "0", "2", "0", "0")
    assert floor["civil-society"] == ("2", "1", "0", "0", "1")
    assert floor["un-system"] == ("1", "0", "0", "1", "0")


def test_names_not_reached_follow_the_scope(organizer_client, factory):
    _, _, panel, _ = build_floor_run(factory)
    data = organizer_client.get(f"{URL}.json?session={panel.id}").get_json()
    assert data["not_reached_requests"] == []


def test_public_never_sees_names_not_reached(client, participant_client, factory):
    event, _, _, _ = build_floor_run(factory)
    event.balance_is_public = True
    db.session.commit()
    public = client.get("/events/idm/balance").get_data(as_text=True)
    for name in ("Nia Network", "Noor Scholar", "Nils Scholar", "Sam Skipped", "Wanda Left"):
        assert name not in public
    assert participant_client.get(URL + "/not-reached").status_code == 403
    assert participant_client.get(URL + ".json").status_code == 403


def test_names_page_asks_anonymous_visitors_to_log_in(client, factory):
    build_floor_run(factory)
    response = client.get(URL + "/not-reached")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_names_page_of_an_event_with_no_list(organizer_client, factory):
    factory.event(slug="idm")
    page = organizer_client.get(URL + "/not-reached").get_data(as_text=True)
    assert "Nobody who asked for the floor was left waiting when a list closed." in page
    assert organizer_client.get("/organize/events/nope/balance/not-reached").status_code == 404


def test_withdrawn_and_removed_requests_are_counted_by_category(organizer_client, factory):
    event = factory.event(slug="idm")
    dialogue = factory.session(event, title="Dialogue", kind="interactive-dialogue")
    lst = speakers_list(dialogue)
    for status in ("withdrawn", "removed", "skipped", "waiting"):
        floor_request(lst, factory.person(f"Asker {status}", category="academia"),
                      status=status)
    data = organizer_client.get(URL + ".json").get_json()
    academia = next(r for r in data["floor_by_category"] if r["key"] == "academia")
    assert (academia["requests"], academia["spoke"], academia["not_reached"],
            academia["skipped"], academia["removed"], academia["withdrawn"]) == (4, 0, 0, 1, 1, 1)
