"""Organizer side of registration through HTTP: access, list, filters, accreditation, settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registration.models import CategoryQuota, Registration
from tests.conftest import count_queries, login
from tests.registration.bulk_c1 import add_registrations
from tests.registration.outbox import outbox  # noqa: F401 - fixture

ROUTES = [
    ("get", "/organize/events/{slug}/registrations"),
    ("post", "/organize/events/{slug}/registrations/bulk"),
    ("get", "/organize/events/{slug}/registrations/{rid}"),
    ("post", "/organize/events/{slug}/registrations/{rid}"),
    ("get", "/organize/events/{slug}/registrations.csv"),
    ("get", "/organize/events/{slug}/registrations.xlsx"),
    ("get", "/organize/events/{slug}/registrations/import/template.xlsx"),
    ("get", "/organize/events/{slug}/registrations/import"),
    ("post", "/organize/events/{slug}/registrations/import/confirm"),
    ("get", "/organize/events/{slug}/registration-settings"),
    ("post", "/organize/events/{slug}/registration-settings"),
    ("get", "/organize/events/{slug}/registrations/merge"),
]


def _status(registration_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Registration, registration_id).status


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_organize_routes_forbidden_to_participant(participant_client, factory, method, path):
    event = factory.event(slug="idm")
    registration = factory.registration(event)
    url = path.format(slug=event.slug, rid=registration.id)
    response = getattr(participant_client, method)(url)
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_organize_routes_anonymous_sent_to_login(client, factory, method, path):
    event = factory.event(slug="idm")
    registration = factory.registration(event)
    response = getattr(client, method)(path.format(slug=event.slug, rid=registration.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_organize_unknown_event_or_other_events_registration_404(organizer_client, factory):
    event = factory.event(slug="idm")
    other = factory.event(slug="other")
    foreign = factory.registration(other)
    assert organizer_client.get("/organize/events/nope/registrations").status_code == 404
    assert organizer_client.get(
        f"/organize/events/idm/registrations/{foreign.id}").status_code == 404
    assert organizer_client.post(
        f"/organize/events/idm/registrations/{foreign.id}",
        data={"status": "declined"}).status_code == 404
    assert organizer_client.get("/organize/events/idm/registrations/999999").status_code == 404
    assert _status(foreign.id) == "approved"
    assert event.id != other.id


def test_organize_list_shows_counts_and_escapes_names(organizer_client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("<script>alert(1)</script> Evil"),
                         category="civil-society", status="pending")
    factory.registration(event, factory.person("Ana Lima"), category="government")
    factory.registration(event, factory.person("Bo Chen"), category="government",
                         status="waitlisted")

    html = organizer_client.get("/organize/events/idm/registrations").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "3 registrations" in html
    assert "Lima, Ana" in html
    assert "<strong>1</strong> approved · no capacity limit" in html


def test_organize_list_filters_by_status_category_country_level_and_search(
    organizer_client, factory,
):
    event = factory.event(slug="idm")
    kenya = factory.organization("Nairobi City", category="local-authorities", country="KE",
                                 governance_level="local")
    mexico = factory.organization("Secretaría", category="government", country="MX")
    factory.registration(event, factory.person("Amina Otieno", organization=kenya),
                         category="local-authorities")
    factory.registration(event, factory.person("Luis Ortega", organization=mexico),
                         category="government", status="pending")
    factory.registration(event, factory.person("Jo Free"), category="migrants-diaspora")

    def names(query: str) -> list[str]:
        html = organizer_client.get(f"/organize/events/idm/registrations?{query}").get_data(
            as_text=True)
        return [n for n in ("Otieno, Amina", "Ortega, Luis", "Free, Jo") if n in html]

    government = factory.category("government").id
    assert names("") == ["Otieno, Amina", "Ortega, Luis", "Free, Jo"]
    assert names("status=pending") == ["Ortega, Luis"]
    assert names(f"category={government}") == ["Ortega, Luis"]
    assert names("country=ke") == ["Otieno, Amina"]
    assert names("level=local") == ["Otieno, Amina"]
    assert names("q=ortega") == ["Ortega, Luis"]
    assert names("q=nairobi") == ["Otieno, Amina"]
    assert names("q=100%25") == []
    # Nonsense filters are ignored, never an error.
    assert names("status=bogus&category=x&level=space") == [
        "Otieno, Amina", "Ortega, Luis", "Free, Jo"]


def test_organize_list_search_ignores_accents_and_case_like_the_desk(organizer_client, factory):
    event = factory.event(slug="idm")
    brazil = factory.organization("Prefeitura de São Paulo", category="local-authorities",
                                  country="BR", governance_level="local")
    factory.registration(event, factory.person("Anna Müller"))
    factory.registration(event, factory.person("Beatriz Silva", organization=brazil),
                         category="local-authorities")
    factory.registration(event, factory.person("Thị Ảnh Nguyễn", email="anh@example.org"))

    def names(query: str) -> list[str]:
        html = organizer_client.get(f"/organize/events/idm/registrations?{query}").get_data(
            as_text=True)
        return [n for n in ("Müller, Anna", "Silva, Beatriz", "Nguyễn, Thị Ảnh") if n in html]

    assert names("q=Muller") == ["Müller, Anna"]
    assert names("q=MÜLLER") == ["Müller, Anna"]
    assert names("q=sao+paulo") == ["Silva, Beatriz"]
    assert names("q=Nguyen") == ["Nguyễn, Thị Ảnh"]
    assert names("q=anh%40example") == ["Nguyễn, Thị Ảnh"]
    assert names("q=mueller") == []


def test_organize_bulk_approve_with_message_notifies_each(organizer_client, factory, outbox):  # noqa: F811
    event = factory.event(slug="idm", title="IDM")
    a = factory.registration(event, factory.person("Ana Lima", email="ana@example.org"),
                             status="pending")
    b = factory.registration(event, factory.person("Bo Chen", email="bo@example.org"),
                             status="pending")
    c = factory.registration(event, status="pending")

    response = organizer_client.post(
        "/organize/events/idm/registrations/bulk?status=pending",
        data={"ids": [str(a.id), str(b.id)], "action": "approved", "message": "Welcome!"},
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2 registrations handled: 2 approved, 0 waitlisted because full, 0 unchanged" in html
    assert 'href="/organize/events/idm/registrations?status=pending">Back to the registrations' \
        in html
    assert (_status(a.id), _status(b.id), _status(c.id)) == ("approved", "approved", "pending")
    assert sorted(outbox.summary()) == [
        ("ana@example.org", "IDM: registration approved"),
        ("bo@example.org", "IDM: registration approved"),
    ]
    assert "Welcome!" in outbox.messages()[0].get_body(("plain",)).get_content()


def test_organize_bulk_approve_message_goes_only_to_those_approved(
    organizer_client, factory, outbox,  # noqa: F811
):
    event = factory.event(slug="idm", title="IDM", capacity=1)
    first = factory.registration(event, factory.person("Ana Lima", email="ana@example.org"),
                                 status="pending")
    second = factory.registration(event, factory.person("Bo Chen", email="bo@example.org"),
                                  status="pending")
    note = "Welcome! Bring your badge confirmation to the gate."
    organizer_client.post("/organize/events/idm/registrations/bulk?status=pending", data={
        "ids": [str(first.id), str(second.id)], "action": "approved", "message": note})

    assert (_status(first.id), _status(second.id)) == ("approved", "waitlisted")
    mails = {m["To"]: m for m in outbox.messages()}
    assert sorted((to, m["Subject"]) for to, m in mails.items()) == [
        ("ana@example.org", "IDM: registration approved"),
        ("bo@example.org", "IDM: registration waitlisted"),
    ]
    approved = mails["ana@example.org"].get_body(("plain",)).get_content()
    waitlisted = mails["bo@example.org"].get_content()
    assert f"\nMessage from the organizers:\n{note}\n" in approved
    assert "Message from the organizers" not in waitlisted
    assert "badge" not in waitlisted
    assert list(mails["bo@example.org"].iter_attachments()) == []
    assert db.session.get(Registration, second.id).organizer_message == ""


def test_organize_bulk_approve_when_full_waitlists_the_rest_and_says_so(
    organizer_client, factory,
):
    event = factory.event(slug="idm", capacity=1)
    first = factory.registration(event, factory.person("Ana Lima"), status="pending")
    second = factory.registration(event, factory.person("Bo Chen"), status="pending")

    response = organizer_client.post(
        "/organize/events/idm/registrations/bulk",
        data={"ids": [str(first.id), str(second.id)], "action": "approved"},
    )

    html = response.get_data(as_text=True)
    assert (_status(first.id), _status(second.id)) == ("approved", "waitlisted")
    assert "2 registrations handled: 1 approved, 1 waitlisted because full, 0 unchanged" in html
    assert f'registrations/{second.id}">Bo Chen</a>: the event is full</li>' in html


def test_organize_bulk_without_selection_changes_nothing(organizer_client, factory):
    event = factory.event(slug="idm")
    pending = factory.registration(event, status="pending")
    response = organizer_client.post("/organize/events/idm/registrations/bulk",
                                     data={"action": "declined"}, follow_redirects=True)
    assert "Select at least one registration first." in response.get_data(as_text=True)
    assert _status(pending.id) == "pending"


def test_organize_bulk_twice_is_harmless(organizer_client, factory, outbox):  # noqa: F811
    event = factory.event(slug="idm")
    pending = factory.registration(event, factory.person(email="x@example.org"),
                                   status="pending")
    data = {"ids": [str(pending.id)], "action": "declined"}
    organizer_client.post("/organize/events/idm/registrations/bulk", data=data)
    organizer_client.post("/organize/events/idm/registrations/bulk", data=data)
    assert _status(pending.id) == "declined"
    assert len(outbox.messages()) == 1


def test_organize_detail_is_the_only_page_showing_self_identification(
    organizer_client, factory,
):
    event = factory.event(slug="idm")
    person = factory.person("Ana Lima", gender="non-binary")
    person.migrant_experience = "yes"
    db.session.commit()
    registration = factory.registration(event, person)

    detail = organizer_client.get(f"/organize/events/idm/registrations/{registration.id}")
    listing = organizer_client.get("/organize/events/idm/registrations")
    export = organizer_client.get("/organize/events/idm/registrations.csv")

    html = detail.get_data(as_text=True)
    assert "<dt>Gender</dt><dd>Non-binary</dd>" in html
    assert "member of a diaspora</dt><dd>Yes</dd>" in html
    assert "Non-binary" not in listing.get_data(as_text=True)
    assert "non-binary" not in export.get_data(as_text=True).lower()


def test_organize_detail_status_change_when_full_waitlists(organizer_client, factory):
    event = factory.event(slug="idm", capacity=1)
    factory.registration(event)
    pending = factory.registration(event, status="pending")

    response = organizer_client.post(f"/organize/events/idm/registrations/{pending.id}",
                                     data={"status": "approved"}, follow_redirects=True)

    assert _status(pending.id) == "waitlisted"
    assert "is on the waiting list" in response.get_data(as_text=True)


def test_organize_detail_decline_promotes_waitlisted(organizer_client, factory):
    event = factory.event(slug="idm", capacity=1)
    approved = factory.registration(event)
    waiting = factory.registration(event, status="waitlisted")

    organizer_client.post(f"/organize/events/idm/registrations/{approved.id}",
                          data={"status": "declined", "message": "Sorry"})

    assert (_status(approved.id), _status(waiting.id)) == ("declined", "approved")


def test_organize_settings_stores_local_times_as_utc_and_quotas(organizer_client, factory):
    event = factory.event(slug="idm", timezone="America/New_York")
    government = factory.category("government")

    response = organizer_client.post("/organize/events/idm/registration-settings", data={
        "opens_at": "2018-01-15T09:00", "closes_at": "2018-03-20T17:30", "capacity": "25",
        "auto_approve": "y", f"quota_{government.id}": "40",
        f"quota_unit_{government.id}": "percent",
    })

    assert response.status_code == 302
    db.session.expire_all()
    assert event.registration_opens_at == datetime(2018, 1, 15, 14, 0, tzinfo=UTC)
    assert event.registration_closes_at == datetime(2018, 3, 20, 21, 30, tzinfo=UTC)
    assert (event.capacity, event.auto_approve) == (25, True)
    quotas = db.session.execute(select(CategoryQuota.category_id, CategoryQuota.max_percent,
                                       CategoryQuota.max_places)
                                .where(CategoryQuota.event_id == event.id)).all()
    assert quotas == [(government.id, 40, None)]
    page = organizer_client.get("/organize/events/idm/registration-settings")
    html = page.get_data(as_text=True)
    assert 'value="2018-01-15T09:00"' in html
    assert 'value="2018-03-20T17:30"' in html
    assert f'<output id="quota_{government.id}-places" ' in html
    assert "40% of 25 = 10 places</output>" in html


def _quota_rows(event) -> list:
    db.session.expire_all()
    return db.session.execute(select(CategoryQuota.category_id, CategoryQuota.max_percent,
                                     CategoryQuota.max_places)
                              .where(CategoryQuota.event_id == event.id)).all()


def test_organize_settings_quota_in_places_is_stored_as_places(organizer_client, factory):
    event = factory.event(slug="idm", capacity=150)
    civil = factory.category("civil-society")

    response = organizer_client.post("/organize/events/idm/registration-settings", data={
        "capacity": "150", f"quota_{civil.id}": "30", f"quota_unit_{civil.id}": "places",
    })

    assert response.status_code == 302
    assert _quota_rows(event) == [(civil.id, None, 30)]
    html = organizer_client.get("/organize/events/idm/registration-settings").get_data(
        as_text=True)
    assert f'<output id="quota_{civil.id}-places" for="quota_{civil.id} quota_unit_{civil.id}" ' \
        'aria-live="polite">30 places</output>' in html
    assert '<option selected value="places">places</option>' in html


def test_organize_settings_switching_unit_replaces_percent_by_places(
    organizer_client, factory,
):
    event = factory.event(slug="idm", capacity=150)
    civil = factory.category("civil-society")
    db.session.add(CategoryQuota(event_id=event.id, category_id=civil.id, max_percent=20))
    db.session.commit()

    organizer_client.post("/organize/events/idm/registration-settings", data={
        "capacity": "150", f"quota_{civil.id}": "45", f"quota_unit_{civil.id}": "places",
    })

    assert _quota_rows(event) == [(civil.id, None, 45)]


@pytest.mark.parametrize(("capacity", "amount", "unit", "message"), [
    ("50", "1", "percent", "Civil society: 1% of 50 is 0 places, so nobody of this category "
     "could get a place. Give a larger share or a number of places."),
    ("150", "151", "places", "Civil society: 151 places is more than the capacity of "
     "150 places."),
    ("", "20", "percent", "Civil society: a quota of 20% needs a capacity to count places "
     "from. Set the capacity, or give the quota as a number of places."),
    ("150", "120", "percent", "Civil society: a percentage quota is at most 100%."),
])
def test_organize_settings_refuses_quota_that_means_no_or_too_many_places(
    organizer_client, factory, capacity, amount, unit, message,
):
    event = factory.event(slug="idm", capacity=150)
    civil = factory.category("civil-society")

    response = organizer_client.post("/organize/events/idm/registration-settings", data={
        "capacity": capacity, f"quota_{civil.id}": amount, f"quota_unit_{civil.id}": unit,
    })

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<p class="error" id="quota_{civil.id}-error">{message}</p>' in html
    assert _quota_rows(event) == []
    assert event.capacity == 150


def test_organize_settings_raising_capacity_promotes_in_arrival_order(
    organizer_client, factory,
):
    event = factory.event(slug="idm", capacity=1, auto_approve=True)
    factory.registration(event)
    first = factory.registration(event, status="waitlisted",
                                 status_changed_at=datetime(2018, 1, 1, tzinfo=UTC))
    second = factory.registration(event, status="waitlisted",
                                  status_changed_at=datetime(2018, 1, 2, tzinfo=UTC))

    response = organizer_client.post("/organize/events/idm/registration-settings",
                                     data={"capacity": "2", "auto_approve": "y"},
                                     follow_redirects=True)

    assert (_status(first.id), _status(second.id)) == ("approved", "waitlisted")
    assert "1 waitlisted registration(s) promoted" in response.get_data(as_text=True)


def test_organize_settings_bad_input_rerenders_with_messages(organizer_client, factory):
    event = factory.event(slug="idm", capacity=10)
    government = factory.category("government")

    response = organizer_client.post("/organize/events/idm/registration-settings", data={
        "opens_at": "2018-03-20T09:00", "closes_at": "2018-03-01T09:00", "capacity": "-3",
        f"quota_{government.id}": "0",
    })

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Number must be between 0 and 1000000." in html
    assert "A quota is at least 1 place (leave the field empty for no quota)." in html
    db.session.expire_all()
    assert event.capacity == 10

    response = organizer_client.post("/organize/events/idm/registration-settings", data={
        "opens_at": "2018-03-20T09:00", "closes_at": "2018-03-01T09:00", "capacity": "3",
    })
    assert response.status_code == 400
    assert "Registration must close after it opens." in response.get_data(as_text=True)


def test_organize_list_query_count_same_at_100_and_10000(app_ctx, factory, organizer):
    categories = list(factory.categories().values())
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    add_registrations(small, categories, 100, prefix="small")
    add_registrations(large, categories, 10_000, prefix="large")
    client = app_ctx.test_client()
    login(client, organizer)

    counts = []
    for slug in ("small", "large"):
        for query in ("", "?q=first1&page=2", "?status=approved&page=3"):
            with count_queries() as counter:
                response = client.get(f"/organize/events/{slug}/registrations{query}")
            assert response.status_code == 200
            counts.append(counter.count)

    assert counts[:3] == counts[3:]
    html = client.get("/organize/events/large/registrations?page=100").get_data(as_text=True)
    assert "Showing 9901–10000 of 10000 (page 100 of 100)" in html


def test_organize_detail_approve_names_the_full_quota(organizer_client, factory):
    event = factory.event(slug="idm", capacity=150)
    civil = factory.category("civil-society")
    db.session.add(CategoryQuota(event_id=event.id, category_id=civil.id, max_places=30))
    db.session.commit()
    for _ in range(30):
        factory.registration(event, category="civil-society")
    pending = factory.registration(event, category="civil-society", status="pending")

    response = organizer_client.post(f"/organize/events/idm/registrations/{pending.id}",
                                     data={"status": "approved"}, follow_redirects=True)

    assert _status(pending.id) == "waitlisted"
    assert ("Waitlisted: the Civil society quota (30 places) is full, so the registration is "
            "on the waiting list") in response.get_data(as_text=True)


def test_organize_detail_approve_names_the_full_event(organizer_client, factory):
    event = factory.event(slug="idm", capacity=150)
    for _ in range(150):
        factory.registration(event, category="academia")
    pending = factory.registration(event, status="pending")

    response = organizer_client.post(f"/organize/events/idm/registrations/{pending.id}",
                                     data={"status": "approved"}, follow_redirects=True)

    assert _status(pending.id) == "waitlisted"
    assert "Waitlisted: the event is full (150 places), so the registration" in \
        response.get_data(as_text=True)


def test_settings_offer_no_quota_for_a_retired_category(organizer_client, factory):
    from eventapp.people.categories import retire_category

    event = factory.event(capacity=100)
    retire_category(factory.category("academia"))
    db.session.commit()

    page = organizer_client.get(f"/organize/events/{event.slug}/registration-settings")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'id="quota_{factory.category("civil-society").id}"' in html
    assert f'id="quota_{factory.category("academia").id}"' not in html


@pytest.mark.parametrize(("capacity", "summary"), [
    (None, "<strong>3</strong> approved, of whom 2 invited speakers, who take no place · no "
           "capacity limit"),
    (10, "<strong>1</strong> of 10 places taken · <strong>9</strong> left · 2 invited speakers "
         "approved, who take no place"),
])
def test_organize_summary_counts_approved_invited_speakers_like_the_table(
    organizer_client, factory, capacity, summary,
):
    event = factory.event(slug="idm", capacity=capacity)
    for _ in range(2):
        factory.registration(event, is_invited_speaker=True)
    factory.registration(event)
    page = organizer_client.get("/organize/events/idm/registrations").get_data(as_text=True)
    assert summary in " ".join(page.split())
