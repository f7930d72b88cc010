"""The list of speakers in French and Spanish: chair console, room screen, refusals, reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import html

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.locking import FloorError
from eventapp.floor.models import SpeakersList
from eventapp.floor.ordering import Entry, Tally, suggest
from eventapp.i18n.recipient import in_language
from tests.conftest import login
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version

NBSP = "\u00a0"
T0 = datetime(2018, 3, 26, 15, 0, tzinfo=UTC)


def _console(event, session) -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor"


def test_chair_console_in_spanish(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    requests.ask(speakers_list, participant(factory, event, "Ana Lopez", org="Mexico"))
    organizer_client.set_cookie("lang", "es")
    page = html.fromstring(organizer_client.get(_console(event, session)).get_data(as_text=True))
    assert page.xpath("string(//h1)") == "Consola de la presidencia: Interactive dialogue"
    assert page.xpath('string(//*[@id="floor-status"])') == (
        "La lista está abierta. Orden: Llegada: por orden de solicitud. "
        "Tiempo por intervención: 3 min 00 s.")
    assert page.xpath('string(//*[@id="floor-give-next"])') == (
        "Dar la palabra al siguiente: Ana Lopez (N)")
    assert page.xpath('string(//*[@id="floor-queue-heading"])') == (
        "Cola, en el orden de la presidencia (1)")
    row = page.xpath('//tr[contains(@class, "floor-queue-row")]')[0]
    assert row.xpath('string(.//*[@class="floor-row-meta"])').split(" · ")[:2] == [
        "Mexico", "Gobierno"]
    assert page.xpath('string(//ol[@id="floor-suggested"]/li)') == (
        "Ana Lopez — Orden de llegada: 1.º en pedir la palabra")
    assert page.xpath('string(//*[@id="shortcuts-heading"])') == "Atajos de teclado"

    response = organizer_client.post(_console(event, session) + "/give-next",
                                     data={"version": version(speakers_list.id)},
                                     follow_redirects=True)
    assert "Ana Lopez tiene la palabra." in response.get_data(as_text=True)
    speaker = requests_of(speakers_list.id)[0].id
    organizer_client.post(_console(event, session) + "/stop", data={"request_id": speaker})
    again = organizer_client.post(_console(event, session) + "/stop",
                                  data={"request_id": speaker},
                                  headers={"Accept": "application/json"}).get_json()
    assert again["message"] == (
        "La intervención de Ana Lopez ya está detenida y registrada (0:00).")


def test_public_screen_in_french(client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    for name in ("Ana Lopez", "Ben Okafor"):
        requests.ask(db.session.get(SpeakersList, speakers_list.id),
                     participant(factory, event, name, org=f"{name} Mission"))
    chair.give_floor(speakers_list.id)
    url = f"/events/{event.slug}/sessions/{session.id}/floor"
    page = html.fromstring(client.get(url + "?lang=fr").get_data(as_text=True))
    assert page.get("lang") == "fr"
    assert page.xpath('string(//*[@id="floor-screen-current-heading"])') == "A la parole"
    assert page.xpath('string(//*[@id="floor-screen-org"])') == "Ana Lopez Mission · Gouvernement"
    assert page.xpath('string(//*[@id="floor-screen-next-heading"])') == "Prochains orateurs"
    assert page.xpath('string(//*[@id="floor-screen-queue"])') == "1 en attente"
    screen = page.xpath('//*[@id="floor-screen"]')[0]
    assert (screen.get("data-text-nobody"), screen.get("data-text-closed"),
            screen.get("data-text-waiting")) == (
        "Personne n’a la parole.", "La liste des orateurs est close.", "{num} en attente")


def test_floor_json_names_categories_in_the_language_with_its_own_etag(client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    requests.ask(speakers_list, participant(factory, event, "Ana Lopez", org="Mexico"))
    url = f"/events/{event.slug}/sessions/{session.id}/floor.json"
    english = client.get(url)
    french = client.get(url + "?lang=fr")
    assert english.get_json()["next"][0]["category"] == "Government"
    assert french.get_json()["next"][0]["category"] == "Gouvernement"
    assert french.headers["ETag"] == english.headers["ETag"][:-1] + '-fr"'
    assert set(french.get_json()) == set(english.get_json())
    assert client.get(url + "?lang=fr",
                      headers={"If-None-Match": french.headers["ETag"]}).status_code == 304
    assert client.get(url + "?lang=es",
                      headers={"If-None-Match": french.headers["ETag"]}).status_code == 200


def test_participant_refusal_in_french(client, factory, participant):
    event, session = dialogue(factory)
    open_list(session)
    login(client, participant)
    factory.registration(event, factory.person("Pat Doe", user=participant), status="pending")
    client.set_cookie("lang", "fr")
    response = client.post(f"/events/{event.slug}/sessions/{session.id}/floor/request",
                           data={"delegation_role": "delegate"}, follow_redirects=True)
    assert (f"Votre inscription est encore en attente{NBSP}: vous pourrez demander la parole une "
            "fois qu’elle aura été approuvée par les organisateurs.") in response.get_data(
        as_text=True)


def test_participant_refusal_in_spanish(app, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    ana = participant(factory, event, "Ana Lopez")
    chair.close_list(speakers_list.id)
    with app.test_request_context("/"), in_language("es"), pytest.raises(FloorError) as refused:
        requests.ask(db.session.get(SpeakersList, speakers_list.id), ana)
    assert str(refused.value) == "La lista de oradores está cerrada."
    with app.test_request_context("/"), in_language("es"), pytest.raises(FloorError) as refused:
        requests.withdraw(db.session.get(SpeakersList, speakers_list.id), None)
    assert str(refused.value) == "No está en la lista de oradores."


def _entry(rid: int, category: str, name: str, org: str, *, role: str = "delegate") -> Entry:
    return Entry(request_id=rid, category_key=category, category_name=name,
                 organization_key=org, organization_name=org,
                 requested_at=T0 + timedelta(minutes=rid), delegation_role=role,
                 is_member_state=category == "government")


def test_suggested_order_reasons_in_french(app):
    tally = Tally({"government": 6, "civil-society": 3}, {"Mexico": 4, "Chile": 2, "ICMC": 3})
    targets = {"government": 40, "civil-society": 30, "migrants-diaspora": 15.5}
    entries = [_entry(1, "government", "Gouvernement", "Mexico"),
               _entry(2, "civil-society", "Société civile", "ICMC"),
               _entry(3, "migrants-diaspora", "Migrants et diaspora", "ADN")]
    with app.test_request_context("/"), in_language("fr"):
        balanced = [p.reason for p in suggest(entries, tally, policy="balanced",
                                                targets=targets)]
        protocol = [p.reason for p in suggest(
            [_entry(1, "civil-society", "Société civile", "ICMC"),
             _entry(2, "government", "Gouvernement", "Mexico", role="head")],
            Tally({}, {}), policy="protocol")]
    assert balanced == [
        f"Migrants et diaspora{NBSP}: 0 sur 9 interventions jusqu’ici, objectif 15,5{NBSP}%"
        f"{NBSP}; première intervention pour ADN",
        f"Société civile{NBSP}: 3 sur 9 interventions jusqu’ici, objectif 30{NBSP}%{NBSP}; "
        f"3 sur 10 en comptant les orateurs placés avant{NBSP}; "
        "ICMC a pris la parole 3 fois",
        f"Gouvernement{NBSP}: 6 sur 9 interventions jusqu’ici, objectif 40{NBSP}%{NBSP}; "
        f"6 sur 11 en comptant les orateurs placés avant{NBSP}; "
        "Mexico a pris la parole 4 fois",
    ]
    assert protocol == [f"État membre, chef de délégation{NBSP}; 2e à demander la parole",
                        f"Société civile, délégué{NBSP}; 1er à demander la parole"]
