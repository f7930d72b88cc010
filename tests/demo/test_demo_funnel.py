"""The demo's balance report shows the funnel on first start."""

from __future__ import annotations

from lxml import html
from sqlalchemy import func, select

from eventapp.attendance.models import CheckIn
from eventapp.demo.seed import DEMO_SLUG, seed_demo
from eventapp.extensions import db

STAGES = ("registered", "approved", "present", "asked_for_the_floor", "heard")


def test_demo_report_shows_the_funnel_on_first_start(organizer_client):
    seed_demo()
    db.session.commit()

    data = organizer_client.get(f"/organize/events/{DEMO_SLUG}/balance.json").get_json()
    page = html.fromstring(organizer_client.get(f"/organize/events/{DEMO_SLUG}/balance")
                           .get_data(as_text=True))

    funnel = data["funnel"]
    assert [funnel["totals"][name] for name in STAGES] == [28, 23, 18, 2, 2]
    assert funnel["totals"]["present_by_day"] == {"2018-03-26": 15, "2018-03-27": 11}
    assert {row["key"]: [row[name] for name in STAGES] for row in funnel["by_category"]} == {
        "government": [8, 7, 6, 1, 1], "un-system": [2, 2, 1, 0, 0],
        "civil-society": [6, 5, 4, 1, 1], "private-sector": [2, 1, 1, 0, 0],
        "migrants-diaspora": [5, 4, 3, 0, 0], "local-authorities": [3, 3, 2, 0, 0],
        "academia": [2, 1, 1, 0, 0]}
    # Every invited speaker came on the days they spoke.
    assert [funnel["invited_speakers"][name] for name in STAGES] == [34, 34, 34, 0, 12]
    assert len(page.xpath('//figure[@aria-labelledby="chart-funnel-category-caption"]'
                          '//*[name()="rect"]')) == 25
    # One check-in was undone at the desk: it is kept, and not counted.
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 68
    assert db.session.scalar(select(func.count()).select_from(CheckIn)
                             .where(CheckIn.undone_at.is_not(None))) == 1
