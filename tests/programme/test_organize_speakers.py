from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.programme.models import SpeakingSlot
from tests.conftest import count_queries
from tests.programme.organize_helpers import text_of


@pytest.fixture()
def panel(factory):
    event = factory.event("ev", start=date(2018, 3, 26), end=date(2018, 3, 27))
    return factory.session(event, title="Partnerships panel", day=date(2018, 3, 26),
                           start=time(10, 0), minutes=60)


def _url(session, tail: str = "") -> str:
    return f"/organize/events/ev/sessions/{session.id}/{tail}"


def _slots(session) -> list[tuple[str, str, int | None]]:
    db.session.expire_all()
    return [(s.person.full_name, s.role, s.planned_minutes) for s in session.slots]


def test_editor_lists_speakers_in_order_with_totals(organizer_client, factory, panel):
    org = factory.organization("City of Montréal", category="local-authorities", country="CA",
                               governance_level="local")
    factory.slot(panel, factory.person("Ana Lopez", organization=org, honorific="H.E."),
                 role="chair", planned_minutes=5)
    factory.slot(panel, factory.person("Bo Chen", category="academia"), planned_minutes=10)
    body = text_of(organizer_client.get(_url(panel)))
    assert body.index("H.E. Ana Lopez") < body.index("Bo Chen")
    assert "<td>Chair</td>" in body
    assert "<td>City of Montréal</td>" in body
    assert "<td>Local & regional authorities</td>" in body
    assert "<td>Academia</td>" in body
    assert "Planned: <strong>15 of 60 minutes</strong>." in body


def test_editor_query_count_does_not_grow_with_speakers(organizer_client, factory, panel):
    bigger = factory.session(panel.event, title="Plenary", start=time(14, 0), minutes=240)
    org = factory.organization("IOM", category="un-system", country="")
    for session, n in ((panel, 3), (bigger, 60)):
        people = [Person(first_name="P", last_name=f"{session.id}-{i}", organization=org)
                  for i in range(n)]
        db.session.add_all(people)
        db.session.add_all(SpeakingSlot(session=session, person=p, role="panelist",
                                        position=i, planned_minutes=3)
                           for i, p in enumerate(people))
    db.session.commit()
    small_url, large_url = _url(panel), _url(bigger)
    organizer_client.get(small_url)
    with count_queries() as small:
        assert organizer_client.get(small_url).status_code == 200
    with count_queries() as large:
        response = organizer_client.get(large_url)
    assert "Planned: <strong>180 of 240 minutes</strong>." in text_of(response)
    assert large.count == small.count


def test_add_existing_person_and_again_gives_message(organizer_client, factory, panel):
    ana = factory.person("Ana Lopez", category="academia")
    data = {"existing-person": str(ana.id), "existing-role": "moderator",
            "existing-planned_minutes": "5"}
    response = organizer_client.post(_url(panel, "speakers"), data=data)
    assert response.headers["Location"] == _url(panel)
    assert _slots(panel) == [("Ana Lopez", "moderator", 5)]
    again = organizer_client.post(_url(panel, "speakers"), data=data)
    assert again.status_code == 400
    assert "Ana Lopez already has this role here." in text_of(again)
    assert _slots(panel) == [("Ana Lopez", "moderator", 5)]


def test_add_speaker_booked_elsewhere_is_refused(organizer_client, factory, panel):
    ana = factory.person("Ana Lopez")
    elsewhere = factory.session(panel.event, title="Side event", start=time(10, 30))
    factory.slot(elsewhere, ana)
    response = organizer_client.post(_url(panel, "speakers"), data={
        "existing-person": str(ana.id), "existing-role": "panelist"})
    assert response.status_code == 400
    assert ("Ana Lopez already speaks in “Side event” at an overlapping time "
            "(26 Mar 10:30–11:30 EDT).") in text_of(response)
    assert _slots(panel) == []


def test_add_speaker_without_choosing_person_gives_message(organizer_client, panel):
    response = organizer_client.post(_url(panel, "speakers"), data={
        "existing-person": "", "existing-role": "panelist", "existing-planned_minutes": "-3"})
    body = text_of(response)
    assert response.status_code == 400
    assert "Choose a person." in body
    assert "Give the minutes as a whole number from 0 to 1440." in body


def test_planned_minutes_beyond_length_warns_then_adds_when_accepted(organizer_client, factory,
                                                                     panel):
    factory.slot(panel, planned_minutes=50)
    ana = factory.person("Ana Lopez")
    data = {"existing-person": str(ana.id), "existing-role": "panelist",
            "existing-planned_minutes": "20"}
    response = organizer_client.post(_url(panel, "speakers"), data=data)
    body = text_of(response)
    assert response.status_code == 400
    assert "Speakers are planned for 70 minutes but the session lasts 60 minutes." in body
    assert 'value="Add anyway"' in body
    assert len(_slots(panel)) == 1
    response = organizer_client.post(_url(panel, "speakers"),
                                     data={**data, "existing-accept_warnings": "y"})
    assert response.status_code == 302
    assert _slots(panel)[1] == ("Ana Lopez", "panelist", 20)


def test_add_new_person_with_new_organization(organizer_client, factory, panel):
    civil = factory.category("civil-society")
    data = {"new-honorific": "Ms", "new-first_name": "Amina", "new-last_name": "Diallo",
            "new-job_title": "Director", "new-gender": "woman", "new-organization": "new",
            "new-org_name": "Migrant Voices", "new-org_category": str(civil.id),
            "new-org_country": "sn", "new-org_governance_level": "local",
            "new-role": "panelist", "new-planned_minutes": "8"}
    response = organizer_client.post(_url(panel, "speakers/new"), data=data)
    assert response.status_code == 302
    assert _slots(panel) == [("Amina Diallo", "panelist", 8)]
    person = db.session.scalars(select(Person)).one()
    assert (person.honorific, person.job_title, person.gender) == ("Ms", "Director", "woman")
    org = person.organization
    assert (org.name, org.country, org.governance_level, org.category.key) == (
        "Migrant Voices", "SN", "local", "civil-society")
    # The same submission again finds the same person and organization.
    again = organizer_client.post(_url(panel, "speakers/new"), data=data)
    assert "Amina Diallo already has this role here." in text_of(again)
    assert db.session.scalar(select(func.count(Person.id))) == 1
    assert db.session.scalar(select(func.count(Organization.id))) == 1


def test_add_new_person_needs_category_or_organization(organizer_client, factory, panel):
    factory.categories()
    response = organizer_client.post(_url(panel, "speakers/new"), data={
        "new-last_name": "Doe", "new-organization": "", "new-category": "",
        "new-role": "panelist"})
    assert response.status_code == 400
    assert ("Choose the stakeholder category this person speaks for, or an organization."
            in text_of(response))
    response = organizer_client.post(_url(panel, "speakers/new"), data={
        "new-last_name": "Doe", "new-organization": "new", "new-org_name": "",
        "new-role": "panelist"})
    body = text_of(response)
    assert "Give the new organization's name." in body
    assert "Choose the new organization's stakeholder category." in body
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_new_person_refused_by_warning_is_not_kept(organizer_client, factory, panel):
    migrants = factory.category("migrants-diaspora")
    response = organizer_client.post(_url(panel, "speakers/new"), data={
        "new-first_name": "Jo", "new-last_name": "Doe", "new-organization": "",
        "new-category": str(migrants.id), "new-role": "keynote",
        "new-planned_minutes": "90"})
    assert response.status_code == 400
    assert ("Speakers are planned for 90 minutes but the session lasts 60 minutes."
            in text_of(response))
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_move_speakers_up_and_down(organizer_client, factory, panel):
    a, b, c = (factory.slot(panel, factory.person(name)) for name in ("A One", "B Two",
                                                                       "C Three"))
    organizer_client.post(_url(panel, f"speakers/{c.id}/move"), data={"direction": "up"})
    assert [n for n, _, _ in _slots(panel)] == ["A One", "C Three", "B Two"]
    organizer_client.post(_url(panel, f"speakers/{a.id}/move"), data={"direction": "down"})
    assert [n for n, _, _ in _slots(panel)] == ["C Three", "A One", "B Two"]
    organizer_client.post(_url(panel, f"speakers/{c.id}/move"), data={"direction": "up"})
    assert [n for n, _, _ in _slots(panel)] == ["C Three", "A One", "B Two"]
    bad = organizer_client.post(_url(panel, f"speakers/{b.id}/move"), data={"direction": "x"})
    assert bad.status_code == 400


def test_edit_role_and_minutes_with_warning(organizer_client, factory, panel):
    slot = factory.slot(panel, factory.person("Ana Lopez"), planned_minutes=10)
    url = _url(panel, f"speakers/{slot.id}/edit")
    response = organizer_client.post(url, data={"role": "chair", "planned_minutes": "75"})
    assert "Speakers are planned for 75 minutes but the session lasts 60 minutes." in text_of(
        response)
    assert _slots(panel) == [("Ana Lopez", "panelist", 10)]
    organizer_client.post(url, data={"role": "chair", "planned_minutes": "75",
                                      "accept_warnings": "y"})
    assert _slots(panel) == [("Ana Lopez", "chair", 75)]


def test_remove_speaker_after_confirmation_twice_is_harmless(organizer_client, factory, panel):
    slot = factory.slot(panel, factory.person("Ana Lopez"))
    factory.slot(panel, factory.person("Bo Chen"))
    url = _url(panel, f"speakers/{slot.id}/remove")
    assert "Remove Ana Lopez (Panelist) from “Partnerships panel”?" in text_of(
        organizer_client.get(url))
    assert len(_slots(panel)) == 2
    assert organizer_client.post(url).headers["Location"] == _url(panel)
    assert _slots(panel) == [("Bo Chen", "panelist", 10)]
    assert panel.slots[0].position == 0
    again = organizer_client.post(url, follow_redirects=True)
    assert "That speaker was already removed." in text_of(again)
    assert organizer_client.get(url).status_code == 404


def test_slot_of_another_session_is_404(organizer_client, factory, panel):
    other = factory.slot(factory.session(panel.event, start=time(15, 0)))
    assert organizer_client.get(_url(panel, f"speakers/{other.id}/edit")).status_code == 404
    assert organizer_client.post(_url(panel, f"speakers/{other.id}/move"),
                                 data={"direction": "up"}).status_code == 404
