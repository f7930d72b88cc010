"""Feeds, exports and the personal agenda in French and Spanish; machine fields unchanged."""

from __future__ import annotations

from datetime import time

import icalendar
import vobject
from lxml import etree

from eventapp.calendars import tokens
from eventapp.extensions import db
from eventapp.programme.models import AgendaStar
from tests.calendars.helpers import icalendar_instants, vobject_instants
from tests.conftest import login
from tests.i18n.test_public_programme import _programme


def _by_uid_icalendar(body: bytes) -> dict[str, tuple[str, str, str]]:
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): (str(e["SUMMARY"]), str(e["LOCATION"]), str(e["DESCRIPTION"]))
            for e in cal.walk("VEVENT")}


def _by_uid_vobject(body: bytes) -> dict[str, tuple[str, str, str]]:
    cal = vobject.readOne(body.decode("utf-8"))
    return {e.uid.value: (e.summary.value, e.location.value, e.description.value)
            for e in cal.vevent_list}


def test_public_feed_in_spanish_has_spanish_text_and_the_same_uids(client, factory):
    _, session = _programme(factory)
    english = client.get("/events/idm/calendar.ics")
    spanish = client.get("/events/idm/calendar.ics?lang=es")
    uid = f"{session.uid}@eventapp"
    expected = (
        "Palabras de apertura",
        "Sala de conferencias 4, UN Headquarters",
        "El Director General abre el diálogo.\n\nPresidente/presidenta: Ana Lopez\n\n"
        f"http://localhost/events/idm/sessions/{session.id}",
    )
    assert _by_uid_icalendar(spanish.data) == {uid: expected}
    assert _by_uid_vobject(spanish.data) == {uid: expected}
    assert _by_uid_icalendar(english.data) == {uid: (
        "Opening remarks", "Conference room 4, UN Headquarters",
        "The Director General opens the dialogue.\n\nChair: Ana Lopez\n\n"
        f"http://localhost/events/idm/sessions/{session.id}")}
    # Same events at the same instants, whichever parser reads which language.
    assert icalendar_instants(spanish.data) == icalendar_instants(english.data)
    assert vobject_instants(spanish.data) == vobject_instants(english.data)
    assert b"X-WR-CALNAME:Migraci\xc3\xb3n y ciudades\r\n" in spanish.data
    assert b"STATUS:CONFIRMED\r\n" in spanish.data


def test_public_feed_pieces_are_kept_per_language(client, factory):
    _programme(factory)
    first_french = client.get("/events/idm/calendar.ics?lang=fr").data
    english = client.get("/events/idm/calendar.ics").data
    french = client.get("/events/idm/calendar.ics?lang=fr").data
    assert [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(english).walk("VEVENT")] \
        == ["Opening remarks"]
    assert french == first_french
    assert "Président/présidente : Ana Lopez" in str(
        icalendar.Calendar.from_ical(french).walk("VEVENT")[0]["DESCRIPTION"])


def test_session_download_in_french(client, factory):
    _, session = _programme(factory)
    body = client.get(f"/events/idm/sessions/{session.id}/calendar.ics?lang=fr").data
    assert _by_uid_icalendar(body)[f"{session.uid}@eventapp"][:2] == (
        "Remarques liminaires", "Salle de conférence 4, UN Headquarters")


def _personal(factory, user, language: str | None):
    _, session = _programme(factory)
    user.language = language
    db.session.add(AgendaStar(user_id=user.id, session_id=session.id))
    db.session.commit()
    token = tokens.regenerate(user.id).token
    db.session.commit()
    return session, token


def test_personal_feed_is_in_its_owners_language_whatever_the_request(client, factory,
                                                                      participant):
    session, token = _personal(factory, participant, "fr")
    response = client.get(f"/feeds/{token}.ics", headers={"Accept-Language": "es"})
    assert _by_uid_icalendar(response.data)[f"{session.uid}@eventapp"][:2] == (
        "Remarques liminaires", "Salle de conférence 4, UN Headquarters")
    assert b"X-WR-CALNAME:Mon agenda\r\n" in response.data
    assert response.headers["ETag"].endswith('-fr"')


def test_personal_feed_honours_lang_in_its_link(client, factory, participant):
    session, token = _personal(factory, participant, "fr")
    french = client.get(f"/feeds/{token}.ics", headers={"Accept-Language": "es"})
    asked_in_spanish = client.get(f"/feeds/{token}.ics?lang=es",
                                  headers={"If-None-Match": french.headers["ETag"]})
    assert asked_in_spanish.status_code == 200
    assert asked_in_spanish.headers["ETag"] == french.headers["ETag"][:-len('-fr"')] + '-es"'
    assert _by_uid_icalendar(asked_in_spanish.data)[f"{session.uid}@eventapp"][:2] == (
        "Palabras de apertura", "Sala de conferencias 4, UN Headquarters")
    assert b"X-WR-CALNAME:Mi agenda\r\n" in asked_in_spanish.data
    english = client.get(f"/feeds/{token}.ics?lang=en")
    assert b"X-WR-CALNAME:My agenda\r\n" in english.data
    unknown = client.get(f"/feeds/{token}.ics?lang=de")
    assert b"X-WR-CALNAME:Mon agenda\r\n" in unknown.data


def test_personal_feed_follows_a_change_of_the_owners_language(client, factory, participant):
    session, token = _personal(factory, participant, "es")
    spanish = client.get(f"/feeds/{token}.ics", headers={"Accept-Language": "fr"})
    assert b"X-WR-CALNAME:Mi agenda\r\n" in spanish.data
    participant.language = "en"
    db.session.commit()
    english = client.get(f"/feeds/{token}.ics", headers={
        "Accept-Language": "fr", "If-None-Match": spanish.headers["ETag"]})
    assert english.status_code == 200
    assert english.headers["ETag"] == spanish.headers["ETag"][:-len('-es"')] + '"'
    assert _by_uid_icalendar(english.data)[f"{session.uid}@eventapp"][0] == "Opening remarks"


def test_my_agenda_download_is_in_the_owners_language(client, factory, participant):
    session, _ = _personal(factory, participant, "es")
    login(client, participant)
    response = client.get("/me/agenda.ics", headers={"Accept-Language": "fr"})
    assert _by_uid_icalendar(response.data)[f"{session.uid}@eventapp"][0] == (
        "Palabras de apertura")
    assert response.headers["ETag"].endswith('-es"')


def test_my_agenda_download_honours_lang(client, factory, participant):
    session, _ = _personal(factory, participant, "es")
    login(client, participant)
    response = client.get("/me/agenda.ics?lang=fr")
    assert _by_uid_icalendar(response.data)[f"{session.uid}@eventapp"][0] == (
        "Remarques liminaires")
    assert response.headers["ETag"].endswith('-fr"')


def _keys(value: object, parent: str = "") -> object:
    """The shape of a JSON document: its keys all the way down, without the values.

    A day's "rooms" is keyed by room name, which is data (the name people read, the same as
    in conference.rooms): there only the shape of each room's list counts.
    """
    if isinstance(value, dict) and parent == "day-rooms":
        return sorted(repr(_keys(item)) for item in value.values())
    if isinstance(value, dict):
        return {key: _keys(item, "day-rooms" if key == "rooms" and "index" in value else "")
                for key, item in value.items()}
    if isinstance(value, list):
        return [_keys(item) for item in value]
    return None


def test_schedule_json_in_french_has_french_text_and_the_same_keys(client, factory):
    _, session = _programme(factory)
    english = client.get("/events/idm/schedule.json").get_json()
    french = client.get("/events/idm/schedule.json?lang=fr").get_json()
    assert _keys(french) == _keys(english)
    conference = french["schedule"]["conference"]
    assert (conference["title"], conference["description"]) == (
        "Migration et villes", "Les villes en première ligne")
    assert conference["tracks"] == [{"name": "Ouverture", "slug": "opening"}]
    assert [r["name"] for r in conference["rooms"]] == ["Salle de conférence 4"]
    assert conference["rooms"][0]["guid"] == english["schedule"]["conference"]["rooms"][0]["guid"]
    item = conference["days"][0]["rooms"]["Salle de conférence 4"][0]
    original = english["schedule"]["conference"]["days"][0]["rooms"]["Conference room 4"][0]
    assert (item["title"], item["track"], item["room"], item["description"]) == (
        "Remarques liminaires", "Ouverture", "Salle de conférence 4",
        "Le Directeur général ouvre le dialogue.")
    assert (item["guid"], item["slug"], item["type"], item["language"]) == (
        original["guid"], original["slug"], "opening", "en")
    assert item["slug"] == f"idm_-{session.id}-opening-remarks"


def test_schedule_xml_in_spanish_keeps_its_elements(client, factory):
    _programme(factory)
    english = etree.fromstring(client.get("/events/idm/schedule.xml").data)
    spanish = etree.fromstring(client.get("/events/idm/schedule.xml?lang=es").data)
    assert [e.tag for e in spanish.iter()] == [e.tag for e in english.iter()]
    assert spanish.findtext("conference/title") == "Migración y ciudades"
    assert spanish.find("day/room").get("name") == "Sala de conferencias 4"
    assert spanish.findtext("day/room/event/title") == "Palabras de apertura"
    assert spanish.find("conference/track").get("slug") == "opening"


def test_my_agenda_page_in_french(client, factory, participant):
    session, _ = _personal(factory, participant, "fr")
    session.status = "cancelled"
    db.session.commit()
    login(client, participant)
    body = " ".join(client.get("/me/agenda").get_data(as_text=True).split())
    assert "<title>Mon agenda · eventapp</title>" in body
    assert '<h2 id="event-' in body and '">Migration et villes</a></h2>' in body
    assert "<h3>lundi 26 mars 2018</h3>" in body
    assert (f'<h4 id="my-session-{session.id}"> Remarques liminaires </h4>') in body
    assert ('<strong class="badge badge-bad">Annulée</strong> · <span class="kind">Ouverture'
            "</span> · Salle de conférence 4") in body
    assert ">Retirer de mon agenda</button>" in body
    assert "<summary>S’abonner à mon agenda</summary>" in body
    assert "addfromweb?url=http%3A%2F%2Flocalhost%2Ffeeds%2F" in body
    assert "&amp;name=Mon+agenda" in body


def test_my_agenda_empty_in_spanish(client, participant):
    participant.language = "es"
    db.session.commit()
    login(client, participant)
    body = client.get("/me/agenda").get_data(as_text=True)
    assert ("<p>Su agenda está vacía. Abra el programa de un evento y elija «Añadir a mi agenda» "
            "en las sesiones a las que piensa asistir.</p>") in body
    assert ">Crear mi enlace de suscripción</button>" in body


def test_star_and_unstar_flash_in_french(client, factory, participant):
    _, session = _programme(factory)
    participant.language = "fr"
    db.session.commit()
    login(client, participant)
    url = f"/events/idm/sessions/{session.id}"
    starred = client.post(f"{url}/star", follow_redirects=True).get_data(as_text=True)
    assert "La séance « Remarques liminaires » figure dans votre agenda." in starred
    unstarred = client.post(f"{url}/unstar", follow_redirects=True).get_data(as_text=True)
    assert "La séance « Remarques liminaires » a été retirée de votre agenda." in unstarred


def test_a_break_cannot_be_starred_message_in_spanish(client, factory, participant):
    event, _ = _programme(factory)
    pause = factory.session(event, title="Coffee break", kind="break", start=time(12, 0))
    pause.title_es = "Pausa para el café"
    participant.language = "es"
    db.session.commit()
    login(client, participant)
    body = client.post(f"/events/idm/sessions/{pause.id}/star",
                       follow_redirects=True).get_data(as_text=True)
    assert ("La sesión «Pausa para el café» (pausa) está abierta a todos: "
            "no puede añadirse a una agenda personal.") in body


def test_subscription_flash_in_spanish(client, participant):
    participant.language = "es"
    db.session.commit()
    login(client, participant)
    body = client.post("/me/agenda/subscription", follow_redirects=True).get_data(as_text=True)
    assert "Su enlace de suscripción está listo." in body
    body = client.post("/me/agenda/subscription/revoke",
                       follow_redirects=True).get_data(as_text=True)
    assert ("Su enlace de suscripción se ha desactivado. Los calendarios que lo usan dejan "
            "de actualizarse.") in body


def test_event_dates_attachment_in_the_recipients_language(app_ctx, factory):
    from eventapp.calendars.attachments import event_dates_calendar
    from eventapp.i18n.recipient import in_language

    event, _ = _programme(factory)
    with in_language("es"):
        body = event_dates_calendar(event)
    [vevent] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Migración y ciudades"
    assert str(vevent["DESCRIPTION"]) == (
        "Programa: http://localhost/events/idm/\n"
        "Suscríbase al programa completo en su calendario: "
        "webcal://localhost/events/idm/calendar.ics?lang=es")
    assert str(vevent["UID"]) == f"event-{event.id}@eventapp"


def test_feed_vevent_pieces_render_in_the_language_of_the_request(app, factory):
    from eventapp import fragment_cache
    from eventapp.calendars.event_feed import build_event_feed

    event, _ = _programme(factory)

    def summaries(language: str) -> list[str]:
        with app.test_request_context(f"/events/idm/calendar.ics?lang={language}"):
            body = build_event_feed(event.id, 2018, lambda slug, sid: f"https://x/{sid}", "h")
        return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]

    fragment_cache.cache.clear()
    assert [summaries(code) for code in ("es", "en", "fr", "es")] == [
        ["Palabras de apertura"], ["Opening remarks"], ["Remarques liminaires"],
        ["Palabras de apertura"]]
