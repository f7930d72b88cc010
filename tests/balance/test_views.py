"""Access, edge cases and query counts of the balance pages."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from eventapp.extensions import db
from eventapp.xlsx import XLSX_MIMETYPE
from tests.balance.bulk import add_floor, add_programme, add_registrations
from tests.conftest import count_queries

REPORT_URLS = ("/organize/events/{slug}/balance", "/organize/events/{slug}/balance.csv",
               "/organize/events/{slug}/balance.json", "/organize/events/{slug}/balance.xlsx",
               "/organize/events/{slug}/balance/targets")


@pytest.mark.parametrize("url", REPORT_URLS)
def test_report_anonymous_is_sent_to_login(client, factory, url):
    factory.event(slug="idm")
    response = client.get(url.format(slug="idm"))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", REPORT_URLS)
def test_report_participant_is_forbidden(participant_client, factory, url):
    factory.event(slug="idm")
    assert participant_client.get(url.format(slug="idm")).status_code == 403


def test_public_summary_404_unless_published_and_public(client, factory):
    factory.event(slug="hidden", published=False, balance_is_public=True)
    factory.event(slug="private", published=True, balance_is_public=False)
    factory.event(slug="open", published=True, balance_is_public=True)
    assert client.get("/events/hidden/balance").status_code == 404
    assert client.get("/events/private/balance").status_code == 404
    assert client.get("/events/nope/balance").status_code == 404
    assert client.get("/events/open/balance").status_code == 200


def test_public_balance_not_made_public_says_so(client, factory):
    factory.event(slug="private", published=True, balance_is_public=False,
                  title="Migration and cities")
    response = client.get("/events/private/balance")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<h1>Migration and cities</h1>" in page
    assert ("<p>The organizers have not made the speaking balance of this event public.</p>"
            in page)
    assert '<a href="/events/private/">Back to the event</a>' in page
    assert "There is nothing at this address." not in page


def test_public_summary_shows_public_dimensions_and_suppresses_small_counts(client, factory):
    event = factory.event(slug="idm", balance_is_public=True)
    panel = factory.session(event, title="Panel")
    people = [factory.person(f"Migrant Speaker{i}", category="migrants-diaspora",
                             gender="woman") for i in range(5)]
    for person in people[:4]:
        person.migrant_experience = "yes"
    db.session.commit()
    for person in people:
        factory.slot(panel, person)
    page = client.get("/events/idm/balance").get_data(as_text=True)
    assert 'data-count="migrant-experience">fewer than 5<' in page
    for heading in ("Stakeholder category", "Role", "Governance level", "Region (UN M49)"):
        assert heading in page
    assert "Gender" not in page and "Woman" not in page
    assert 'role="img"' in page
    people[4].migrant_experience = "yes"
    db.session.commit()
    page = client.get("/events/idm/balance").get_data(as_text=True)
    assert 'data-count="migrant-experience">5<' in page


def test_empty_event_renders_in_every_format(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()
    page = organizer_client.get("/organize/events/idm/balance")
    assert page.status_code == 200
    assert "No scheduled sessions in this scope." in page.get_data(as_text=True)
    data = organizer_client.get("/organize/events/idm/balance.json").get_json()
    assert data["totals"] == {"slots": 0, "minutes": 0, "slots_with_recorded_time": 0,
                              "approved_participants": 0, "planned_not_heard_slots": 0,
                              "planned_not_heard_minutes": 0, "heard_untimed_slots": 0,
                              "heard_untimed_minutes": 0, "floor_interventions": 0,
                              "not_given_the_floor": 0, "interventions_over_limit": 0}
    assert data["floor_by_category"][0] == {
        "key": "government", "label": "Government", "interventions": 0, "not_reached": 0,
        "requests": 0, "spoke": 0, "skipped": 0, "removed": 0, "withdrawn": 0,
        "not_heard_slots": 0, "not_heard_minutes": 0, "heard_untimed_slots": 0,
        "heard_untimed_minutes": 0}
    assert data["not_reached_requests"] == []
    assert data["session_timing"] == []
    assert data["scores"] == {"evenness": 0.0, "fit_to_registrations": None}
    assert len(data["by_category"]) == 7
    assert all(r["slot_share"] is None and r["z"] is None for r in data["by_category"])
    rows = list(csv.DictReader(io.StringIO(
        organizer_client.get("/organize/events/idm/balance.csv").get_data(as_text=True))))
    assert {r["minute_share"] for r in rows if r["dimension"] == "category"} == {""}


def test_no_registrations_and_anonymous_speakers_give_not_stated(organizer_client, factory):
    event = factory.event(slug="idm")
    panel = factory.session(event, title="Panel")
    factory.slot(panel, factory.person("Nobody Known"), planned_minutes=None)
    factory.slot(panel, factory.person("Another One", gender="prefer-not"), planned_minutes=6)
    data = organizer_client.get("/organize/events/idm/balance.json").get_json()
    not_stated = data["by_category"][-1]
    assert (not_stated["key"], not_stated["slots"], not_stated["minutes"]) == (
        "not-stated", 2, 6)
    assert not_stated["minute_share"] == 1.0
    assert not_stated["registration_share"] is None
    assert not_stated["representation_ratio"] is None and not_stated["z"] is None
    assert data["by_gender"][-1]["slots"] == 2
    assert data["by_governance_level"][-1]["key"] == "not-stated"
    assert data["by_region"][-1]["key"] == "not-stated"
    assert data["scores"]["fit_to_registrations"] is None
    assert data["scores"]["evenness"] == 0.0
    assert organizer_client.get("/organize/events/idm/balance").status_code == 200
    assert organizer_client.get("/organize/events/idm/balance.csv").status_code == 200


def test_speakers_with_no_time_at_all_do_not_divide_by_zero(organizer_client, factory):
    event = factory.event(slug="idm")
    panel = factory.session(event, title="Panel")
    factory.slot(panel, planned_minutes=None)
    factory.registration(event)
    data = organizer_client.get("/organize/events/idm/balance.json").get_json()
    assert data["totals"]["slots"] == 1 and data["totals"]["minutes"] == 0
    assert all(r["minute_share"] is None for r in data["by_category"])
    assert data["scores"]["fit_to_registrations"] is None
    assert organizer_client.get("/organize/events/idm/balance").status_code == 200


def _queries(client, url: str) -> int:
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_report_query_count_is_the_same_for_10_and_1000_slots(organizer_client, factory):
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    add_programme(small, slots=10, prefix="s")
    add_programme(large, slots=1000, prefix="l")
    add_registrations(small, 10, prefix="rs")
    add_registrations(large, 1000, prefix="rl")
    add_floor(small, requests=10, prefix="s")
    add_floor(large, requests=1000, prefix="l")
    # The first request of the test loads the logged-in user once; later ones reuse it.
    organizer_client.get("/organize/events/small/balance")
    for suffix in ("", ".csv", ".json"):
        small_count = _queries(organizer_client, f"/organize/events/small/balance{suffix}")
        large_count = _queries(organizer_client, f"/organize/events/large/balance{suffix}")
        assert small_count == large_count, suffix
        # The funnel takes two (its registrations, its check-ins per day); the exports add
        # the names of those not reached: one more query.
        assert small_count == (10 if suffix == "" else 11), suffix
    small_names = _queries(organizer_client, "/organize/events/small/balance/not-reached")
    large_names = _queries(organizer_client, "/organize/events/large/balance/not-reached")
    assert small_names == large_names == 4
    data = organizer_client.get("/organize/events/large/balance.json").get_json()
    assert data["totals"]["slots"] == 1000
    assert sum(r["slots"] for r in data["by_region"]) == 1000
    # 1000 requests cycle through six outcomes: 500 done, 167 not reached; a done one runs
    # 120 to 240 seconds; those at 210 and 240 s are over the 180 s limit.
    assert (data["totals"]["floor_interventions"], data["totals"]["not_given_the_floor"],
            data["totals"]["interventions_over_limit"]) == (500, 167, 199)
    assert sum(r["interventions"] for r in data["floor_by_category"]) == 500
    assert len(data["not_reached_requests"]) == 167


def test_report_reflects_every_change_after_being_cached(organizer_client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, category="government")
    panel = factory.session(event, title="Panel")
    speaker = factory.person("Only Speaker", category="government")
    factory.slot(panel, speaker, planned_minutes=10)
    url = "/organize/events/idm/balance.json"
    first = organizer_client.get(url).get_json()
    assert organizer_client.get(url).get_json() == first
    assert first["totals"]["minutes"] == 10
    factory.slot(panel, factory.person("Second Speaker", category="academia"),
                 planned_minutes=5)
    assert organizer_client.get(url).get_json()["totals"]["minutes"] == 15
    factory.registration(event, category="academia")
    assert organizer_client.get(url).get_json()["totals"]["approved_participants"] == 2
    speaker.category = factory.category("academia")
    db.session.commit()
    academia = organizer_client.get(url).get_json()["by_category"][-1]
    assert (academia["key"], academia["slots"]) == ("academia", 2)
    page = organizer_client.get("/organize/events/idm/balance").get_data(as_text=True)
    assert "organizer@example.org" in page


def test_xlsx_download_is_a_workbook_and_refuses_a_bad_scope(organizer_client, factory):
    factory.event(slug="idm", timezone="Europe/Zurich")
    factory.categories()

    response = organizer_client.get("/organize/events/idm/balance.xlsx")
    refused = organizer_client.get("/organize/events/idm/balance.xlsx?day=1999-01-01")

    assert response.status_code == 200
    assert response.mimetype == XLSX_MIMETYPE
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="idm-speaking-balance.xlsx"')
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert (sheet.title, sheet.freeze_panes) == ("Speaking balance", "A2")
    assert sheet["A1"].value == "dimension"
    assert sheet.cell(row=1, column=36).value == "requested_at (Europe/Zurich)"
    assert sheet.cell(row=1, column=sheet.max_column).value == "heard_minutes"
    assert refused.status_code == 400
    assert refused.mimetype == "text/plain"
