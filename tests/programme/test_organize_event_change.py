"""Editing an event's zone or dates when it has sessions: ask, preview, then apply."""

from __future__ import annotations

import re
from datetime import date, time

from eventapp.extensions import db
from eventapp.programme.models import Event, Session
from tests.factories import utc
from tests.programme.organize_helpers import text_of

FORM = {
    "slug": "idm", "title": "IDM", "theme": "", "description": "", "venue": "",
    "city": "Geneva", "country": "CH", "timezone": "America/New_York",
    "start_date": "2018-03-12", "end_date": "2018-03-13",
}


def _geneva_event(factory):
    event = factory.event("idm", timezone="Europe/Zurich", start=date(2018, 3, 12),
                          end=date(2018, 3, 13))
    session = factory.session(event, title="Opening", start=time(10, 0))
    return event, session


def _confirmation_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))


def _fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def test_edit_zone_with_sessions_asks_and_changes_nothing(organizer_client, factory):
    event, session = _geneva_event(factory)

    response = organizer_client.post("/organize/events/idm/edit", data=FORM)

    assert response.status_code == 200
    text = text_of(response)
    assert "The time zone changes from Europe/Zurich to America/New_York" in text
    assert "Keep the sessions' local times" in text
    assert "Keep the moments in time (UTC)" in text
    # Before, then each choice, each naming its zone.
    assert "Monday 12 March 2018, 10:00 CET – 11:00" in text
    assert "Monday 12 March 2018, 10:00 EDT – 11:00" in text
    assert "Monday 12 March 2018, 15:00 CET – 16:00 in Europe/Zurich" in text
    assert "Monday 12 March 2018, 05:00 EDT – 06:00" in text
    assert _fresh(Event, event.id).timezone == "Europe/Zurich"
    assert _fresh(Session, session.id).starts_at == utc(2018, 3, 12, 9, 0)


def test_edit_zone_confirm_keep_local_times_moves_instants(organizer_client, factory):
    event, session = _geneva_event(factory)
    page = organizer_client.post("/organize/events/idm/edit", data=FORM).get_data(as_text=True)
    fields = _confirmation_fields(page)
    assert fields["confirmed"] == "yes"
    assert fields["timezone"] == "America/New_York"

    response = organizer_client.post("/organize/events/idm/edit",
                                     data={**fields, "zone_mode": "keep-local-times"},
                                     follow_redirects=True)

    assert "Time zone changed from Europe/Zurich to America/New_York: 1 session(s) kept " \
        "their local times." in text_of(response)
    assert _fresh(Event, event.id).timezone == "America/New_York"
    moved = _fresh(Session, session.id)
    assert (moved.starts_at, moved.ends_at, moved.sequence) == (
        utc(2018, 3, 12, 14, 0), utc(2018, 3, 12, 15, 0), 1)


def test_edit_zone_confirm_keep_instants_keeps_utc(organizer_client, factory):
    event, session = _geneva_event(factory)
    page = organizer_client.post("/organize/events/idm/edit", data=FORM).get_data(as_text=True)

    organizer_client.post("/organize/events/idm/edit",
                          data={**_confirmation_fields(page), "zone_mode": "keep-instants"})

    assert _fresh(Event, event.id).timezone == "America/New_York"
    kept = _fresh(Session, session.id)
    assert (kept.starts_at, kept.sequence) == (utc(2018, 3, 12, 9, 0), 1)


def test_edit_zone_confirm_after_session_moved_asks_again(organizer_client, factory):
    event, session = _geneva_event(factory)
    page = organizer_client.post("/organize/events/idm/edit", data=FORM).get_data(as_text=True)
    session.starts_at = utc(2018, 3, 12, 8, 0)
    db.session.commit()

    response = organizer_client.post("/organize/events/idm/edit",
                                     data={**_confirmation_fields(page),
                                           "zone_mode": "keep-local-times"})

    assert response.status_code == 200
    assert "The time zone changes from Europe/Zurich to America/New_York" in text_of(response)
    assert _fresh(Event, event.id).timezone == "Europe/Zurich"


def test_edit_zone_keep_local_times_refused_in_dst_gap(organizer_client, factory):
    event = factory.event("idm", timezone="Europe/Zurich", start=date(2018, 3, 11),
                          end=date(2018, 3, 12))
    session = factory.session(event, title="Night owls", start=time(2, 30))
    form = {**FORM, "start_date": "2018-03-11"}
    page = organizer_client.post("/organize/events/idm/edit", data=form).get_data(as_text=True)
    assert "The local times of these sessions do not exist in America/New_York" in page

    response = organizer_client.post("/organize/events/idm/edit",
                                     data={**_confirmation_fields(page),
                                           "zone_mode": "keep-local-times"})

    assert response.status_code == 400
    text = text_of(response)
    assert "The local times cannot be kept" in text
    assert ("Night owls: starts at 02:30 on 11 March 2018, a time that does not exist in "
            "America/New_York (the clocks go forward that night)") in text
    assert _fresh(Event, event.id).timezone == "Europe/Zurich"
    assert _fresh(Session, session.id).starts_at == utc(2018, 3, 11, 1, 30)


def test_edit_shrinking_dates_lists_sessions_and_keeps_them(organizer_client, factory):
    event = factory.event("idm", timezone="Europe/Zurich", start=date(2018, 3, 12),
                          end=date(2018, 3, 13))
    factory.session(event, title="Day one", start=time(10, 0))
    day_two = factory.session(event, title="Day two", day=date(2018, 3, 13), start=time(9, 0))
    form = {**FORM, "timezone": "Europe/Zurich", "end_date": "2018-03-12"}

    page = organizer_client.post("/organize/events/idm/edit", data=form)

    text = text_of(page)
    assert "Sessions outside the new dates" in text
    assert "Day two: Tuesday 13 March 2018, 09:00 CET – 10:00" in text
    assert "Day one:" not in text
    assert _fresh(Event, event.id).end_date == date(2018, 3, 13)

    response = organizer_client.post(
        "/organize/events/idm/edit",
        data={**_confirmation_fields(page.get_data(as_text=True)), "outside_action": "keep"},
        follow_redirects=True)

    text = text_of(response)
    assert _fresh(Event, event.id).end_date == date(2018, 3, 12)
    assert _fresh(Session, day_two.id).status == "scheduled"
    assert "1 session(s) are outside the event's dates" in text
    assert "Sessions outside the event's dates" in text
    assert "Day two</a>: Tuesday 13 March 2018, 09:00 CET</li>" in text


def test_edit_shrinking_dates_can_cancel_sessions_outside(organizer_client, factory):
    event = factory.event("idm", timezone="Europe/Zurich", start=date(2018, 3, 12),
                          end=date(2018, 3, 13))
    day_two = factory.session(event, title="Day two", day=date(2018, 3, 13))
    form = {**FORM, "timezone": "Europe/Zurich", "end_date": "2018-03-12"}
    page = organizer_client.post("/organize/events/idm/edit", data=form).get_data(as_text=True)

    response = organizer_client.post(
        "/organize/events/idm/edit",
        data={**_confirmation_fields(page), "outside_action": "cancel"}, follow_redirects=True)

    assert "1 session(s) outside the new dates cancelled." in text_of(response)
    cancelled = _fresh(Session, day_two.id)
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)


def test_edit_without_sessions_changes_zone_at_once(organizer_client, factory):
    event = factory.event("idm", timezone="Europe/Zurich", start=date(2018, 3, 12),
                          end=date(2018, 3, 13))

    response = organizer_client.post("/organize/events/idm/edit", data=FORM)

    assert response.headers["Location"] == "/organize/events/idm/"
    assert _fresh(Event, event.id).timezone == "America/New_York"


def test_event_form_offers_common_venues_first(organizer_client, app_ctx):
    html = organizer_client.get("/organize/events/new").get_data(as_text=True)
    assert 'list="timezone-options"' in html
    options = re.findall(r'<option value="([^"]+)">', html.split('id="timezone-options"')[1])
    assert options[:10] == [
        "Europe/Zurich", "America/New_York", "Europe/Vienna", "Asia/Bangkok", "Africa/Nairobi",
        "America/Panama", "Europe/Brussels", "Africa/Addis_Ababa", "Asia/Manila",
        "America/Mexico_City"]
    assert '<option value="Europe/Zurich">Geneva (Europe/Zurich)</option>' in html
    assert options.count("Europe/Zurich") == 1
    assert "Pacific/Auckland" in options


def test_event_form_city_name_timezone_is_refused_with_suggestion(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new",
                                     data={**FORM, "timezone": "Bangkok"})
    assert response.status_code == 400
    assert ("“Bangkok” is not an IANA time zone name. Use a name such as America/New_York or "
            "Europe/Zurich (for Geneva). Did you mean Asia/Bangkok?") in text_of(response)
