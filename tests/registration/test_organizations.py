"""Organizations typed in by participants: held back, flagged, confirmed or merged."""

from __future__ import annotations

import re

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.registration.models import Registration
from tests.conftest import login
from tests.registration.bulk_c1 import add_registrations
from tests.registration.test_register_views import _form


def _org(name: str) -> Organization:
    return db.session.scalar(select(Organization).where(Organization.name == name))


def _offered(html: str) -> list[str]:
    select_html = html[html.index('name="organization"'):]
    select_html = select_html[:select_html.index("</select>")]
    return re.findall(r"<option [^>]*>([^<]+)</option>", select_html)


def _register_new_org(client, factory, email: str, name: str) -> None:
    response = client.post("/events/idm/register", data=_form(
        factory, email=email, new_organization_name=name))
    assert response.status_code == 302


def test_new_organization_from_the_form_is_unconfirmed_and_offered_only_to_its_person(
    client, factory,
):
    factory.event(slug="idm")
    factory.event(slug="next")
    factory.organization("Confirmed Org", country="KE")
    _register_new_org(client, factory, "a@example.org", "Typo Org")

    # The author, registering for another event, is offered their own organization.
    own = _offered(client.get("/events/next/register").get_data(as_text=True))
    client.post("/logout")
    other = _offered(client.get("/events/idm/register").get_data(as_text=True))

    assert _org("Typo Org").is_confirmed is False
    assert _org("Confirmed Org").is_confirmed is True
    assert [o for o in own if "Org" in o] == ["Confirmed Org (KE)", "Typo Org (KE)"]
    assert [o for o in other if "Org" in o] == ["Confirmed Org (KE)"]


def test_another_participant_cannot_post_an_unconfirmed_organization(client, factory):
    factory.event(slug="idm")
    _register_new_org(client, factory, "a@example.org", "Typo Org")
    client.post("/logout")
    typo = _org("Typo Org")

    response = client.post("/events/idm/register", data=_form(
        factory, email="b@example.org", organization=str(typo.id)))

    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert db.session.scalar(
        select(Registration).join(Registration.person).where(Person.email == "b@example.org")
    ) is None


def test_organizer_sees_unconfirmed_flagged_and_confirms_it(organizer_client, factory):
    event = factory.event(slug="idm")
    typo = factory.organization("Typo Org", country="KE")
    typo.is_confirmed = False
    db.session.commit()
    registration = factory.registration(event, factory.person("Ana Lima", organization=typo))

    listing = organizer_client.get("/organize/events/idm/registrations").get_data(as_text=True)
    detail_url = f"/organize/events/idm/registrations/{registration.id}"
    detail = organizer_client.get(detail_url).get_data(as_text=True)
    response = organizer_client.post(
        f"/organize/events/idm/organizations/{typo.id}/confirm", data={"next": detail_url})
    again = organizer_client.post(f"/organize/events/idm/organizations/{typo.id}/confirm",
                                  follow_redirects=True)

    assert "1 organization was added by participants and waits for confirmation" in listing
    assert f'href="/organize/events/idm/organizations#organization-{typo.id}">To confirm</a>' \
        in listing
    assert "Added by the participant, to confirm" in detail
    assert response.status_code == 302
    assert response.headers["Location"] == detail_url
    assert _org("Typo Org").is_confirmed is True
    assert "This organization is no longer waiting for confirmation." in again.get_data(
        as_text=True)


def test_organizer_merges_unconfirmed_into_existing_moving_people_and_registrations(
    organizer_client, factory,
):
    event = factory.event(slug="idm")
    keep = factory.organization("Migrant Rights Network", country="KE")
    factory.organization("Migrant Rights", country="UG")  # another country: not offered
    typo = factory.organization("Migrant Rigths Network", country="KE")
    typo.is_confirmed = False
    db.session.commit()
    person = factory.person("Ana Lima", organization=typo)
    registration = factory.registration(event, person)
    typo_id, keep_id, person_id, registration_id = typo.id, keep.id, person.id, registration.id

    page = organizer_client.get("/organize/events/idm/organizations").get_data(as_text=True)
    response = organizer_client.post(f"/organize/events/idm/organizations/{typo_id}/merge",
                                     data={"into": str(keep_id)}, follow_redirects=True)

    options = re.findall(rf'<select id="into-{typo_id}" name="into">(.*?)</select>', page,
                         re.S)[0]
    assert re.findall(r"<option [^>]*>([^<]+)</option>", options) == ["Migrant Rights Network"]
    assert "Migrant Rigths Network <span class=\"meta\">(KE, National, Government) · " \
           "1 registration</span>" in page
    assert "“Migrant Rigths Network” was merged into “Migrant Rights Network”: " \
           "1 registration(s) moved." in response.get_data(as_text=True)
    assert db.session.get(Organization, typo_id) is None
    assert db.session.get(Person, person_id).organization_id == keep_id
    assert db.session.get(Registration, registration_id).organization_id == keep_id


def test_merge_refuses_bad_targets_and_other_events(organizer_client, factory):
    event = factory.event(slug="idm")
    factory.event(slug="other")
    typo = factory.organization("Typo Org", country="KE")
    unconfirmed_target = factory.organization("Also New", country="KE")
    typo.is_confirmed = unconfirmed_target.is_confirmed = False
    db.session.commit()
    factory.registration(event, factory.person("Ana Lima", organization=typo))
    base = f"/organize/events/idm/organizations/{typo.id}/merge"

    bad_id = organizer_client.post(base, data={"into": "99999999999"}, follow_redirects=True)
    to_unconfirmed = organizer_client.post(base, data={"into": str(unconfirmed_target.id)},
                                           follow_redirects=True)
    other_event = organizer_client.post(
        f"/organize/events/other/organizations/{typo.id}/confirm", follow_redirects=True)

    assert "Choose the organization to merge into." in bad_id.get_data(as_text=True)
    assert "Merge into a confirmed organization." in to_unconfirmed.get_data(as_text=True)
    assert "This organization is no longer waiting for confirmation." in other_event.get_data(
        as_text=True)
    assert _org("Typo Org").is_confirmed is False


def test_organizations_to_confirm_page_query_count_equal_at_two_sizes(
    app_ctx, factory, organizer, query_counter,
):
    categories = list(factory.categories().values())
    counts = []
    client = app_ctx.test_client()
    login(client, organizer)
    for slug, n in (("small", 30), ("large", 600)):
        event = factory.event(slug=slug)
        add_registrations(event, categories, n, prefix=slug)
        db.session.execute(
            Organization.__table__.update()
            .where(Organization.name.like(f"{slug} org %"))
            .values(is_confirmed=False))
        db.session.commit()
        with query_counter() as counter:
            html = client.get(f"/organize/events/{slug}/organizations").get_data(as_text=True)
        counts.append(counter.count)
        assert len(re.findall(rf'action="/organize/events/{slug}/organizations/\d+/confirm"',
                              html)) == n // 10
    assert counts[0] == counts[1]
