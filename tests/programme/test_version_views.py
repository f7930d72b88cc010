"""The public versions page and the organizer's publishing page."""

from __future__ import annotations

import html
import re
from datetime import date, time

from sqlalchemy import select

from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.programme import schedule_publishing
from eventapp.programme.models import AgendaStar
from eventapp.programme.version_models import ScheduleVersion
from eventapp.versioning import ContentVersion


def _text(response) -> str:
    body = response.get_data(as_text=True)
    main = body[body.index("<main"):body.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def _two_versions(factory):
    event = factory.event("idm-2018", title="IDM 2018", title_fr="DIM 2018",
                          title_es="DIM 2018 es")
    hall, annex = factory.room(event, "Hall"), factory.room(event, "Annex")
    annex.name_es = "Anexo"
    db.session.commit()
    panel = factory.session(event, title="Panel 1", start=time(10, 0), room=hall)
    panel.title_es = "Panel uno"
    db.session.commit()
    gone = factory.session(event, title="Side event", start=time(13, 0), room=hall)
    factory.slot(panel, factory.person("Ana Lopez"))
    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)
    panel.starts_at = panel.starts_at.replace(hour=panel.starts_at.hour + 4)
    panel.ends_at = panel.ends_at.replace(hour=panel.ends_at.hour + 4)
    panel.room = annex
    gone.status = "cancelled"
    db.session.commit()
    factory.slot(panel, factory.person("Ben Okafor"))
    schedule_publishing.publish(event.id, note="Panel 1 moves", user_id=None, notify=False)
    db.session.execute(ScheduleVersion.__table__.update().values(
        published_at=panel.starts_at.replace(hour=12, minute=30, day=20)))
    db.session.commit()
    return event


def test_versions_page_lists_each_version_with_its_changes_in_english(client, factory):
    _two_versions(factory)

    response = client.get("/events/idm-2018/schedule/versions")

    assert response.status_code == 200
    text = _text(response)
    assert text == (
        "IDM 2018 Programme versions "
        "About Agenda Programme versions Register Participants "
        "Times are shown in America/New_York. "
        "Version 2 Published Tuesday 20 March 2018, 08:30 EDT Panel 1 moves "
        "Side event Monday 26 March 2018, 13:00–14:00 · Hall Cancelled. "
        "Panel 1 Monday 26 March 2018, 14:00–15:00 · Annex "
        "Moved in time from Monday 26 March 2018, 10:00–11:00 to Monday 26 March 2018, "
        "14:00–15:00. Moved from room Hall to Annex. Speakers added: Ben Okafor. "
        "Version 1 Published Tuesday 20 March 2018, 08:30 EDT "
        "Panel 1 Monday 26 March 2018, 10:00–11:00 · Hall Added to the programme. "
        "Side event Monday 26 March 2018, 13:00–14:00 · Hall Added to the programme."
    )


def test_versions_page_in_french_and_spanish(client, factory):
    _two_versions(factory)

    french = _text(client.get("/events/idm-2018/schedule/versions?lang=fr"))
    spanish = _text(client.get("/events/idm-2018/schedule/versions?lang=es"))

    assert french.startswith("DIM 2018 Versions du programme")
    assert ("Version 2 Publiée le mardi 20 mars 2018, 08:30 EDT Panel 1 moves "
            "Side event lundi 26 mars 2018, 13:00–14:00 · Hall Annulée. "
            "Panel 1 lundi 26 mars 2018, 14:00–15:00 · Annex "
            "Déplacée du lundi 26 mars 2018, 10:00–11:00 au lundi 26 mars 2018, 14:00–15:00. "
            "Changement de salle : de Hall à Annex. Intervenants ajoutés : Ben Okafor.") in french
    assert spanish.startswith("DIM 2018 es Versiones del programa")
    assert ("Versión 2 Publicada el martes, 20 de marzo de 2018, 08:30 EDT Panel 1 moves "
            "Side event lunes, 26 de marzo de 2018, 13:00–14:00 · Hall Cancelada. "
            "Panel uno lunes, 26 de marzo de 2018, 14:00–15:00 · Anexo "
            "Trasladada del lunes, 26 de marzo de 2018, 10:00–11:00 al lunes, 26 de marzo de "
            "2018, 14:00–15:00. Cambio de sala: de Hall a Anexo. "
            "Oradores añadidos: Ben Okafor.") in spanish


def test_versions_page_before_any_version_says_so(client, factory):
    factory.event("fresh")

    text = _text(client.get("/events/fresh/schedule/versions"))

    assert text.endswith("No version of the programme has been published yet.")


def test_versions_page_of_draft_or_unknown_event_is_404(client, factory):
    factory.event("draft", published=False)

    assert client.get("/events/draft/schedule/versions").status_code == 404
    assert client.get("/events/nope/schedule/versions").status_code == 404


def test_versions_page_query_count_is_the_same_for_5_and_150_sessions(client, factory,
                                                                      query_counter):
    counts = []
    for slug, size in (("small", 5), ("large", 150)):
        event = factory.event(slug, start=date(2018, 3, 26), end=date(2018, 3, 28))
        build_programme(event, sessions=size, slots_per_session=3)
        schedule_publishing.publish(event.id, note="", user_id=None, notify=False)
        first = min(event.sessions, key=lambda s: s.id)
        first.status = "cancelled"
        db.session.commit()
        schedule_publishing.publish(event.id, note="", user_id=None, notify=False)
        with query_counter() as counter:
            assert client.get(f"/events/{slug}/schedule/versions").status_code == 200
        counts.append(counter.count)

    assert counts == [2, 2]


# --- The organizer's page -------------------------------------------------------------


def test_organizer_publishes_a_version_with_a_note(organizer_client, factory):
    event = factory.event("ev")
    factory.session(event, title="Opening")

    page = _text(organizer_client.get("/organize/events/ev/schedule/versions"))
    response = organizer_client.post("/organize/events/ev/schedule/versions",
                                     data={"note": "First draft"})

    assert "Changes since the last version Opening Monday 26 March 2018, 10:00–11:00 · " \
        "Room to be announced Added to the programme." in page
    assert response.status_code == 302
    after = _text(organizer_client.get(response.headers["Location"]))
    assert "Version 1 published with 1 change." in after
    assert "Nothing changed since the last version." in after
    assert db.session.scalars(select(ScheduleVersion.note)).all() == ["First draft"]


def test_organizer_publish_without_change_shows_the_reason(organizer_client, factory):
    event = factory.event("ev")
    factory.session(event)
    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)

    response = organizer_client.post("/organize/events/ev/schedule/versions",
                                     data={"note": "Again"})

    assert response.status_code == 400
    text = _text(response)
    assert "Nothing changed since version 1: there is nothing to publish." in text
    assert 'value="Again"' in response.get_data(as_text=True)


def test_organizer_publish_with_checkbox_queues_the_mails(organizer_client, factory):
    event = factory.event("ev")
    session = factory.session(event)
    fan = factory.user(email="fan@example.org")
    db.session.add(AgendaStar(user_id=fan.id, session_id=session.id))
    db.session.commit()

    organizer_client.post("/organize/events/ev/schedule/versions", data={"note": ""})
    session.status = "cancelled"
    db.session.commit()
    organizer_client.post("/organize/events/ev/schedule/versions",
                          data={"note": "", "notify": "y"})

    assert db.session.execute(select(OutboxMessage.recipient, OutboxMessage.subject)).all() == [
        ("fan@example.org", "Test dialogue: the programme changed (version 2)")]


def test_organizer_versions_page_refuses_participants(participant_client, factory):
    factory.event("ev")

    assert participant_client.get("/organize/events/ev/schedule/versions").status_code == 403
    assert participant_client.post("/organize/events/ev/schedule/versions",
                                   data={"note": ""}).status_code == 403


def test_publishing_changes_the_public_programme_version(factory):
    event = factory.event("ev")
    factory.session(event)
    scope = f"programme:{event.id}"
    before = db.session.get(ContentVersion, scope).version

    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)

    db.session.expire_all()
    assert db.session.get(ContentVersion, scope).version != before
