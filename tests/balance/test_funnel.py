"""The funnel after a scripted two-day dialogue: every figure worked out by hand."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, time

from lxml import html

from eventapp.attendance.checkins import check_in, undo_check_in
from eventapp.balance.exports import CSV_COLUMNS
from eventapp.extensions import db
from eventapp.programme.models import Event, SpeakingSlot
from eventapp.registration.models import Registration
from eventapp.timeutil import local_to_utc
from tests.balance.bulk import add_check_ins, add_floor, add_programme, add_registrations
from tests.conftest import count_queries
from tests.factories import floor_intervention, floor_request, speakers_list, utc

URL = "/organize/events/idm/balance"
DAY_ONE, DAY_TWO = date(2018, 3, 26), date(2018, 3, 27)
STAGES = ("registered", "approved", "present", "asked_for_the_floor", "heard", "heard_minutes")


@dataclass
class Day:
    event: Event
    people: dict[str, Registration]


def _at(event: Event, day: date, hour: int) -> object:
    return local_to_utc(day, time(hour, 0), event.zone)


def build_day(factory) -> Day:
    """Twelve participants and two invited speakers over two days (New York).

    Government (Ministry, US, national): G1, G2 approved, G3 pending, G4 declined.
    Civil society (NGO, Kenya, regional): C1, C2 approved, C3 cancelled, C4 waitlisted.
    Local authorities (City, Ecuador, local): L1, L2 approved.
    Migrants & diaspora: M1 approved (Diaspora Network, Philippines, local); M2 approved with
    no organization (level and region not stated).
    U1 (civil society) never confirmed their address: unverified, not counted anywhere.
    S1 (government) and S2 (civil society) are invited speakers: counted apart.

    Check-ins: day 1 G1, C1, L1, M1, S1; day 2 G1 again, C2, M2, and L2, undone by the desk.
    Day 1 panel (run): C2 marked heard without timing (5 planned minutes); S2 planned, never
    called (not heard). Day 2 dialogue, a list of speakers: S1 planned, spoke 200 s; C1 asked
    and spoke 120 s; M1 a walk-in, spoke 90 s; L1 asked and was not reached; G2 asked and
    withdrew (never checked in); M2 raised a point of order (30 s: no request, not counted);
    L2 has a floor slot planned 3 minutes, never timed nor marked. Day 2 closing (never run):
    M2 planned 10 minutes, which never count as heard.
    """
    event = factory.event(slug="idm", start=DAY_ONE, end=DAY_TWO)
    ministry = factory.organization("Ministry", category="government", country="US",
                                    governance_level="national")
    ngo = factory.organization("NGO", category="civil-society", country="KE",
                               governance_level="regional")
    city = factory.organization("City", category="local-authorities", country="EC",
                                governance_level="local")
    diaspora = factory.organization("Diaspora Network", category="migrants-diaspora",
                                    country="PH", governance_level="local")
    plan = {
        "G1": (ministry, "government", "approved"), "G2": (ministry, "government", "approved"),
        "G3": (ministry, "government", "pending"), "G4": (ministry, "government", "declined"),
        "C1": (ngo, "civil-society", "approved"), "C2": (ngo, "civil-society", "approved"),
        "C3": (ngo, "civil-society", "cancelled"), "C4": (ngo, "civil-society", "waitlisted"),
        "L1": (city, "local-authorities", "approved"),
        "L2": (city, "local-authorities", "approved"),
        "M1": (diaspora, "migrants-diaspora", "approved"),
        "M2": (None, "migrants-diaspora", "approved"),
        "U1": (ngo, "civil-society", "unverified"),
        "S1": (ministry, "government", "approved"), "S2": (ngo, "civil-society", "approved"),
    }
    people = {}
    for name, (organization, category, status) in plan.items():
        person = factory.person(f"Person {name}", organization=organization,
                                category=None if organization else category)
        people[name] = factory.registration(event, person, category=category, status=status,
                                            is_invited_speaker=name.startswith("S"))

    for name, day, hour in (("G1", DAY_ONE, 9), ("C1", DAY_ONE, 9), ("L1", DAY_ONE, 10),
                            ("M1", DAY_ONE, 10), ("S1", DAY_ONE, 11), ("G1", DAY_TWO, 9),
                            ("C2", DAY_TWO, 9), ("M2", DAY_TWO, 10), ("L2", DAY_TWO, 10)):
        result = check_in(event, people[name], desk="Door A", user_id=None,
                          now=_at(event, day, hour))
    undo_check_in(result.check_in, user_id=None)  # L2's: a mistake at the desk
    db.session.commit()

    panel = factory.session(event, title="Panel", day=DAY_ONE, start=time(14, 0))
    factory.slot(panel, people["S2"].person, role="panelist", planned_minutes=8)
    marked = factory.slot(panel, people["C2"].person, role="respondent", planned_minutes=5)
    marked.heard_at = utc(2018, 3, 26, 19, 0)
    db.session.commit()

    dialogue = factory.session(event, title="Dialogue", kind="interactive-dialogue",
                               day=DAY_TWO, start=time(15, 0))
    s1_slot = factory.slot(dialogue, people["S1"].person, role="panelist", planned_minutes=4)
    factory.slot(dialogue, people["L2"].person, role="floor", planned_minutes=3)
    lst = speakers_list(dialogue, is_open=False)
    start = utc(2018, 3, 27, 19, 5)
    floor_intervention(lst, people["S1"].person, 200, start=start, kind="planned",
                       slot=s1_slot)
    floor_intervention(lst, people["C1"].person, 120, start=start)
    floor_intervention(lst, people["M1"].person, 90, start=start, kind="walk-in",
                       given_by="chair")
    floor_request(lst, people["L1"].person, status="not_reached")
    floor_request(lst, people["G2"].person, status="withdrawn")
    floor_request(lst, people["M2"].person, status="done", kind="order")
    db.session.add(SpeakingSlot(session=dialogue, person=people["M2"].person,
                                role="point-of-order", actual_seconds=30, position=9))
    closing = factory.session(event, title="Closing", kind="closing", day=DAY_TWO,
                              start=time(17, 0))
    factory.slot(closing, people["M2"].person, role="panelist", planned_minutes=10)
    return Day(event, people)


def _figures(rows: list[dict]) -> dict[str, tuple]:
    return {row["key"]: tuple(row[name] for name in STAGES) for row in rows}


WHOLE_EVENT_CATEGORIES = {
    "government": (4, 2, 1, 1, 0, 0),
    "un-system": (0, 0, 0, 0, 0, 0),
    "civil-society": (4, 2, 2, 1, 2, 7),
    "private-sector": (0, 0, 0, 0, 0, 0),
    "migrants-diaspora": (2, 2, 2, 1, 1, 1.5),
    "local-authorities": (2, 2, 1, 1, 0, 0),
    "academia": (0, 0, 0, 0, 0, 0),
}


def test_funnel_counts_each_stage_per_category_level_and_region(organizer_client, factory):
    build_day(factory)

    funnel = organizer_client.get(URL + ".json").get_json()["funnel"]

    assert funnel["present_on"] is None
    assert funnel["days"] == ["2018-03-26", "2018-03-27"]
    assert _figures(funnel["by_category"]) == WHOLE_EVENT_CATEGORIES
    assert [row["key"] for row in funnel["by_category"]] == list(WHOLE_EVENT_CATEGORIES)
    assert _figures(funnel["by_governance_level"]) == {
        "local": (3, 3, 2, 2, 1, 1.5), "national": (4, 2, 1, 1, 0, 0),
        "regional": (4, 2, 2, 1, 2, 7), "global": (0, 0, 0, 0, 0, 0),
        "not-stated": (1, 1, 1, 0, 0, 0)}
    assert _figures(funnel["by_region"]) == {
        "Africa": (4, 2, 2, 1, 2, 7), "Americas": (6, 4, 2, 2, 0, 0), "Asia": (1, 1, 1, 1, 1, 1.5),
        "Europe": (0, 0, 0, 0, 0, 0), "Oceania": (0, 0, 0, 0, 0, 0),
        "not-stated": (1, 1, 1, 0, 0, 0)}
    assert _figures([funnel["totals"]]) == {"all": (12, 8, 6, 4, 3, 8.5)}
    assert funnel["invited_speakers"] == {
        "key": "invited", "label": "invited", "registered": 2, "approved": 2, "present": 1,
        "asked_for_the_floor": 0, "heard": 1, "heard_minutes": 200 / 60,
        "present_by_day": {"2018-03-26": 1, "2018-03-27": 0}}
    assert {row["key"]: row["present_by_day"] for row in funnel["by_category"]
            if row["registered"]} == {
        "government": {"2018-03-26": 1, "2018-03-27": 1},
        "civil-society": {"2018-03-26": 1, "2018-03-27": 1},
        "migrants-diaspora": {"2018-03-26": 1, "2018-03-27": 1},
        "local-authorities": {"2018-03-26": 1, "2018-03-27": 0}}
    assert funnel["totals"]["present_by_day"] == {"2018-03-26": 4, "2018-03-27": 3}


def test_funnel_for_one_day_counts_that_days_check_ins_and_sessions(organizer_client, factory):
    build_day(factory)

    funnel = organizer_client.get(URL + ".json?day=2018-03-27").get_json()["funnel"]

    assert funnel["present_on"] == "2018-03-27"
    assert funnel["days"] == ["2018-03-27"]
    # Registered and approved stay the event's; present, asked and heard are day two's.
    assert _figures(funnel["by_category"]) == {
        **WHOLE_EVENT_CATEGORIES, "government": (4, 2, 1, 1, 0, 0),
        "civil-society": (4, 2, 1, 1, 1, 2), "migrants-diaspora": (2, 2, 1, 1, 1, 1.5),
        "local-authorities": (2, 2, 0, 1, 0, 0)}
    assert _figures([funnel["totals"]]) == {"all": (12, 8, 3, 4, 2, 3.5)}


def test_funnel_follows_check_ins_after_the_report_is_cached(organizer_client, factory):
    day = build_day(factory)
    assert organizer_client.get(URL + ".json").get_json()["funnel"]["totals"]["present"] == 6
    assert organizer_client.get(URL + ".json").get_json()["funnel"]["totals"]["present"] == 6

    result = check_in(day.event, day.people["G2"], desk="Door B", user_id=None,
                      now=_at(day.event, DAY_TWO, 12))
    assert organizer_client.get(URL + ".json").get_json()["funnel"]["totals"]["present"] == 7
    undo_check_in(result.check_in, user_id=None)
    db.session.commit()
    assert organizer_client.get(URL + ".json").get_json()["funnel"]["totals"]["present"] == 6
    page = html.fromstring(organizer_client.get(URL).get_data(as_text=True))
    assert page.xpath('string(//tfoot/tr[@data-key="all"]/td[@data-field="present"])') == "6"


def test_funnel_csv_rows_and_columns_are_exact(organizer_client, factory):
    build_day(factory)

    text = organizer_client.get(URL + ".csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))

    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert CSV_COLUMNS[-6:] == ("registered", "approved", "present", "asked_for_the_floor",
                                "heard", "heard_minutes")
    funnel = {row["key"]: tuple(row[name] for name in STAGES) for row in rows
              if row["dimension"] == "funnel_category" and row["registered"] != "0"}
    assert funnel == {"government": ("4", "2", "1", "1", "0", "0.0"),
                      "civil-society": ("4", "2", "2", "1", "2", "7.0"),
                      "migrants-diaspora": ("2", "2", "2", "1", "1", "1.5"),
                      "local-authorities": ("2", "2", "1", "1", "0", "0.0")}
    by_day = {row["key"]: row["present"] for row in rows
              if row["dimension"] == "funnel_total_by_day"}
    assert by_day == {"all:2018-03-26": "4", "all:2018-03-27": "3",
                      "invited:2018-03-26": "1", "invited:2018-03-27": "0"}
    assert {row["dimension"] for row in rows if row["dimension"].startswith("funnel")} == {
        "funnel_category", "funnel_governance_level", "funnel_region",
        "funnel_category_by_day", "funnel_governance_level_by_day", "funnel_region_by_day",
        "funnel_total", "funnel_total_by_day"}
    # Earlier sections leave the new columns empty: spreadsheets reading by place still work.
    category = next(row for row in rows if row["dimension"] == "category")
    assert [category[name] for name in STAGES] == [""] * 6


def test_funnel_table_and_chart_on_the_report_page(organizer_client, factory):
    build_day(factory)

    page = html.fromstring(organizer_client.get(URL).get_data(as_text=True))

    row = page.xpath('//table[@id="funnel-category-table"]//tr[@data-key="civil-society"]')[0]
    assert [td.text_content() for td in row.xpath("td")] == ["4", "2", "2", "1", "2", "7.0"]
    assert " ".join(page.xpath('string(//*[@data-funnel="totals"])').split()) == (
        "Of 12 participants registered, 8 are approved and 6 were present; 4 asked for the "
        "floor and 3 spoke, for 8.5 minutes.")
    title = page.xpath('string(//*[@id="chart-funnel-category-title"])')
    assert ("Civil society (Registered (any status): 4, Approved (accredited): 2, Present "
            "(checked in): 2, Asked for the floor: 1, Spoke (heard): 2)") in title
    # Every bar carries its stage and count in words; groups with nobody are not drawn.
    texts = page.xpath('//*[@id="chart-funnel-category-caption"]/..//*[name()="text"]/text()')
    assert texts[:6] == ["Government", "Registered (any status): 4", "Approved (accredited): 2",
                         "Present (checked in): 1", "Asked for the floor: 1", "Spoke (heard): 0"]
    assert "Academia" not in texts
    presence = page.xpath('//table[@id="presence-category-table"]//tr[@data-key="government"]'
                          '/td/text()')
    assert presence == ["1", "1", "1"]


def test_public_summary_hides_funnel_counts_below_five(client, factory):
    day = build_day(factory)
    day.event.balance_is_public = True
    db.session.commit()

    page = html.fromstring(client.get("/events/idm/balance").get_data(as_text=True))

    americas = page.xpath('//table[@id="funnel-region-table"]//tr[@data-key="Americas"]')[0]
    assert [td.text_content() for td in americas.xpath("td")] == [
        "6", "fewer than 5", "fewer than 5", "fewer than 5", "fewer than 5", "0.0"]
    africa = page.xpath('//table[@id="funnel-region-table"]//tr[@data-key="Africa"]')[0]
    assert [td.text_content() for td in africa.xpath("td")] == [
        "fewer than 5", "fewer than 5", "fewer than 5", "fewer than 5", "fewer than 5", "7.0"]
    # No totals and no per-day table in public: nothing to subtract a hidden count from.
    assert page.xpath("//table[starts-with(@id, 'funnel')]//tfoot") == []
    assert page.xpath('//*[@id="presence-category-table"]') == []
    texts = page.xpath('//*[@id="chart-funnel-region-caption"]/..//*[name()="text"]/text()')
    assert texts[:8] == [
        "Africa", "Registered (any status): fewer than 5", "Approved (accredited): fewer than 5",
        "Present (checked in): fewer than 5", "Asked for the floor: fewer than 5",
        "Spoke (heard): fewer than 5", "Americas", "Registered (any status): 6"]
    assert len(page.xpath('//*[@id="chart-funnel-region-caption"]/..//*[name()="rect"]')) == 1


def _queries(client, url: str) -> int:
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_funnel_queries_do_not_grow_with_registrations_and_check_ins(organizer_client, factory):
    small = factory.event(slug="small", balance_is_public=True)
    large = factory.event(slug="large", balance_is_public=True)
    for event, size, prefix in ((small, 10, "s"), (large, 1000, "l")):
        add_programme(event, slots=size, prefix=prefix)
        add_registrations(event, size, prefix=f"r{prefix}")
        add_floor(event, requests=size, prefix=prefix)
        add_check_ins(event)
    organizer_client.get("/organize/events/small/balance")  # loads the logged-in user once

    for url in ("/organize/events/{}/balance", "/organize/events/{}/balance.json",
                "/organize/events/{}/balance?day=2018-03-27", "/events/{}/balance"):
        counts = [_queries(organizer_client, url.format(slug)) for slug in ("small", "large")]
        assert counts == [counts[0]] * 2, url
        # The public summary reads the report's versions too, to reuse the figures it keeps.
        assert counts[0] == {"/organize/events/{}/balance.json": 11,
                             "/events/{}/balance": 11}.get(url, 10), url
    totals = organizer_client.get("/organize/events/large/balance.json").get_json()["funnel"][
        "totals"]
    # 1000 approved: 666 in on day one, 500 on day two of whom 100 undone; of the 400 left,
    # 134 did not come on day one (odd multiples of 3, less those of 15): 800 came at all.
    assert (totals["registered"], totals["approved"], totals["present"]) == (1000, 1000, 800)
    assert totals["present_by_day"] == {"2018-03-26": 666, "2018-03-27": 400}
