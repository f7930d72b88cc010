from __future__ import annotations

from eventapp.calendars.links import calendar_links, subscription_links, webcal_url
from tests.calendars.test_ics import entry


def test_calendar_links_are_exact_and_encoded():
    links = calendar_links(entry(title="Panel: A & B", description="Line 1\nhttps://x.org/s/1",
                                 location="Room 4"))
    assert links.google == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Panel%3A+A+%26+B"
        "&dates=20180326T140000Z/20180326T150000Z&details=Line+1%0Ahttps%3A//x.org/s/1"
        "&location=Room+4&ctz=America/New_York"
    )
    assert links.outlook_com == (
        "https://outlook.live.com/calendar/0/action/compose?path=%2Fcalendar%2Faction%2Fcompose"
        "&rru=addevent&subject=Panel%3A+A+%26+B&startdt=2018-03-26T14%3A00%3A00Z"
        "&enddt=2018-03-26T15%3A00%3A00Z&location=Room+4&body=Line+1%0Ahttps%3A%2F%2Fx.org%2Fs%2F1"
    )
    assert links.microsoft_365 == links.outlook_com.replace(
        "https://outlook.live.com/", "https://outlook.office.com/"
    )


def test_subscription_links_use_webcal_for_google():
    links = subscription_links("https://example.org/feeds/abc.ics", "My agenda")
    assert links.google == (
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fexample.org%2Ffeeds%2Fabc.ics"
    )
    assert links.outlook_com == (
        "https://outlook.live.com/calendar/0/addfromweb?"
        "url=https%3A%2F%2Fexample.org%2Ffeeds%2Fabc.ics&name=My+agenda"
    )


def test_webcal_url_replaces_scheme():
    assert webcal_url("https://example.org/feeds/t.ics") == "webcal://example.org/feeds/t.ics"
    assert webcal_url("http://localhost/feeds/t.ics") == "webcal://localhost/feeds/t.ics"
