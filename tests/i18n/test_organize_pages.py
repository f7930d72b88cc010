"""The organizer's programme pages in French and Spanish, and the content versions they edit."""

from __future__ import annotations

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.i18n.recipient import in_language
from eventapp.programme.models import Event, Room, Session
from eventapp.timeutil import UnknownTimezone, validate_timezone
from tests.programme.organize_helpers import session_form, text_of

NBSP = "\u00a0"
EVENT_FORM = {
    "slug": "idm-2018-new-york", "title": "International Dialogue on Migration 2018",
    "theme": "Inclusive and innovative partnerships", "description": "Partnerships.",
    "venue": "UN HQ", "city": "New York", "country": "US", "timezone": "America/New_York",
    "start_date": "2018-03-26", "end_date": "2018-03-27",
}
VERSIONS = {
    "title_fr": "Dialogue international sur la migration 2018",
    "title_es": "Diálogo Internacional sobre la Migración 2018",
    "theme_fr": "Partenariats inclusifs et innovants",
    "theme_es": "Alianzas inclusivas e innovadoras",
    "description_fr": "Les partenariats.",
    "description_es": "Las alianzas.",
}


def test_event_form_labels_each_version_in_french(organizer_client, app_ctx):
    body = text_of(organizer_client.get("/organize/events/new?lang=fr"))
    assert "<h1>Créer un événement</h1>" in body
    assert '<label for="title">Titre</label>' in body
    assert '<label for="title_fr">Titre en français</label>' in body
    assert '<label for="title_es">Titre en espagnol</label>' in body
    assert '<label for="theme_es">Thème en espagnol</label>' in body
    assert '<label for="description_fr">Description en français</label>' in body
    assert '<input id="title_fr" lang="fr" maxlength="200" name="title_fr"' in body
    assert '<input class="button primary" id="submit" name="submit" type="submit" ' \
           'value="Enregistrer l’événement">' in body


def test_event_form_labels_each_version_in_spanish(organizer_client, app_ctx):
    body = text_of(organizer_client.get("/organize/events/new?lang=es"))
    assert "<h1>Crear un evento</h1>" in body
    assert '<label for="title_fr">Título en francés</label>' in body
    assert '<label for="title_es">Título en español</label>' in body
    assert '<label for="description_es">Descripción en español</label>' in body
    assert '<textarea id="description_es" lang="es" maxlength="20000"' in body


def test_event_form_saves_the_french_and_spanish_versions_exactly(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new?lang=es",
                                     data={**EVENT_FORM, **VERSIONS})
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert {name: getattr(event, name) for name in VERSIONS} == VERSIONS
    assert event.title == "International Dialogue on Migration 2018"
    page = text_of(organizer_client.get("/organize/events/idm-2018-new-york/?lang=es"))
    assert ("Se ha creado el evento “International Dialogue on Migration 2018”. Seguirá siendo "
            "un borrador hasta que lo publique.") in page
    assert ('<dt>Título en francés</dt><dd lang="fr">Dialogue international sur la migration '
            '2018</dd>') in page
    assert '<dt>Tema en español</dt><dd lang="es">Alianzas inclusivas e innovadoras</dd>' in page


def test_event_edit_keeps_versions_and_empties_one_on_request(organizer_client, factory):
    factory.event("idm", title="Dialogue")
    form = {**EVENT_FORM, "slug": "idm", **VERSIONS, "theme_es": ""}
    response = organizer_client.post("/organize/events/idm/edit", data=form)
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert (event.title_fr, event.theme_fr, event.theme_es) == (
        "Dialogue international sur la migration 2018", "Partenariats inclusifs et innovants", "")


def test_too_long_french_title_is_refused_with_a_message(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new",
                                     data={**EVENT_FORM, "title_fr": "T" * 201})
    assert response.status_code == 400
    assert ('<p class="error" id="title_fr-error">Use at most 200 characters.</p>'
            in text_of(response))
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_too_long_french_title_is_refused_in_french(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new?lang=fr",
                                     data={**EVENT_FORM, "title_fr": "T" * 201})
    assert response.status_code == 400
    assert ('<p class="error" id="title_fr-error">Utilisez au plus 200 caractères.</p>'
            in text_of(response))


def test_event_overview_in_french_has_french_headings_and_dates(organizer_client, factory):
    event = factory.event("idm", title="Dialogue")
    factory.session(event, title="Opening").title_fr = "Ouverture"
    db.session.commit()
    body = text_of(organizer_client.get("/organize/events/idm/?lang=fr"))
    assert '<h2 id="details-heading">Informations</h2>' in body
    assert (f"<strong>Publié</strong>{NBSP}: la page de l’événement et son programme sont "
            "publics.") in body
    assert '<h3 id="day-1">lundi 26 mars 2018</h3>' in body
    assert '<span class="meta version" lang="fr">Ouverture</span>' in body
    assert '<a href="/organize/events/idm/rooms">Salles</a>' in body


def test_session_form_labels_in_french_and_spanish(organizer_client, factory):
    factory.event("idm")
    french = text_of(organizer_client.get("/organize/events/idm/sessions/new?lang=fr"))
    assert "<h1>Ajouter une séance</h1>" in french
    assert '<label for="title_fr">Titre en français</label>' in french
    assert '<label for="description_es">Description en espagnol</label>' in french
    assert f"Heure locale de America/New_York{NBSP}; dates de l’événement{NBSP}: " \
           "26–27 mars 2018." in french
    spanish = text_of(organizer_client.get("/organize/events/idm/sessions/new?lang=es"))
    assert '<label for="title_es">Título en español</label>' in spanish
    assert "<legend>Cuándo</legend>" in spanish
    assert '<option selected value="">Sin sala todavía</option>' in spanish


def test_session_form_saves_the_versions_exactly(organizer_client, factory):
    factory.event("idm")
    data = session_form(title="Opening of the dialogue", title_fr="Ouverture du dialogue",
                        title_es="Apertura del diálogo", description="Welcome.",
                        description_fr="Bienvenue.", description_es="Bienvenida.")
    response = organizer_client.post("/organize/events/idm/sessions/new?lang=fr", data=data)
    assert response.status_code == 302
    session = db.session.scalar(select(Session))
    assert (session.title, session.title_fr, session.title_es, session.description_fr,
            session.description_es) == ("Opening of the dialogue", "Ouverture du dialogue",
                                        "Apertura del diálogo", "Bienvenue.", "Bienvenida.")
    page = text_of(organizer_client.get(response.headers["Location"] + "?lang=fr"))
    assert "Séance «\u00a0Opening of the dialogue\u00a0» ajoutée." in page
    assert '<dt>Titre en espagnol</dt><dd lang="es">Apertura del diálogo</dd>' in page


def test_session_title_version_change_raises_the_calendar_sequence(organizer_client, factory):
    event = factory.event("idm")
    session = factory.session(event, title="Opening")
    db.session.commit()
    before = session.sequence
    response = organizer_client.post(
        f"/organize/events/idm/sessions/{session.id}/edit",
        data=session_form(title="Opening", day="2018-03-26", start_time="10:00",
                          end_time="11:00", title_es="Apertura"))
    assert response.status_code == 302
    db.session.refresh(session)
    assert (session.title_es, session.sequence) == ("Apertura", before + 1)


def test_too_long_spanish_session_title_is_refused(organizer_client, factory):
    factory.event("idm")
    response = organizer_client.post("/organize/events/idm/sessions/new?lang=es",
                                     data=session_form(title_es="T" * 301))
    assert response.status_code == 400
    assert ('<p class="error" id="title_es-error">Utilice como máximo 300 caracteres.</p>'
            in text_of(response))
    assert db.session.scalar(select(func.count(Session.id))) == 0


def test_room_form_saves_and_lists_the_versions(organizer_client, factory):
    factory.event("idm")
    response = organizer_client.post("/organize/events/idm/rooms?lang=fr", data={
        "name": "Trusteeship Council Chamber", "name_fr": "Salle du Conseil de tutelle",
        "name_es": "Salón del Consejo de Administración Fiduciaria", "capacity": ""})
    assert response.status_code == 302
    room = db.session.scalar(select(Room))
    assert (room.name_fr, room.name_es) == ("Salle du Conseil de tutelle",
                                           "Salón del Consejo de Administración Fiduciaria")
    page = text_of(organizer_client.get("/organize/events/idm/rooms?lang=fr"))
    assert "Salle «\u00a0Trusteeship Council Chamber\u00a0» ajoutée." in page
    assert '<span class="meta version" lang="fr">Salle du Conseil de tutelle</span>' in page
    assert '<label for="name_es">Nom de la salle en espagnol</label>' in page


def test_room_rename_updates_the_versions(organizer_client, factory):
    event = factory.event("idm")
    room = factory.room(event, "Hall")
    db.session.commit()
    response = organizer_client.post(f"/organize/events/idm/rooms/{room.id}/edit", data={
        "name": "Hall", "name_fr": "Grande salle", "name_es": "", "capacity": ""})
    assert response.status_code == 302
    db.session.refresh(room)
    assert (room.name, room.name_fr, room.name_es) == ("Hall", "Grande salle", "")


def test_timezone_error_message_in_french(app_ctx):
    with in_language("fr"):
        try:
            validate_timezone("Europe/Geneva")
        except UnknownTimezone as exc:
            message = str(exc)
    assert message == (
        "«\u00a0Europe/Geneva\u00a0» n’est pas un nom de fuseau horaire IANA. Utilisez un nom tel "
        "que America/New_York ou Europe/Zurich (pour Genève). Vouliez-vous dire "
        "Europe/Zurich\u00a0?")


def test_timezone_error_on_the_event_form_in_spanish(organizer_client, app_ctx):
    response = organizer_client.post("/organize/events/new?lang=es",
                                     data={**EVENT_FORM, "timezone": "europe/zurich"})
    assert response.status_code == 400
    assert ("“europe/zurich” no es un nombre de zona horaria IANA. Utilice un nombre como "
            "America/New_York o Europe/Zurich (para Ginebra). ¿Quería decir Europe/Zurich?"
            in text_of(response))


def test_publish_flash_in_spanish(organizer_client, factory):
    factory.event("idm")
    response = organizer_client.post("/organize/events/idm/publish?lang=es",
                                     follow_redirects=True)
    assert ("El evento está publicado: sus páginas y su programa son públicos."
            in text_of(response))


def test_session_clash_message_in_french(organizer_client, factory):
    event = factory.event("idm")
    room = factory.room(event, "Hall")
    factory.session(event, title="Side event", room=room)
    db.session.commit()
    response = organizer_client.post(
        "/organize/events/idm/sessions/new?lang=fr",
        data=session_form(day="2018-03-26", start_time="10:00", end_time="11:00",
                          room=str(room.id)))
    assert response.status_code == 400
    assert ("La salle Hall est déjà réservée pour «\u00a0Side event\u00a0» (26 mars 10:00–11:00 "
            "EDT).") in text_of(response)


def test_session_form_offers_kinds_in_the_page_language_with_stable_values(organizer_client,
                                                                          factory):
    factory.event("idm")
    french = text_of(organizer_client.get("/organize/events/idm/sessions/new?lang=fr"))
    assert '<option selected value="panel">Table ronde</option>' in french
    spanish = text_of(organizer_client.get("/organize/events/idm/sessions/new?lang=es"))
    assert '<option selected value="panel">Mesa redonda</option>' in spanish
