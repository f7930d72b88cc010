"""The public programme in French and Spanish: pages, content versions and cached pieces."""

from __future__ import annotations

from datetime import time

from eventapp.extensions import db


def _programme(factory):
    event = factory.event(
        "idm", title="Migration and cities", theme="Cities at the front line",
        description="Two days of dialogue.",
        title_fr="Migration et villes", title_es="Migración y ciudades",
        theme_fr="Les villes en première ligne", theme_es="Las ciudades en primera línea",
        description_fr="Deux jours de dialogue.", description_es="Dos días de diálogo.",
        venue="UN Headquarters")
    room = factory.room(event, "Conference room 4")
    room.name_fr, room.name_es = "Salle de conférence 4", "Sala de conferencias 4"
    session = factory.session(event, title="Opening remarks", kind="opening", room=room,
                              start=time(10, 0), minutes=90)
    session.title_fr, session.title_es = "Remarques liminaires", "Palabras de apertura"
    session.description = "The Director General opens the dialogue."
    session.description_fr = "Le Directeur général ouvre le dialogue."
    session.description_es = "El Director General abre el diálogo."
    db.session.commit()
    factory.slot(session, factory.person("Ana Lopez", category="civil-society"), role="chair")
    return event, session


def _main(response) -> str:
    body = response.get_data(as_text=True)
    return body[body.index("<main"):body.index("</main>")]


def _title(response) -> str:
    body = response.get_data(as_text=True)
    return body[body.index("<title>") + 7:body.index("</title>")]


def _squeezed(html: str) -> str:
    return " ".join(html.split())


def test_agenda_in_french_shows_french_content_labels_and_dates(client, factory):
    _, session = _programme(factory)
    response = client.get("/events/idm/agenda?lang=fr")
    main = _squeezed(_main(response))
    assert _title(response) == "Programme · Migration et villes · eventapp"
    assert ('<h1>Programme <span class="visually-hidden">de</span>'
            '<small class="meta"> · Migration et villes</small></h1>') in main
    assert ('<p class="tz-note">Toutes les heures sont celles du lieu de l’événement : '
            '<strong>America/New_York (EDT, UTC−04:00)</strong>.</p>') in main
    assert '<h2 id="day-2018-03-26">lundi 26 mars 2018</h2>' in main
    assert (f'<a href="/events/idm/sessions/{session.id}">Remarques liminaires</a>') in main
    assert '<span class="kind">Ouverture</span> · Salle de conférence 4</p>' in main
    assert ('<span class="role">Président/présidente :</span> Ana Lopez '
            '<span class="badge">Société civile</span>') in main
    assert '<a href="/events/idm/">Présentation</a>' in main
    assert "Opening remarks" not in main


def test_agenda_in_spanish_shows_spanish_content_labels_and_dates(client, factory):
    _, session = _programme(factory)
    response = client.get("/events/idm/agenda", headers={"Accept-Language": "es"})
    main = _squeezed(_main(response))
    assert _title(response) == "Programa · Migración y ciudades · eventapp"
    assert '<h2 id="day-2018-03-26">lunes, 26 de marzo de 2018</h2>' in main
    assert (f'<a href="/events/idm/sessions/{session.id}">Palabras de apertura</a>') in main
    assert '<span class="kind">Apertura</span> · Sala de conferencias 4</p>' in main
    assert ('<span class="role">Presidente/presidenta:</span> Ana Lopez '
            '<span class="badge">Sociedad civil</span>') in main
    assert ('<p class="tz-note">Todas las horas son las del lugar del evento: '
            '<strong>America/New_York (EDT, UTC−04:00)</strong>.</p>') in main


def test_agenda_falls_back_to_the_original_where_a_version_is_missing(client, factory):
    event, session = _programme(factory)
    session.title_es = ""
    db.session.commit()
    main = _squeezed(_main(client.get("/events/idm/agenda?lang=es")))
    assert f'<a href="/events/idm/sessions/{session.id}">Opening remarks</a>' in main
    assert '<span class="kind">Apertura</span>' in main


def test_agenda_links_to_the_feed_and_exports_in_the_visitors_language(client, factory):
    _programme(factory)
    french = _main(client.get("/events/idm/agenda?lang=fr"))
    english = _main(client.get("/events/idm/agenda"))
    assert '<a href="webcal://localhost/events/idm/calendar.ics?lang=fr">' in french
    assert '<a href="/events/idm/calendar.ics?lang=fr" download>' in french
    assert ("addfromweb?url=http%3A%2F%2Flocalhost%2Fevents%2Fidm%2Fcalendar.ics%3Flang%3Dfr"
            "&amp;name=Migration+et+villes") in french
    assert '<a href="/events/idm/schedule.json?lang=fr">schedule.json</a>' in french
    assert '<a href="webcal://localhost/events/idm/calendar.ics">' in english
    assert '<a href="/events/idm/calendar.ics" download>' in english
    assert "lang=" not in english


def test_session_page_in_french_shows_the_french_session(client, factory):
    _, session = _programme(factory)
    response = client.get(f"/events/idm/sessions/{session.id}?lang=fr")
    main = _squeezed(_main(response))
    assert _title(response) == "Remarques liminaires · Migration et villes · eventapp"
    assert '<a href="/events/idm/agenda">Programme : Migration et villes</a>' in main
    assert "<h1>Remarques liminaires</h1>" in main
    assert ("<dt>Quand</dt> <dd>lundi 26 mars 2018, 10:00 EDT – 11:30 "
            '<span class="meta">(America/New_York)</span></dd>') in main
    assert "<dt>Où</dt><dd>Salle de conférence 4, UN Headquarters</dd>" in main
    assert '<div class="description"><p>Le Directeur général ouvre le dialogue.</p></div>' in main
    assert "<h2>Orateurs</h2>" in main
    assert (f'<a href="/login?next=/events/idm/sessions/{session.id}">Connectez-vous</a> '
            "pour ajouter cette séance à votre agenda.") in main
    assert f'<a href="/events/idm/sessions/{session.id}/calendar.ics?lang=fr" download>' in main
    assert "subject=Remarques+liminaires&amp;" in main


def test_session_page_in_spanish_shows_the_spanish_session(client, factory):
    _, session = _programme(factory)
    response = client.get(f"/events/idm/sessions/{session.id}",
                          headers={"Accept-Language": "es-ES,es;q=0.9"})
    main = _squeezed(_main(response))
    assert _title(response) == "Palabras de apertura · Migración y ciudades · eventapp"
    assert "<h1>Palabras de apertura</h1>" in main
    assert ("<dt>Cuándo</dt> <dd>lunes, 26 de marzo de 2018, 10:00 EDT – 11:30 "
            '<span class="meta">(America/New_York)</span></dd>') in main
    assert "<dt>Dónde</dt><dd>Sala de conferencias 4, UN Headquarters</dd>" in main
    assert '<div class="description"><p>El Director General abre el diálogo.</p></div>' in main
    assert ("<summary>Añadir al calendario</summary>") in main


def test_event_page_in_french_and_spanish(client, factory):
    _programme(factory)
    french = _squeezed(_main(client.get("/events/idm/?lang=fr")))
    spanish = _squeezed(_main(client.get("/events/idm/?lang=es")))
    assert ('<h1>Migration et villes</h1> <p class="lead">Les villes en première ligne</p> '
            '<p class="meta">26–27 mars 2018 · UN Headquarters</p> '
            '<p class="meta">Les heures sont indiquées dans le fuseau horaire '
            "America/New_York.</p>") in french
    assert '<div class="description"><p>Deux jours de dialogue.</p></div>' in french
    assert ('<h1>Migración y ciudades</h1> <p class="lead">Las ciudades en primera línea</p> '
            '<p class="meta">26–27 de marzo de 2018 · UN Headquarters</p> '
            '<p class="meta">Las horas se indican en el huso horario '
            "America/New_York.</p>") in spanish
    assert "<summary>Añadir el programa a su calendario</summary>" in spanish


def test_events_list_in_spanish(client, factory):
    _programme(factory)
    spanish = _squeezed(_main(client.get("/events/?lang=es")))
    assert ('<h1>Eventos</h1> <ul class="event-list"> <li class="event-card"> '
            '<h2><a href="/events/idm/">Migración y ciudades</a></h2> '
            '<p class="lead">Las ciudades en primera línea</p> '
            '<p class="meta">26–27 de marzo de 2018 · UN Headquarters</p>') in spanish


def test_events_list_without_events_in_french(client, factory):
    factory.event("draft", published=False)
    assert "<p>Aucun événement n’est encore publié.</p>" in _main(client.get("/?lang=fr"))


def test_agenda_pieces_rendered_in_french_are_never_served_in_english(client, factory):
    from eventapp import fragment_cache

    _programme(factory)
    fragment_cache.cache.clear()
    french = client.get("/events/idm/agenda?lang=fr").get_data(as_text=True)
    builds = fragment_cache.cache.builds
    english = client.get("/events/idm/agenda").get_data(as_text=True)
    # English needs its own whole page, shared part, head, days and session piece.
    assert fragment_cache.cache.builds == builds + 5
    assert ("Remarques liminaires" in french, "Remarques liminaires" in english) == (True, False)
    assert '<span class="kind">Opening</span> · Conference room 4</p>' in _squeezed(english)
    again = client.get("/events/idm/agenda?lang=fr").get_data(as_text=True)
    assert again == french


def test_session_pieces_are_kept_per_language(app, factory):
    from eventapp import fragment_cache
    from eventapp.programme import fragments
    from eventapp.programme.public_views import _render_agenda_item

    event, _ = _programme(factory)

    def piece(language: str) -> str:
        with app.test_request_context(f"/events/idm/agenda?lang={language}"):
            stamps = fragments.session_stamps(event.id, statuses=("scheduled",),
                                              agenda_order=True)
            return str(fragments.assemble("agenda", stamps, None, _render_agenda_item)[0])

    fragment_cache.cache.clear()
    pieces = [piece(code) for code in ("fr", "en", "es", "fr", "en")]
    assert [p.count("Remarques liminaires") for p in pieces] == [1, 0, 0, 1, 0]
    assert [p.count("Palabras de apertura") for p in pieces] == [0, 0, 1, 0, 0]
    assert [p.count(">Opening remarks<") for p in pieces] == [0, 1, 0, 0, 1]
    assert (pieces[3], pieces[4]) == (pieces[0], pieces[1])


def test_a_room_translated_later_shows_on_the_cached_agenda(client, factory):
    event, _ = _programme(factory)
    assert "Salle de conférence 4" in client.get("/events/idm/agenda?lang=fr").get_data(
        as_text=True)
    room = event.rooms[0]
    room.name_fr = "Salle 4 (bâtiment nord)"
    db.session.commit()
    body = client.get("/events/idm/agenda?lang=fr").get_data(as_text=True)
    assert '<span class="kind">Ouverture</span> · Salle 4 (bâtiment nord)</p>' in body


def test_kind_and_role_labels_read_in_english_as_the_import_names(app):
    from eventapp.programme.models import (
        SESSION_KIND_LABELS,
        SESSION_KINDS,
        SPEAKER_ROLE_LABELS,
        SPEAKER_ROLES,
    )

    with app.test_request_context("/"):
        assert {k: str(v) for k, v in SESSION_KIND_LABELS.items()} == dict(SESSION_KINDS)
        assert {k: str(v) for k, v in SPEAKER_ROLE_LABELS.items()} == dict(SPEAKER_ROLES)


def test_kind_and_role_labels_are_plain_strings_in_the_current_language(app, factory):
    event, session = _programme(factory)
    with app.test_request_context("/?lang=es"):
        labels = (session.kind_label, session.slots[0].role_label)
    assert labels == ("Apertura", "Presidente/presidenta")
    assert [type(label) for label in labels] == [str, str]


def test_session_page_rendered_in_french_is_never_served_in_english(client, factory):
    _, session = _programme(factory)
    url = f"/events/idm/sessions/{session.id}"
    assert "<h1>Remarques liminaires</h1>" in client.get(f"{url}?lang=fr").get_data(as_text=True)
    english = client.get(url).get_data(as_text=True)
    assert ("<h1>Opening remarks</h1>" in english, "Remarques" in english) == (True, False)
