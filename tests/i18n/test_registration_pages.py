"""Registration, participant side, in French and Spanish: form, errors, own list, who attends."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.extensions import db
from tests.conftest import login
from tests.factories import utc
from tests.registration.test_register_views import _form

NBSP = "\u00a0"


def _event(factory, **extra):
    return factory.event(slug="idm", title="Test dialogue", title_fr="Dialogue test",
                         title_es="Diálogo de prueba", **extra)


def _own(factory, user, event, **extra):
    person = factory.person("Amina Yusuf", user=user, email=user.email)
    return factory.registration(event, person, **extra)


def test_register_form_in_french_translates_labels_and_category_names(client, factory):
    _event(factory)
    factory.categories()
    page = client.get("/events/idm/register?lang=fr").get_data(as_text=True)
    assert "<title>Inscription : Dialogue test" in page.replace(NBSP, " ")
    assert "<h1>Inscription à Dialogue test</h1>" in page
    assert '<p class="meta">26–27 mars 2018</p>' in page
    assert '<label for="first_name">Prénom</label>' in page
    assert '<label for="delegation_role-1">Chef de délégation</label>' in page
    assert "<legend>Je participe au titre de <span class=\"required\">(obligatoire)</span>" \
        in page
    assert ">Société civile</label>" in page
    assert ">Secteur privé</label>" in page
    assert "Entreprises, employeurs et associations professionnelles." in page
    assert '<option value="">Choisir…</option>' in page
    assert f"Vous avez déjà un compte{NBSP}? <a href=\"/login?next=/events/idm/register\">" \
        "Connectez-vous</a> d'abord" in page
    assert 'name="submit" type="submit" value="S\'inscrire">' in page


def test_register_form_in_spanish_translates_labels_and_category_names(client, factory):
    _event(factory)
    factory.categories()
    page = client.get("/events/idm/register",
                      headers={"Accept-Language": "es-ES,es;q=0.9"}).get_data(as_text=True)
    assert "<h1>Inscripción en Diálogo de prueba</h1>" in page
    assert '<p class="meta">26–27 de marzo de 2018</p>' in page
    assert '<label for="last_name">Apellido</label>' in page
    assert "<legend>Categoría de partes interesadas y organización</legend>" in page
    assert ">Sociedad civil</label>" in page
    assert ">Migrantes y diáspora</label>" in page
    assert '<option value="none">Participo a título individual (sin organización)</option>' \
        in page
    assert 'value="Inscribirse"' in page


def test_register_validation_errors_in_french(client, factory):
    _event(factory)
    response = client.post("/events/idm/register?lang=fr", data=_form(
        factory, category=None, new_organization_country="Kenya", speaking_topic="",
        confirm="something else"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p class="error" id="confirm-error">Les mots de passe ne correspondent pas.</p>' \
        in page
    assert '<p class="error" id="speaking_topic-error">Indiquez le sujet sur lequel vous ' \
        "souhaitez intervenir.</p>" in page
    assert '<p class="error" id="category-error">Choisissez la catégorie de parties ' \
        "prenantes au titre de laquelle vous participez.</p>" in page
    assert '<p class="error" id="new_organization_country-error">Utilisez le code à deux ' \
        "lettres. Utilisez le code à deux lettres, par exemple KE ou DE.</p>" in page
    assert db.session.scalar(select(User)) is None


def test_register_in_french_flashes_in_french_and_keeps_french_for_the_account(
    client, factory
):
    _event(factory, capacity=10, auto_approve=True)
    response = client.post("/events/idm/register?lang=fr", data=_form(factory),
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Vous êtes inscrit et votre place est confirmée." in page
    assert f"Statut{NBSP}: <strong class=\"status status-approved\">Approuvée</strong>" in page
    assert db.session.scalar(select(User.language)) == "fr"


def test_register_twice_in_spanish_says_so_in_spanish(participant_client, factory, participant):
    event = _event(factory)
    _own(factory, participant, event, status="pending")
    response = participant_client.get("/events/idm/register?lang=es", follow_redirects=True)
    assert "Ya está inscrito en este evento; esta es su inscripción." in \
        response.get_data(as_text=True)


def test_register_keeps_a_language_the_account_already_has(client, factory):
    _event(factory)
    user = factory.user(email="amina.yusuf@example.org")
    user.language = "es"
    db.session.commit()
    login(client, user)
    client.post("/events/idm/register?lang=fr", data=_form(factory, password=None,
                                                            confirm=None))
    db.session.expire_all()
    assert db.session.get(User, user.id).language == "es"


def test_my_registrations_in_spanish_shows_locale_date_and_translated_labels(
    participant_client, factory, participant
):
    event = _event(factory)
    _own(factory, participant, event, status="waitlisted", category="civil-society",
         delegation_role="head", consent_public_list=True)
    page = participant_client.get("/me/registrations?lang=es").get_data(as_text=True)
    assert "<h1>Mis inscripciones</h1>" in page
    assert '<h2><a href="/events/idm/">Diálogo de prueba</a></h2>' in page
    assert '<p class="meta">26–27 de marzo de 2018</p>' in page
    assert 'Estado: <strong class="status status-waitlisted">En lista de espera</strong>' in page
    assert "Por ahora el evento está completo, por lo que usted está en la lista de espera." \
        in page
    assert "<dt>Participa como</dt><dd>Sociedad civil</dd>" in page
    assert "<dt>Función en la delegación</dt><dd>Jefe de delegación</dd>" in page
    assert "<dt>En la lista pública</dt><dd>Sí</dd>" in page
    assert 'Cancelar la inscripción<span class="visually-hidden"> en Diálogo de prueba</span>' \
        in page


def test_my_registrations_in_french_without_any_registration(participant_client):
    page = participant_client.get("/me/registrations?lang=fr").get_data(as_text=True)
    assert "Vous ne vous êtes encore inscrit à aucun événement. " \
        '<a href="/events/">Voir les événements</a>.' in page


def test_cancel_page_in_french_names_the_event_and_dates(participant_client, factory, participant):
    event = _event(factory)
    mine = _own(factory, participant, event, status="approved")
    page = participant_client.get(f"/me/registrations/{mine.id}/cancel?lang=fr") \
        .get_data(as_text=True)
    assert "Voulez-vous annuler votre inscription à <strong>Dialogue test</strong> " \
        f"(26–27 mars 2018){NBSP}?" in page
    assert "Votre place sera attribuée à la personne suivante sur la liste d'attente." in page
    response = participant_client.post(f"/me/registrations/{mine.id}/cancel?lang=fr",
                                       follow_redirects=True)
    assert "Votre inscription est annulée." in response.get_data(as_text=True)


def test_closed_registration_page_in_spanish_gives_the_local_closing_time(client, factory):
    _event(factory, registration_closes_at=utc(2018, 3, 20, 16, 0))
    page = client.get("/events/idm/register?lang=es").get_data(as_text=True)
    assert "<h1>Inscripción en Diálogo de prueba</h1>" in page
    assert "La inscripción está cerrada desde el martes, 20 de marzo de 2018, 12:00 EDT. " \
        "Para cualquier consulta, escriba a los organizadores." in page


def test_participants_page_in_french(client, factory):
    event = _event(factory)
    listed = factory.person("Ana Lima", organization=factory.organization(
        "Migrant Rights Network", category="civil-society", country="KE"))
    factory.registration(event, listed, category="civil-society", consent_public_list=True,
                         public_list_asked=True)
    factory.registration(event, category="civil-society", public_list_asked=True)
    factory.registration(event, category="government")
    page = client.get("/events/idm/participants?lang=fr").get_data(as_text=True)
    assert "<h1>Dialogue test</h1>" in page
    assert "<h2>Participants</h2>" in page
    assert '<option value="">Toutes les catégories (1)</option>' in page
    assert '<h3 id="category-' in page and ">Société civile <span class=\"meta\">(1)</span>" \
        "</h3>" in page
    assert "<li>Ana Lima <span class=\"affiliation\">· Migrant Rights Network (KE)</span></li>" \
        in page
    assert f"Accord pour figurer sur la liste{NBSP}: 1 sur 2 participants interrogés. " \
        "1 autre participant n'a pas été interrogé (invité ou ajouté par les organisateurs) " \
        "et ne figure pas sur la liste.</p>" in page


def test_participants_page_in_french_and_english_are_cached_apart(client, factory):
    _event(factory)
    french = client.get("/events/idm/participants?lang=fr").get_data(as_text=True)
    english = client.get("/events/idm/participants").get_data(as_text=True)
    assert "Aucun participant ne figure encore sur la liste." in french
    assert "No participants are listed yet." in english


def _details(**overrides) -> dict:
    data = {"first_name": "Amina", "last_name": "Yusuf", "email": "taken@example.org",
            "delegation_role": "delegate"}
    data.update(overrides)
    return data


def test_edit_refused_email_explained_in_french(participant_client, factory, participant):
    factory.person("Other Person", email="taken@example.org")
    mine = _own(factory, participant, _event(factory))
    response = participant_client.post(f"/me/registrations/{mine.id}/edit?lang=fr",
                                       data=_details())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Modifier mon inscription</h1>" in page
    assert "Cette adresse électronique appartient à la fiche d&#39;un autre participant. " \
        "Utilisez une autre adresse, ou écrivez aux organisateurs pour faire fusionner les " \
        "fiches." in page


def test_edit_refused_email_explained_in_spanish(participant_client, factory, participant):
    factory.person("Other Person", email="taken@example.org")
    mine = _own(factory, participant, _event(factory))
    response = participant_client.post(f"/me/registrations/{mine.id}/edit?lang=es",
                                       data=_details())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Esta dirección de correo electrónico pertenece a la ficha de otro participante. " \
        "Utilice otra dirección o escriba a los organizadores para que fusionen las fichas." \
        in page


def test_edit_saved_flash_in_spanish(participant_client, factory, participant):
    mine = _own(factory, participant, _event(factory), status="pending")
    response = participant_client.post(f"/me/registrations/{mine.id}/edit?lang=es",
                                       data=_details(email=participant.email),
                                       follow_redirects=True)
    assert '<p class="flash flash-success">Sus datos se han guardado.</p>' in \
        response.get_data(as_text=True)
