"""Which categories an event offers at registration: chosen per event, default all active."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people import categories as service
from eventapp.people.models import EventCategory
from eventapp.registration.models import Registration
from tests.registration.test_register_views import _form


def _offered_names(page: str) -> list[str]:
    return re.findall(r'<label for="category-\d+">([^<]+)</label>', html.unescape(page))


def test_registration_form_offers_all_active_categories_by_default(client, factory):
    factory.categories()
    service.retire_category(factory.category("private-sector"))
    db.session.commit()
    factory.event("idm")
    page = client.get("/events/idm/register").get_data(as_text=True)
    assert _offered_names(page) == [
        "Government", "UN system & international organizations", "Civil society",
        "Migrants & diaspora", "Local & regional authorities", "Academia"]


def test_registration_form_offers_only_the_events_choice(client, factory):
    factory.categories()
    event = factory.event("idm")
    service.set_offered_categories(event.id, [factory.category("academia").id,
                                              factory.category("civil-society").id])
    db.session.commit()
    page = client.get("/events/idm/register").get_data(as_text=True)
    assert _offered_names(page) == ["Civil society", "Academia"]


def test_posting_a_category_not_offered_or_retired_is_refused(client, factory):
    factory.categories()
    event = factory.event("idm")
    service.set_offered_categories(event.id, [factory.category("civil-society").id,
                                              factory.category("academia").id])
    service.retire_category(factory.category("academia"))
    db.session.commit()
    for key in ("government", "academia"):
        response = client.post("/events/idm/register", data=_form(
            factory, category=str(factory.category(key).id)))
        page = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 200
        assert ("This category is not offered for this event; choose one of those listed."
                in page), key
    assert db.session.scalar(select(func.count(Registration.id))) == 0

    accepted = client.post("/events/idm/register", data=_form(factory))
    assert accepted.status_code == 302
    assert db.session.scalar(select(Registration.category_id)) == factory.category(
        "civil-society").id


def test_settings_page_saves_the_events_choice(organizer_client, factory):
    factory.categories()
    service.retire_category(factory.category("private-sector"))
    db.session.commit()
    event = factory.event("idm")
    url = "/organize/events/idm/registration/categories"
    page = html.unescape(organizer_client.get(url).get_data(as_text=True))
    assert "Leave every box unticked to offer all active categories" in page
    assert "Private sector" not in page
    assert 'href="/organize/events/idm/registration/categories" aria-current="page"' in page

    academia, government = factory.category("academia"), factory.category("government")
    response = organizer_client.post(url, data={"categories": [str(academia.id),
                                                               str(government.id)]})
    assert response.status_code == 302
    assert service.offered_category_ids(event.id) == {academia.id, government.id}
    page = html.unescape(organizer_client.get(url).get_data(as_text=True))
    assert "Offered now: Government, Academia" in page
    assert f'checked id="categories-0" name="categories" type="checkbox" value="{government.id}"'\
        in page

    cleared = organizer_client.post(url, data={}, follow_redirects=True)
    assert ("Categories offered saved: every active category is offered."
            in html.unescape(cleared.get_data(as_text=True)))
    assert db.session.scalar(select(func.count()).select_from(EventCategory)) == 0


def test_settings_page_refuses_a_retired_category(organizer_client, factory):
    factory.categories()
    event = factory.event("idm")
    private = factory.category("private-sector")
    service.retire_category(private)
    db.session.commit()
    response = organizer_client.post("/organize/events/idm/registration/categories",
                                     data={"categories": [str(private.id)]})
    assert response.status_code == 400
    assert ("The list of categories has changed; reload the page and try again."
            in response.get_data(as_text=True))
    assert service.offered_category_ids(event.id) == set()
