"""The hand-computed event: the same figures in the HTML page, the CSV and the JSON."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from fractions import Fraction as F

import pytest
from lxml import html

from tests.balance.scenario import build_scenario

N = 7
SLOTS = {"government": 3, "un-system": 1, "civil-society": 1, "migrants-diaspora": 1,
         "not-stated": 1, "private-sector": 0, "local-authorities": 0, "academia": 0}
MINUTES = {"government": 30, "un-system": 5, "civil-society": 15, "migrants-diaspora": 10,
           "not-stated": 0, "private-sector": 0, "local-authorities": 0, "academia": 0}
PLANNED = {"government": 30, "un-system": 5, "civil-society": 15, "migrants-diaspora": 10,
           "not-stated": 0, "private-sector": 0, "local-authorities": 0, "academia": 0}
ACTUAL = {"government": 20, "un-system": 0, "civil-society": 0, "migrants-diaspora": 10,
          "not-stated": 0, "private-sector": 0, "local-authorities": 0, "academia": 0}
RECORDED = {"government": (2, 20), "migrants-diaspora": (1, 10)}
REGISTERED = {"government": 4, "un-system": 2, "civil-society": 2, "migrants-diaspora": 2}
CATEGORY_ORDER = ["government", "un-system", "civil-society", "private-sector",
                  "migrants-diaspora", "local-authorities", "academia", "not-stated"]


def expected_category(key: str) -> dict:
    slot_share = F(SLOTS[key], N)
    minute_share = F(MINUTES[key], 60)
    p_reg = F(REGISTERED.get(key, 0), 10)
    z = None
    if 0 < p_reg < 1:
        z = float(slot_share - p_reg) / math.sqrt(float(p_reg * (1 - p_reg)) / N)
    return {
        "slots": SLOTS[key], "planned_minutes": PLANNED[key], "actual_minutes": ACTUAL[key],
        "minutes": MINUTES[key], "slot_share": float(slot_share),
        "minute_share": float(minute_share), "registration_share": float(p_reg),
        "representation_ratio": float(minute_share / p_reg) if p_reg else None, "z": z,
        "recorded_slots": RECORDED.get(key, (0, 0))[0],
        "recorded_planned_minutes": RECORDED.get(key, (0, 0))[1],
    }


def expected_scores() -> tuple[float, float]:
    shares = [F(MINUTES[k], 60) for k in CATEGORY_ORDER]
    entropy = -sum(float(p) * math.log(float(p)) for p in shares if p)
    evenness = 100 * entropy / math.log(8)
    distance = sum(abs(F(MINUTES[k], 60) - F(REGISTERED.get(k, 0), 10))
                   for k in CATEGORY_ORDER) / 2
    assert distance == F(3, 20)
    return evenness, float(100 * (1 - distance))


EXPECTED_FLAGS = {
    "Opening": ["No local or regional voice"],
    "Panel one": ["All speakers come from one category",
                  "Missing required categories: Civil society",
                  "All speakers with a stated gender are men",
                  "No local or regional voice"],
    "Panel two": [],
    "Coffee": [],
}
ROLE_EXPECTED = {"chair": (1, 5), "moderator": (1, 15), "keynote": (1, 12),
                 "panelist": (3, 28), "respondent": (0, 0), "rapporteur": (0, 0),
                 "floor": (1, 0)}
GOVERNANCE_EXPECTED = {"local": (1, 15), "national": (3, 30), "regional": (0, 0),
                       "global": (1, 5), "not-stated": (2, 10)}
GENDER_EXPECTED = {"woman": (1, 5), "man": (4, 45), "non-binary": (0, 0),
                   "self-described": (0, 0), "not-stated": (2, 10)}
REGION_EXPECTED = {"Africa": (1, 15), "Americas": (3, 30), "Asia": (0, 0), "Europe": (1, 5),
                   "Oceania": (0, 0), "not-stated": (2, 10)}


def _approx(value):
    return None if value is None else pytest.approx(value, abs=1e-9)


def test_json_figures_match_hand_computation(organizer_client, factory):
    build_scenario(factory)
    response = organizer_client.get("/organize/events/idm/balance.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))

    assert [row["key"] for row in data["by_category"]] == CATEGORY_ORDER
    for row in data["by_category"]:
        expected = expected_category(row["key"])
        for name, value in expected.items():
            assert row[name] == _approx(value), (row["key"], name)
    flags = {row["key"]: row["flag"] for row in data["by_category"]}
    assert flags == {k: None for k in CATEGORY_ORDER} | {
        "government": "above target", "migrants-diaspora": "below target"}
    targets = {row["key"]: (row["target_min"], row["target_max"]) for row in data["by_category"]}
    assert targets["migrants-diaspora"] == (20, None)
    assert targets["government"] == (None, 40)

    for dimension, expected in (("by_role", ROLE_EXPECTED),
                                ("by_governance_level", GOVERNANCE_EXPECTED),
                                ("by_gender", GENDER_EXPECTED), ("by_region", REGION_EXPECTED)):
        got = {row["key"]: (row["slots"], row["minutes"]) for row in data[dimension]}
        assert got == expected, dimension
        for row in data[dimension]:
            assert row["minute_share"] == _approx(expected[row["key"]][1] / 60)
            assert row["slot_share"] == _approx(expected[row["key"]][0] / 7)

    cross = {row["key"]: {role: (cell["slots"], cell["minutes"])
                          for role, cell in row["roles"].items() if cell["slots"]}
             for row in data["category_by_role"]}
    assert cross == {
        "government": {"keynote": (1, 12), "panelist": (2, 18)},
        "un-system": {"chair": (1, 5)}, "civil-society": {"moderator": (1, 15)},
        "private-sector": {}, "migrants-diaspora": {"panelist": (1, 10)},
        "local-authorities": {}, "academia": {}, "not-stated": {"floor": (1, 0)},
    }
    assert {s["title"]: s["flags"] for s in data["sessions"]} == EXPECTED_FLAGS
    evenness, fit = expected_scores()
    assert data["scores"]["evenness"] == _approx(evenness)
    assert data["scores"]["fit_to_registrations"] == pytest.approx(85.0, abs=1e-9)
    assert fit == pytest.approx(85.0)
    assert data["totals"] == {"slots": 7, "minutes": 60, "slots_with_recorded_time": 3,
                              "approved_participants": 10, "planned_not_heard_slots": 1,
                              "planned_not_heard_minutes": 0, "heard_untimed_slots": 3,
                              "heard_untimed_minutes": 30, "floor_interventions": 0,
                              "not_given_the_floor": 0, "interventions_over_limit": 0}
    assert data["baseline"] == "Baseline: 10 approved participants, invited speakers not counted"


def test_csv_figures_match_hand_computation(organizer_client, factory):
    build_scenario(factory)
    response = organizer_client.get("/organize/events/idm/balance.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="idm-speaking-balance.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    categories = [r for r in rows if r["dimension"] == "category"]
    assert [r["key"] for r in categories] == CATEGORY_ORDER
    for row in categories:
        for name, value in expected_category(row["key"]).items():
            if value is None:
                assert row[name] == "", (row["key"], name)
            else:
                assert float(row[name]) == pytest.approx(value, abs=1e-9), (row["key"], name)
    roles = {r["key"]: (int(r["slots"]), float(r["minutes"]))
             for r in rows if r["dimension"] == "role"}
    assert roles == ROLE_EXPECTED
    regions = {r["key"]: (int(r["slots"]), float(r["minutes"]))
               for r in rows if r["dimension"] == "region"}
    assert regions == REGION_EXPECTED
    cross = {r["key"]: (int(r["slots"]), float(r["minutes"]))
             for r in rows if r["dimension"] == "category_by_role" and r["slots"] != "0"}
    assert cross == {"government:keynote": (1, 12), "government:panelist": (2, 18),
                     "un-system:chair": (1, 5), "civil-society:moderator": (1, 15),
                     "migrants-diaspora:panelist": (1, 10), "not-stated:floor": (1, 0)}
    sessions = {r["label"]: r["flag"] for r in rows if r["dimension"] == "session"}
    assert sessions == {title: "; ".join(flags) for title, flags in EXPECTED_FLAGS.items()}
    scores = {r["key"]: float(r["value"]) for r in rows if r["dimension"] == "score"}
    evenness, _ = expected_scores()
    assert scores == {"evenness": pytest.approx(evenness, abs=1e-9),
                      "fit_to_registrations": pytest.approx(85.0, abs=1e-9)}


def _cells(page, table_id: str) -> dict[str, dict[str, str]]:
    rows = page.xpath(f'//table[@id="{table_id}"]/tbody/tr')
    return {row.get("data-key"): {td.get("data-field"): td.text_content().strip()
                                  for td in row.xpath("td")} for row in rows}


def test_html_table_shows_hand_computed_figures(organizer_client, factory):
    build_scenario(factory)
    response = organizer_client.get("/organize/events/idm/balance")
    assert response.status_code == 200
    page = html.fromstring(response.get_data(as_text=True))
    cells = _cells(page, "category-table")
    assert list(cells) == CATEGORY_ORDER
    for key, shown in cells.items():
        expected = expected_category(key)
        assert shown["slots"] == str(expected["slots"])
        assert shown["minutes"] == f"{expected['minutes']:.1f}"
        assert shown["slot_share"] == f"{100 * expected['slot_share']:.1f}%"
        assert shown["minute_share"] == f"{100 * expected['minute_share']:.1f}%"
        assert shown["registration_share"] == f"{100 * expected['registration_share']:.1f}%"
        ratio, z = expected["representation_ratio"], expected["z"]
        assert shown["representation_ratio"] == ("n/a" if ratio is None else f"{ratio:.2f}")
        assert shown["z"] == ("n/a" if z is None else f"{z:.2f}")
    assert cells["government"]["flag"] == "above target"
    assert cells["migrants-diaspora"]["flag"] == "below target"
    assert cells["migrants-diaspora"]["target"] == "at least 20%"
    assert cells["government"]["z_meaning"] == "Within what chance would explain"
    evenness, _ = expected_scores()
    assert page.xpath('string(//*[@data-score="evenness"])') == f"{evenness:.1f}"
    assert page.xpath('string(//*[@data-score="fit_to_registrations"])') == "85.0"
    flagged = {row.get("data-session") for row in page.xpath('//table[@class="balance-sessions"]'
                                                              '/tbody/tr')}
    assert len(flagged) == 2
    charts = page.xpath('//svg[@role="img"]')
    # Five shares of speaking time, and the funnel by category, level and region.
    assert len(charts) == 8
    for chart in charts:
        title_id = chart.get("aria-labelledby")
        assert page.xpath(f'//*[@id="{title_id}"]')
        # Each chart is followed by its data table.
        assert chart.getparent().getnext().xpath(".//table")
    # The charts need no script: the only one is the site-wide error-summary helper.
    scripts = re.findall(r"<script[^>]*>", response.get_data(as_text=True))
    assert scripts == ['<script src="/static/js/error-summary.js" defer>']


def test_scope_panels_only_counts_panel_slots(organizer_client, factory):
    build_scenario(factory)
    data = organizer_client.get("/organize/events/idm/balance.json?kinds=panel").get_json()
    assert data["scope"] == {"day": None, "kinds": ["panel"], "session": None}
    assert data["totals"]["slots"] == 5
    assert data["totals"]["minutes"] == 43
    government = data["by_category"][0]
    assert (government["slots"], government["minutes"]) == (2, 18)
    assert government["minute_share"] == pytest.approx(18 / 43, abs=1e-9)
    assert government["z"] == pytest.approx((2 / 5 - 0.4) / math.sqrt(0.24 / 5), abs=1e-9)
    assert [s["title"] for s in data["sessions"]] == ["Panel one", "Panel two"]


def test_scope_one_day_and_one_session(organizer_client, factory):
    scenario = build_scenario(factory)
    day = organizer_client.get("/organize/events/idm/balance.json?day=2018-03-27").get_json()
    assert (day["totals"]["slots"], day["totals"]["minutes"]) == (3, 25)
    assert [s["title"] for s in day["sessions"]] == ["Panel two", "Coffee"]
    one = organizer_client.get(
        f"/organize/events/idm/balance.json?session={scenario.panel_one.id}").get_json()
    assert (one["totals"]["slots"], one["totals"]["minutes"]) == (2, 18)
    assert one["by_category"][0]["minute_share"] == 1.0
    assert one["scores"]["evenness"] == 0.0


def test_scope_bad_values_rerender_with_message(organizer_client, factory):
    build_scenario(factory)
    response = organizer_client.get("/organize/events/idm/balance?day=2019-01-01&session=abc")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Choose one of the event&#39;s days." in text
    assert "Choose one of the event&#39;s scheduled sessions." in text
    assert "The scope was not understood; showing the whole event" in text
    assert organizer_client.get("/organize/events/idm/balance.csv?kinds=nope").status_code == 400
    assert organizer_client.get("/organize/events/idm/balance.json?day=x").status_code == 400


def test_report_unknown_event_is_404(organizer_client, factory):
    for suffix in ("", ".csv", ".json", "/targets"):
        assert organizer_client.get(f"/organize/events/nope/balance{suffix}").status_code == 404
