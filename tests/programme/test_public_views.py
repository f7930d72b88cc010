from __future__ import annotations

from datetime import date, time

import pytest

from eventapp.demo.synthetic import build_programme
from tests.factories import utc


def test_agenda_shows_new_york_times_on_both_sides_of_dst(client, factory):
    event = factory.event("ny", start=date(2018, 3, 1), end=date(2018, 3, 31))
    before = factory.session(event, title="Before DST", day=date(2018, 3, 1), start=time(9, 0))
    after = factory.session(event, title="After DST", day=date(2018, 3, 26), start=time(9, 0))
    assert before.starts_at == utc(2018, 3, 1, 14, 0)
    assert after.starts_at == utc(2018, 3, 26, 13, 0)
    body = client.get("/events/ny/agenda").get_data(as_text=True)
    assert body.count('">09:00</time>') == 2
    assert "Thursday 1 March 2018" in body
    assert "Monday 26 March 2018" in body
    assert "America/New_York (EST, UTC−05:00)" in body


def test_agenda_groups_sessions_by_local_day_not_utc_day(client, factory):
    event = factory.event("late", start=date(2018, 3, 26), end=date(2018, 3, 27))
    factory.session(event, title="Evening reception", day=date(2018, 3, 26), start=time(21, 0))
    body = client.get("/events/late/agenda").get_data(as_text=True)
    assert "Monday 26 March 2018" in body
    assert "Tuesday 27 March 2018" not in body
    assert '">21:00</time>' in body


def test_agenda_of_draft_event_is_404(client, factory):
    factory.event("hidden", published=False)
    assert client.get("/events/hidden/agenda").status_code == 404
    assert client.get("/events/hidden/").status_code == 404


def test_agenda_hides_cancelled_and_deleted_sessions(client, factory):
    event = factory.event("ev")
    factory.session(event, title="Kept session")
    factory.session(event, title="Cancelled session", status="cancelled", start=time(11, 0))
    factory.session(event, title="Deleted session", status="deleted", start=time(12, 0))
    body = client.get("/events/ev/agenda").get_data(as_text=True)
    assert "Kept session" in body
    assert "Cancelled session" not in body
    assert "Deleted session" not in body


def test_session_page_shows_panel_with_roles_and_affiliations(client, factory):
    event = factory.event("ev")
    session = factory.session(event, title="Panel 1")
    org = factory.organization("City of Montréal", category="local-authorities", country="CA",
                               governance_level="local")
    mayor = factory.person("Ana Lopez", organization=org, job_title="Mayor", honorific="H.E.")
    factory.slot(session, mayor, role="moderator")
    body = client.get(f"/events/ev/sessions/{session.id}").get_data(as_text=True)
    assert "Moderator:" in body
    assert "H.E. Ana Lopez" in body
    assert "Mayor, City of Montréal" in body
    assert "Local &amp; regional authorities" in body
    assert "Monday 26 March 2018, 10:00 EDT to 11:00" in body


def test_session_page_of_another_event_is_404(client, factory):
    one = factory.event("one")
    two = factory.event("two")
    session = factory.session(one)
    factory.session(two)
    assert client.get(f"/events/two/sessions/{session.id}").status_code == 404
    assert client.get("/events/one/sessions/999999").status_code == 404


def test_session_page_of_cancelled_session_is_404(client, factory):
    event = factory.event("ev")
    session = factory.session(event, status="cancelled")
    assert client.get(f"/events/ev/sessions/{session.id}").status_code == 404


def test_markup_in_names_is_shown_as_text(client, factory):
    event = factory.event("ev", title="<script>alert(1)</script>")
    session = factory.session(event, title="<b>bold</b>")
    factory.slot(session, factory.person("<img src=x onerror=alert(1)> Doe"))
    body = client.get(f"/events/ev/sessions/{session.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body
    assert "<img src=x" not in body


@pytest.mark.slow
def test_agenda_and_session_pages_use_fixed_query_counts(client, factory, query_counter):
    small = factory.event("small")
    build_programme(small, sessions=5, slots_per_session=2)
    large = factory.event("large", start=date(2018, 3, 26), end=date(2018, 3, 28))
    build_programme(large, sessions=200, slots_per_session=5)
    counts = {}
    for event in (small, large):
        first = min(event.sessions, key=lambda s: s.id)
        with query_counter() as agenda:
            response = client.get(f"/events/{event.slug}/agenda")
            assert response.status_code == 200
        with query_counter() as page:
            assert client.get(f"/events/{event.slug}/sessions/{first.id}").status_code == 200
        counts[event.slug] = (agenda.count, page.count)
    assert len(large.sessions) == 200
    assert sum(len(s.slots) for s in large.sessions) == 1000
    assert counts["small"] == counts["large"]
    assert counts["small"][0] <= 5


def test_agenda_cached_page_costs_one_query(client, factory, query_counter):
    event = factory.event("ev")
    factory.slot(factory.session(event, title="Opening"))
    assert client.get("/events/ev/agenda").status_code == 200
    with query_counter() as counter:
        response = client.get("/events/ev/agenda")
    assert response.status_code == 200
    assert "Opening" in response.get_data(as_text=True)
    assert counter.count == 1


def test_agenda_shows_changes_made_after_it_was_cached(client, factory):
    from eventapp.extensions import db

    event = factory.event("ev")
    session = factory.session(event, title="Old title")
    person = factory.person("Ana Lopez")
    factory.slot(session, person)
    assert "Old title" in client.get("/events/ev/agenda").get_data(as_text=True)
    session.title = "New title"
    db.session.commit()
    body = client.get("/events/ev/agenda").get_data(as_text=True)
    assert "New title" in body and "Old title" not in body
    person.last_name = "Pérez"
    db.session.commit()
    assert "Ana Pérez" in client.get("/events/ev/agenda").get_data(as_text=True)
    event.is_published = False
    db.session.commit()
    assert client.get("/events/ev/agenda").status_code == 404


def test_agenda_for_logged_in_user_is_not_served_from_shared_cache(client, factory, participant):
    from tests.conftest import login

    event = factory.event("ev")
    factory.session(event, title="Panel")
    anonymous = client.get("/events/ev/agenda").get_data(as_text=True)
    login(client, participant)
    personal = client.get("/events/ev/agenda").get_data(as_text=True)
    assert "Log out" in personal and "Log out" not in anonymous


def test_agenda_offers_calendar_actions_and_a_jump_to_each_day(client, factory):
    event = factory.event("ev", start=date(2018, 3, 26), end=date(2018, 3, 27))
    factory.session(event, title="Opening", day=date(2018, 3, 26))
    factory.session(event, title="Closing", day=date(2018, 3, 27))

    body = client.get("/events/ev/agenda").get_data(as_text=True)

    assert 'href="webcal://localhost/events/ev/calendar.ics"' in body
    assert '<a href="/events/ev/calendar.ics" download>Download the programme (.ics)</a>' in body
    assert ('<nav class="day-jump no-print" aria-label="Days">\n    <ul>'
            '<li><a href="#day-2018-03-26">Monday 26 March 2018</a></li>'
            '<li><a href="#day-2018-03-27">Tuesday 27 March 2018</a></li></ul>') in body
    assert '<h2 id="day-2018-03-26">Monday 26 March 2018</h2>' in body
    assert '<h2 id="day-2018-03-27">Tuesday 27 March 2018</h2>' in body


def test_agenda_of_one_day_needs_no_day_jump(client, factory):
    factory.session(factory.event("ev"), title="Opening")
    assert 'class="day-jump' not in client.get("/events/ev/agenda").get_data(as_text=True)


def test_event_page_description_keeps_lines_and_lists_and_stays_inert(client, factory):
    factory.event("ev", description=(
        "Two days of dialogue.\nIn New York.\n\n- Inclusion\n- Mobility\n\n"
        '1. Register\n2. Come\n\n<script>alert(1)</script> <a href="javascript:alert(2)">x</a>'
    ))

    body = client.get("/events/ev/").get_data(as_text=True)

    assert ('<div class="description"><p>Two days of dialogue.<br>\nIn New York.</p>\n'
            "<ul><li>Inclusion</li><li>Mobility</li></ul>\n"
            "<ol><li>Register</li><li>Come</li></ol>\n"
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; "
            "&lt;a href=&#34;javascript:alert(2)&#34;&gt;x&lt;/a&gt;</p></div>") in body
    assert "<script>alert(1)" not in body
