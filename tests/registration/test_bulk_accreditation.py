"""The registrations list at scale: queue order, pages, select all matching, per-person report."""

from __future__ import annotations

import re

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registration.models import CategoryQuota, Registration
from tests.conftest import login
from tests.factories import utc
from tests.registration.bulk_c1 import add_registrations

LIST = "/organize/events/idm/registrations"
BULK = "/organize/events/idm/registrations/bulk"


def _statuses(event_id: int) -> dict[str, str]:
    rows = db.session.execute(
        select(Registration.id, Registration.status).where(Registration.event_id == event_id)
    ).all()
    return {str(rid): status for rid, status in rows}


def _row_names(html: str) -> list[str]:
    return re.findall(r'<label for="select-\d+" class="visually-hidden">Select ([^<]+)</label>',
                      html)


def test_list_shows_pending_first_then_waitlisted_approved_others_in_arrival_order(
    organizer_client, factory,
):
    event = factory.event(slug="idm")
    for name, status, minute in [
        ("Ann Approved", "approved", 1), ("Dan Declined", "declined", 2),
        ("Pia Pending", "pending", 5), ("Wes Waitlisted", "waitlisted", 3),
        ("Pat Pending", "pending", 4), ("Abe Approved", "approved", 6),
    ]:
        factory.registration(event, factory.person(name), status=status,
                             created_at=utc(2018, 3, 1, 9, minute))

    html = organizer_client.get(LIST).get_data(as_text=True)

    assert _row_names(html) == ["Pat Pending", "Pia Pending", "Wes Waitlisted",
                                "Ann Approved", "Abe Approved", "Dan Declined"]


def test_bulk_all_matching_changes_the_filtered_set_only_and_reports_each_person(
    organizer_client, factory,
):
    event = factory.event(slug="idm")
    ana = factory.registration(event, factory.person("Ana Lima"), category="civil-society",
                               status="pending")
    bo = factory.registration(event, factory.person("Bo Chen"), category="civil-society",
                              status="approved")
    cy = factory.registration(event, factory.person("Cy Diallo"), category="civil-society",
                              status="declined")
    gov = factory.registration(event, factory.person("Gil Gov"), category="government",
                               status="pending")
    civil = factory.category("civil-society").id

    # No ticked ids at all: the filters in the query string say which registrations.
    response = organizer_client.post(f"{BULK}?category={civil}",
                                     data={"action": "approved", "all_matching": "y"})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "3 registrations handled: 2 approved, 0 waitlisted because full, " \
           "1 unchanged (already approved)." in html
    people = re.findall(r'<li><a href="/organize/events/idm/registrations/\d+">([^<]+)</a>', html)
    assert people == ["Ana Lima", "Cy Diallo", "Bo Chen"]
    assert _statuses(event.id) == {str(ana.id): "approved", str(bo.id): "approved",
                                   str(cy.id): "approved", str(gov.id): "pending"}


def test_bulk_ticked_ids_ignore_the_filters_and_other_events(organizer_client, factory):
    event = factory.event(slug="idm")
    other = factory.event(slug="other")
    mine = factory.registration(event, status="pending")
    also_pending = factory.registration(event, status="pending")
    theirs = factory.registration(other, status="pending")

    organizer_client.post(f"{BULK}?status=pending",
                          data={"ids": [str(mine.id), str(theirs.id)], "action": "declined"})

    assert _statuses(event.id) == {str(mine.id): "declined", str(also_pending.id): "pending"}
    assert _statuses(other.id) == {str(theirs.id): "pending"}


def test_bulk_approve_names_the_full_category_quota(organizer_client, factory):
    event = factory.event(slug="idm", capacity=10)
    db.session.add(CategoryQuota(event_id=event.id, category_id=factory.category().id,
                                 max_percent=10))
    db.session.commit()
    first = factory.registration(event, factory.person("Ana Lima"), status="pending",
                                 created_at=utc(2018, 3, 1, 9))
    second = factory.registration(event, factory.person("Bo Chen"), status="pending",
                                  created_at=utc(2018, 3, 1, 10))
    civil = factory.registration(event, factory.person("Cy Diallo"), status="pending",
                                 category="civil-society", created_at=utc(2018, 3, 1, 11))

    html = organizer_client.post(BULK, data={
        "ids": [str(first.id), str(second.id), str(civil.id)], "action": "approved",
    }).get_data(as_text=True)

    assert "3 registrations handled: 2 approved, 1 waitlisted because full, " \
           "0 unchanged (already approved)." in html
    assert f'registrations/{second.id}">Bo Chen</a>: the Government quota is full ' \
           "(1 place)</li>" in html
    assert _statuses(event.id) == {str(first.id): "approved", str(second.id): "waitlisted",
                                   str(civil.id): "approved"}


def test_bulk_without_js_shows_the_all_matching_box_with_the_count(organizer_client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, status="pending")
    factory.registration(event, status="approved")

    html = organizer_client.get(f"{LIST}?status=pending").get_data(as_text=True)

    assert 'action="/organize/events/idm/registrations/bulk?status=pending"' in html
    assert "Select all 1 registration matching this filter, not only the ticked ones" in html
    assert '<input id="all_matching" name="all_matching" type="checkbox" value="y">' in html
    assert 'id="select-page" class="select-page" hidden' in html
    assert "js/select-all.js" in html


def test_list_query_count_equal_at_30_and_2000_and_one_page_of_rows(
    app_ctx, factory, organizer, query_counter,
):
    categories = list(factory.categories().values())
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    add_registrations(small, categories, 30, status="pending", prefix="small")
    add_registrations(large, categories, 2000, status="pending", prefix="large")
    client = app_ctx.test_client()
    login(client, organizer)

    counts, rows = [], []
    for slug in ("small", "large"):
        with query_counter() as counter:
            html = client.get(f"/organize/events/{slug}/registrations?status=pending").get_data(
                as_text=True)
        counts.append(counter.count)
        rows.append(html.count('name="ids"'))

    assert counts[0] == counts[1]
    assert rows == [30, 100]
    assert "Showing 1–100 of 2000 (page 1 of 20)" in html
    assert ('<a href="/organize/events/large/registrations?page=20&amp;status=pending">'
            "Page 20</a>") in html


def test_list_page_links_keep_filters_and_mark_the_current_page(
    app_ctx, factory, organizer,
):
    categories = list(factory.categories().values())
    event = factory.event(slug="idm")
    add_registrations(event, categories, 1000, prefix="p")
    client = app_ctx.test_client()
    login(client, organizer)

    html = client.get(f"{LIST}?q=first&page=5").get_data(as_text=True)

    pages = re.findall(r'page=(\d+)&amp;q=first"(?: aria-current="page")?>Page', html)
    assert pages == ["1", "3", "4", "5", "6", "7", "10"]
    assert '<a aria-current="page" href="/organize/events/idm/registrations?page=5&amp;q=first">' \
           "Page 5</a>" in html
