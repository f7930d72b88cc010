"""The report after a run of the floor: exact minutes, interventions, requests not reached."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from flask.testing import FlaskClient
from lxml import html

from eventapp.extensions import db
from eventapp.programme.models import SpeakingSlot
from tests.factories import Factory, floor_intervention, floor_request, speakers_list, utc

URL = "/organize/events/idm/balance"


def build_floor_run(factory):
    """An interactive dialogue run through its list of speakers (limit 3 minutes).

    Chair U (UN system), planned 10 minutes, neither timed nor marked heard: planned, not
    heard, so it counts nothing now that the dialogue has been run.
    Panelist P (civil society), planned 3 minutes, timed by the list at 240 s (over the limit).
    Requester R1 (government) spoke twice: 200 s (over) and 100 s, so 300 s on one floor slot.
    Requester R2 (migrants & diaspora) 150 s; walk-in W (local authorities) 90 s.
    Not reached when the list closed: N1 (migrants & diaspora), N2 and N3 (academia).
    One withdrawn and one skipped request count nowhere. A panel elsewhere is not timed.
    """
    event = factory.event(slug="idm", start=date(2018, 3, 26), end=date(2018, 3, 26))
    un = factory.organization("Agency", category="un-system", country="CH",
                              governance_level="global")
    ngo = factory.organization("Forum", category="civil-society", country="KE",
                               governance_level="regional")
    ministry = factory.organization("Mission", category="government", country="UY")
    city = factory.organization("City Hall", category="local-authorities", country="CA",
                                governance_level="local")
    migrants = factory.organization("Diaspora Network", category="migrants-diaspora",
                                    country="PH", governance_level="global")
    academy = factory.organization("Institute", category="academia", country="JP")
    chair = factory.person("Una Chair", organization=un, gender="woman")
    panelist = factory.person("Pat Panel", organization=ngo, gender="man")
    r1 = factory.person("Rosa Delegate", organization=ministry, gender="woman")
    r2 = factory.person("Ravi Network", organization=migrants)
    walk_in = factory.person("Will Mayor", organization=city, gender="man")

    dialogue = factory.session(event, title="Interactive discussion",
                               kind="interactive-dialogue", start=time(15, 0), minutes=60)
    factory.slot(dialogue, chair, role="chair", planned_minutes=10)
    panelist_slot = factory.slot(dialogue, panelist, role="panelist", planned_minutes=3)
    panel = factory.session(event, title="Morning panel", start=time(10, 0))
    factory.slot(panel, factory.person("Morning Speaker", organization=ministry),
                 planned_minutes=20)

    lst = speakers_list(dialogue, is_open=False)
    floor_intervention(lst, panelist, 240, start=utc(2018, 3, 26, 19, 1), kind="planned",
                       slot=panelist_slot)
    floor_intervention(lst, r1, 200, start=utc(2018, 3, 26, 19, 6))
    floor_intervention(lst, r2, 150, start=utc(2018, 3, 26, 19, 10), given_by="chair")
    floor_intervention(lst, walk_in, 90, start=utc(2018, 3, 26, 19, 14), kind="walk-in")
    floor_intervention(lst, r1, 100, start=utc(2018, 3, 26, 19, 17))
    floor_request(lst, factory.person("Nia Network", organization=migrants),
                  status="not_reached")
    for name in ("Noor Scholar", "Nils Scholar"):
        floor_request(lst, factory.person(name, organization=academy), status="not_reached")
    floor_request(lst, factory.person("Wanda Left", organization=ngo), status="withdrawn")
    floor_request(lst, factory.person("Sam Skipped", organization=un), status="skipped")

    factory.registration(event, r1, category="government")
    factory.registration(event, r2, category="migrants-diaspora")
    factory.registration(event, chair, category="un-system", is_invited_speaker=True)
    factory.registration(event, panelist, category="civil-society", is_invited_speaker=True)
    factory.registration(event, category="academia", status="pending")
    return event, dialogue, panel, lst


# (slots, timed slots, planned, planned of timed slots, actual, counted) per category.
# The morning panel was never run, so its 20 planned minutes count; the dialogue's chair's
# 10 do not.
CATEGORY_MINUTES = {
    "government": (2, 1, 20, 0, 5, 25),
    "un-system": (1, 0, 10, 0, 0, 0),
    "civil-society": (1, 1, 3, 3, 4, 4),
    "private-sector": (0, 0, 0, 0, 0, 0),
    "migrants-diaspora": (1, 1, 0, 0, 2.5, 2.5),
    "local-authorities": (1, 1, 0, 0, 1.5, 1.5),
    "academia": (0, 0, 0, 0, 0, 0),
}
FLOOR = {"government": (2, 0), "un-system": (0, 0), "civil-society": (1, 0),
         "private-sector": (0, 0), "migrants-diaspora": (1, 1), "local-authorities": (1, 0),
         "academia": (0, 2)}


def test_report_json_after_a_floor_run_has_exact_minutes(organizer_client, factory):
    _, dialogue, _, _ = build_floor_run(factory)
    data = organizer_client.get(URL + ".json").get_json()
    got = {row["key"]: (row["slots"], row["recorded_slots"], row["planned_minutes"],
                        row["recorded_planned_minutes"], row["actual_minutes"], row["minutes"])
           for row in data["by_category"]}
    assert got == CATEGORY_MINUTES
    assert data["totals"] == {"slots": 6, "minutes": 33, "slots_with_recorded_time": 4,
                              "approved_participants": 2, "planned_not_heard_slots": 1,
                              "planned_not_heard_minutes": 10, "heard_untimed_slots": 0,
                              "heard_untimed_minutes": 0, "floor_interventions": 5,
                              "not_given_the_floor": 3, "interventions_over_limit": 2}
    assert {row["key"]: (row["not_heard_slots"], row["not_heard_minutes"])
            for row in data["by_category"] if row["not_heard_slots"]} == {"un-system": (1, 10)}
    assert {row["key"]: (row["interventions"], row["not_reached"])
            for row in data["floor_by_category"]} == FLOOR
    # Overrun: the panelist 240 s against 3 planned minutes (+60 s); R1's first intervention
    # 20 s beyond its 180 s limit; every other intervention within it (0, not negative).
    assert data["session_timing"] == [{
        "id": dialogue.id, "title": "Interactive discussion", "kind": "interactive-dialogue",
        "day": "2018-03-26", "slots": 5, "timed_slots": 4, "planned_minutes": 3,
        "actual_minutes": 13, "overrun_minutes": pytest.approx(80 / 60), "interventions": 5,
        "over_limit": 2, "not_reached": 3, "not_heard_slots": 1, "not_heard_minutes": 10,
        "heard_untimed_slots": 0, "heard_untimed_minutes": 0}]
    roles = {row["key"]: (row["planned_minutes"], row["actual_minutes"], row["recorded_slots"])
             for row in data["by_role"] if row["slots"]}
    assert roles == {"chair": (10, 0, 0), "panelist": (23, 4, 1), "floor": (0, 9, 3)}
    levels = {row["key"]: (row["planned_minutes"], row["actual_minutes"])
              for row in data["by_governance_level"] if row["slots"]}
    assert levels == {"local": (0, 1.5), "national": (20, 5), "regional": (3, 4),
                      "global": (10, 2.5)}
    genders = {row["key"]: (row["planned_minutes"], row["actual_minutes"])
               for row in data["by_gender"] if row["slots"]}
    assert genders == {"woman": (10, 5), "man": (3, 5.5), "not-stated": (20, 2.5)}
    regions = {row["key"]: (row["planned_minutes"], row["actual_minutes"])
               for row in data["by_region"] if row["slots"]}
    assert regions == {"Africa": (3, 4), "Americas": (20, 6.5), "Asia": (0, 2.5),
                       "Europe": (10, 0)}


def test_baseline_leaves_invited_speakers_out(organizer_client, factory):
    build_floor_run(factory)
    data = organizer_client.get(URL + ".json").get_json()
    shares = {row["key"]: row["registration_share"] for row in data["by_category"]}
    assert shares == {"government": 0.5, "un-system": 0.0, "civil-society": 0.0,
                      "private-sector": 0.0, "migrants-diaspora": 0.5,
                      "local-authorities": 0.0, "academia": 0.0}
    assert data["baseline"] == "Baseline: 2 approved participants, invited speakers not counted"
    # Minute shares 25/33, 0, 4/33, 0, 2.5/33, 1.5/33, 0 against 1/2 and 1/2.
    distance = (abs(25 / 33 - 0.5) + 4 / 33 + abs(2.5 / 33 - 0.5) + 1.5 / 33) / 2
    assert data["scores"]["fit_to_registrations"] == pytest.approx(100 * (1 - distance))
    page = organizer_client.get(URL).get_data(as_text=True)
    assert "Baseline: 2 approved participants, invited speakers not counted" in page


def test_report_csv_after_a_floor_run(organizer_client, factory):
    _, dialogue, _, _ = build_floor_run(factory)
    rows = list(csv.DictReader(io.StringIO(
        organizer_client.get(URL + ".csv").get_data(as_text=True))))
    floor = {r["key"]: (int(r["interventions"]), int(r["not_reached"]))
             for r in rows if r["dimension"] == "floor"}
    assert floor == FLOOR
    timing = [r for r in rows if r["dimension"] == "session_timing"]
    assert [(r["key"], r["recorded_slots"], r["planned_minutes"], r["actual_minutes"],
             r["overrun_minutes"], r["interventions"], r["over_limit"], r["not_heard_minutes"])
            for r in timing] == [
        (str(dialogue.id), "4", "3.0", "13.0", str(80 / 60), "5", "2", "10.0")]
    categories = {r["key"]: (r["planned_minutes"], r["actual_minutes"], r["recorded_slots"])
                  for r in rows if r["dimension"] == "category"}
    assert categories["civil-society"] == ("3.0", "4.0", "1")
    assert categories["government"] == ("20.0", "5.0", "1")
    baseline = [r for r in rows if r["dimension"] == "baseline"]
    assert [(b["label"], b["value"]) for b in baseline] == [
        ("Baseline: 2 approved participants, invited speakers not counted", "2")]


def test_report_html_shows_floor_tables(organizer_client, factory):
    _, dialogue, _, _ = build_floor_run(factory)
    page = html.fromstring(organizer_client.get(URL).get_data(as_text=True))
    rows = page.xpath('//table[@id="floor-table"]/tbody/tr')
    shown = {row.get("data-key"): tuple(td.text_content().strip() for td in row.xpath("td"))
             for row in rows}
    # Over plan: R1's 20 s beyond the limit (0.3 min), not their whole unplanned 5 minutes.
    assert shown == {
        "government": ("1 of 2", "0.0", "5.0", "0.3", "2", "0", "0.0", "0.0"),
        "un-system": ("0 of 1", "0.0", "0.0", "0.0", "0", "0", "10.0", "0.0"),
        "civil-society": ("1 of 1", "3.0", "4.0", "1.0", "1", "0", "0.0", "0.0"),
        "private-sector": ("0 of 0", "0.0", "0.0", "0.0", "0", "0", "0.0", "0.0"),
        "migrants-diaspora": ("1 of 1", "0.0", "2.5", "0.0", "1", "1", "0.0", "0.0"),
        "local-authorities": ("1 of 1", "0.0", "1.5", "0.0", "1", "0", "0.0", "0.0"),
        "academia": ("0 of 0", "0.0", "0.0", "0.0", "0", "2", "0.0", "0.0"),
    }
    assert [c.text_content() for c in page.xpath('//table[@id="floor-table"]/tfoot/tr/*')] == [
        "All categories", "4 of 6", "", "", "", "5", "3", "10.0", "0.0"]
    outcomes = {row.get("data-key"): tuple(int(td.text_content()) for td in row.xpath("td"))
                for row in page.xpath('//table[@id="requests-table"]/tbody/tr')}
    # Requests, spoke, not reached, skipped, removed, withdrawn.
    assert outcomes == {
        "government": (2, 2, 0, 0, 0, 0), "un-system": (1, 0, 0, 1, 0, 0),
        "civil-society": (2, 1, 0, 0, 0, 1), "private-sector": (0, 0, 0, 0, 0, 0),
        "migrants-diaspora": (2, 1, 1, 0, 0, 0), "local-authorities": (1, 1, 0, 0, 0, 0),
        "academia": (2, 0, 2, 0, 0, 0)}
    assert page.xpath('string(//*[@data-total="planned_not_heard_minutes"])') == "10.0"
    assert page.xpath('string(//*[@data-total="not_given_the_floor"])') == "3"
    timing = page.xpath('//table[@id="timing-table"]/tbody/tr')
    assert [t.get("data-session") for t in timing] == [str(dialogue.id)]
    cells = {td.get("data-field"): td.text_content().strip() for td in timing[0].xpath("td")
             if td.get("data-field")}
    assert cells == {"timed_slots": "4 of 5", "planned_minutes": "3.0",
                     "actual_minutes": "13.0", "overrun_minutes": "+1.3",
                     "interventions": "5", "over_limit": "2", "not_heard_minutes": "10.0",
                     "heard_untimed_minutes": "0.0", "not_reached": "3"}
    category = {row.get("data-key"): {td.get("data-field"): td.text_content().strip()
                                      for td in row.xpath("td")}
                for row in page.xpath('//table[@id="category-table"]/tbody/tr')}
    assert (category["civil-society"]["planned_minutes"],
            category["civil-society"]["actual_minutes"]) == ("3.0", "4.0")
    role = {row.get("data-key"): {td.get("data-field"): td.text_content().strip()
                                  for td in row.xpath("td")}
            for row in page.xpath('//table[@id="role-table"]/tbody/tr')}
    assert {key: (cells["recorded_slots"], cells["planned_minutes"],
                  cells["recorded_planned_minutes"], cells["actual_minutes"])
            for key, cells in role.items() if key in ("chair", "panelist", "floor")} == {
        "chair": ("0 of 1", "10.0", "0.0", "0.0"),
        "panelist": ("1 of 2", "23.0", "3.0", "4.0"),
        "floor": ("3 of 3", "0.0", "0.0", "9.0")}


def test_report_scope_to_another_session_leaves_the_floor_out(organizer_client, factory):
    _, _, panel, _ = build_floor_run(factory)
    data = organizer_client.get(f"{URL}.json?session={panel.id}").get_json()
    assert data["totals"]["floor_interventions"] == 0
    assert data["totals"]["not_given_the_floor"] == 0
    assert data["session_timing"] == []


def test_floor_changes_show_at_once_after_being_cached(organizer_client, factory):
    event = factory.event(slug="idm")
    dialogue = factory.session(event, title="Dialogue", kind="interactive-dialogue")
    factory.slot(dialogue, factory.person("Planned One", category="government"),
                 planned_minutes=5)
    first = organizer_client.get(URL + ".json").get_json()
    assert organizer_client.get(URL + ".json").get_json() == first
    assert first["totals"]["not_given_the_floor"] == 0
    lst = speakers_list(dialogue)
    waiting = floor_request(lst, factory.person("Late Asker", category="academia"))
    assert organizer_client.get(URL + ".json").get_json()["totals"]["not_given_the_floor"] == 0
    waiting.status = "not_reached"
    db.session.commit()
    data = organizer_client.get(URL + ".json").get_json()
    assert data["totals"]["not_given_the_floor"] == 1
    assert {r["key"]: r["not_reached"] for r in data["floor_by_category"]}["academia"] == 1


def test_public_summary_shows_planned_and_actual_but_no_gender(client, factory):
    event, _, _, _ = build_floor_run(factory)
    event.balance_is_public = True
    db.session.commit()
    page = html.fromstring(client.get("/events/idm/balance").get_data(as_text=True))
    rows = {row.get("data-key"): {td.get("data-field"): td.text_content().strip()
                                  for td in row.xpath("td") if td.get("data-field")}
            for row in page.xpath('//table[@id="category-table"]/tbody/tr')}
    assert rows["civil-society"] == {"planned_minutes": "3.0", "actual_minutes": "4.0 (1 of 1)"}
    assert rows["government"] == {"planned_minutes": "20.0", "actual_minutes": "5.0 (1 of 2)"}
    text = page.text_content()
    assert "Gender" not in text and "Woman" not in text
    # Names stay off the public page: only aggregate figures.
    assert "Rosa Delegate" not in text and "Nia Network" not in text


def test_intervention_without_its_own_limit_is_timed_against_the_lists(organizer_client,
                                                                       factory):
    event = factory.event(slug="idm")
    dialogue = factory.session(event, title="Dialogue", kind="interactive-dialogue")
    lst = speakers_list(dialogue, default_limit_seconds=120)
    speaker = factory.person("Long Speaker", category="academia")
    request = floor_intervention(lst, speaker, 150, start=utc(2018, 3, 26, 14, 5))
    request.limit_seconds = None
    floor_intervention(lst, factory.person("Short Speaker", category="academia"), 100,
                       start=utc(2018, 3, 26, 14, 9))
    db.session.commit()
    data = organizer_client.get(URL + ".json").get_json()
    assert data["totals"]["interventions_over_limit"] == 1
    assert data["session_timing"][0]["over_limit"] == 1


def test_points_of_order_are_no_interventions_in_the_report(organizer_client: FlaskClient,
                                                            factory: Factory) -> None:
    _, dialogue, _, lst = build_floor_run(factory)
    speaker = factory.person("Olga Order", organization=factory.organization(
        "Diaspora Two", category="migrants-diaspora", country="PH"))
    slot = SpeakingSlot(session=dialogue, person=speaker, role="point-of-order",
                        planned_minutes=None, position=9, actual_seconds=200)
    db.session.add(slot)
    db.session.flush()
    # 200 s, beyond the list's 180 s: it would count as an intervention over the limit.
    floor_request(lst, speaker, status="done", kind="order", elapsed_seconds=200,
                  slot_id=slot.id, category="migrants-diaspora")
    data = organizer_client.get(URL + ".json").get_json()
    assert (data["totals"]["floor_interventions"], data["totals"]["interventions_over_limit"]
            ) == (5, 2)
    assert {row["key"]: (row["interventions"], row["not_reached"])
            for row in data["floor_by_category"]} == FLOOR
