"""The desk dashboard: present per category, arrivals per local hour, polled with an ETag."""

from __future__ import annotations

from datetime import date

from eventapp.attendance.checkins import check_in, undo_check_in
from eventapp.attendance.dashboard import HourRow, dashboard_for
from eventapp.extensions import db
from tests.conftest import count_queries
from tests.factories import utc


def _day(factory):
    event = factory.event(slug="idm", timezone="Europe/Zurich", start=date(2018, 3, 26),
                          end=date(2018, 3, 27))
    gov = [factory.registration(event) for _ in range(3)]
    civil = [factory.registration(event, category="civil-society") for _ in range(2)]
    factory.registration(event, category="academia", status="pending")
    # Zurich is UTC+2 from 25 March 2018: 07:10 UTC is 09:10 there.
    check_in(event, gov[0], desk="A", user_id=None, now=utc(2018, 3, 26, 7, 10))
    check_in(event, gov[1], desk="A", user_id=None, now=utc(2018, 3, 26, 7, 50))
    check_in(event, civil[0], desk="B", user_id=None, now=utc(2018, 3, 26, 9, 5))
    undone = check_in(event, civil[1], desk="B", user_id=None, now=utc(2018, 3, 26, 9, 6))
    undo_check_in(undone.check_in, user_id=None)
    check_in(event, gov[2], desk="A", user_id=None, now=utc(2018, 3, 27, 7, 0))
    db.session.commit()
    return event


def test_dashboard_counts_present_and_accredited_per_category(factory):
    event = _day(factory)
    board = dashboard_for(event, date(2018, 3, 26))
    assert [(r.label, r.present, r.approved) for r in board.categories] == [
        ("Government", 2, 3), ("Civil society", 1, 2)]
    assert (board.present, board.approved) == (3, 5)


def test_dashboard_arrivals_per_local_hour_fill_the_gaps(factory):
    event = _day(factory)
    board = dashboard_for(event, date(2018, 3, 26))
    # Zurich is UTC+2 from 25 March 2018.
    assert board.hours == (HourRow(9, (2, 0)), HourRow(10, (0, 0)), HourRow(11, (0, 1)))
    assert board.busiest_hour == 2


def test_dashboard_second_day_counts_its_own_check_ins(factory):
    event = _day(factory)
    board = dashboard_for(event, date(2018, 3, 27))
    assert [(r.label, r.present) for r in board.categories] == [
        ("Government", 1), ("Civil society", 0)]


def test_dashboard_page_reads_without_script(organizer_client, factory):
    _day(factory)
    body = organizer_client.get("/organize/events/idm/check-in/dashboard?day=2018-03-26") \
        .get_data(as_text=True)
    assert "Present on Monday 26 March 2018: 3 of 5 accredited" in body
    assert '<th scope="row">09:00</th>' in body
    assert 'data-poll-url="/organize/events/idm/check-in/dashboard.json?day=2018-03-26"' in body


def test_dashboard_json_answers_304_until_a_check_in(organizer_client, factory):
    event = _day(factory)
    url = "/organize/events/idm/check-in/dashboard.json?day=2018-03-26"
    first = organizer_client.get(url)
    assert first.status_code == 200
    assert first.json["day"] == "2018-03-26"
    assert "3 of 5 accredited" in first.json["html"]
    tag = first.headers["ETag"]
    assert organizer_client.get(url, headers={"If-None-Match": tag}).status_code == 304
    late = factory.registration(event)
    check_in(event, late, desk="A", user_id=None, now=utc(2018, 3, 26, 12))
    changed = organizer_client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert "4 of 6 accredited" in changed.json["html"]


def test_dashboard_bad_day_falls_back_to_today(organizer_client, factory):
    _day(factory)
    response = organizer_client.get("/organize/events/idm/check-in/dashboard?day=nonsense")
    assert response.status_code == 200


def test_dashboard_queries_are_bounded(organizer_client, factory):
    event = _day(factory)

    def counted():
        with count_queries() as counter:
            organizer_client.get("/organize/events/idm/check-in/dashboard?day=2018-03-26")
        return counter.count

    small = counted()
    for hour in range(10):
        reg = factory.registration(event, category="academia")
        check_in(event, reg, desk="C", user_id=None, now=utc(2018, 3, 26, 6 + hour % 8))
    assert counted() == small
