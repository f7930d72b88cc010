"""Accounts, categories, the mail page and error pages in French and Spanish; account mail in
the owner's language; the language setting of an account."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from flask_babel import refresh
from sqlalchemy import update

from eventapp import create_app
from eventapp.accounts.service import find_user_by_email
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.people.models import GOVERNANCE_LABELS, StakeholderCategory
from eventapp.people.service import gender_from, governance_level_from
from tests.accounts.mailbox import mailbox  # noqa: F401 - fixture
from tests.conftest import login
from tests.outbox.helpers import queue_numbered, rows

NB = "\u00a0"  # French puts a no-break space before : ; ? ! and inside « »
SIGNUP = {"email": "nouvelle@example.org", "password": "long enough pw",
          "confirm": "long enough pw"}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _subjects(outbox, to: str) -> list[str]:
    return [m["Subject"] for m in outbox.messages() if m["To"] == to]


# --- Pages ----------------------------------------------------------------------------------


def test_login_page_in_french(client):
    page = _text(client.get("/login?lang=fr"))
    assert "<title>Se connecter · eventapp</title>" in page
    assert '<label for="email">Adresse électronique</label> <span class="required">' \
           "(obligatoire)</span>" in page
    assert '<label for="password">Mot de passe</label>' in page
    assert 'type="submit" value="Se connecter"' in page
    assert f'<a href="/forgot-password">Mot de passe oublié{NB}?</a>' in page
    assert f'Pas encore de compte{NB}? <a href="/signup">Créez-en un</a>.' in page


def test_login_page_in_spanish(client):
    page = _text(client.get("/login", headers={"Accept-Language": "es-ES,es;q=0.9"}))
    assert "<h1>Iniciar sesión</h1>" in page
    assert '<label for="email">Correo electrónico</label> <span class="required">' \
           "(obligatorio)</span>" in page
    assert '<a href="/forgot-password">¿Ha olvidado su contraseña?</a>' in page
    assert '¿Aún no tiene una cuenta? <a href="/signup">Cree una</a>.' in page


def test_login_failure_message_in_spanish(client, participant):
    response = client.post("/login?lang=es", data={"email": participant.email,
                                                    "password": "not the password"})
    page = _text(response)
    assert "<h2 id=\"error-summary-title\">Corrija lo siguiente</h2>" in page
    assert ('<a href="#password">Contraseña</a>: El correo electrónico o la contraseña no '
            "son correctos.") in page


def test_login_required_message_in_french(client):
    response = client.get("/me/account", headers={"Accept-Language": "fr"})
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"], headers={"Accept-Language": "fr"}))
    assert '<p class="flash flash-info">Veuillez vous connecter pour voir cette page.</p>' in page


def test_signup_page_in_spanish_with_the_password_hint(client):
    page = _text(client.get("/signup?lang=es"))
    assert "<h1>Crear una cuenta</h1>" in page
    assert '<p class="hint" id="password-hint">Al menos 10 caracteres.</p>' in page
    assert '<label for="confirm">Repita la contraseña</label>' in page
    assert 'value="Crear la cuenta"' in page
    assert '¿Ya tiene una cuenta? <a href="/login">Inicie sesión</a>.' in page


def test_signup_validation_errors_in_french(client):
    response = client.post("/signup?lang=fr", data={
        "email": "a@example.org", "password": "short", "confirm": "other"})
    page = _text(response)
    assert (f'<a href="#password">Mot de passe</a>{NB}: Le mot de passe doit comporter au moins '
            "10 caractères.") in page
    assert (f'<a href="#confirm">Répétez le mot de passe</a>{NB}: Les mots de passe ne '
            "correspondent pas.") in page


def test_account_page_in_french_offers_each_language_in_its_own_name(client, participant):
    participant.language = "fr"
    db.session.commit()
    login(client, participant)
    page = _text(client.get("/me/account"))
    assert "<h1>Votre compte</h1>" in page
    assert "Connecté en tant que <strong>participant@example.org</strong>." in page
    assert '<label for="language">Langue des pages et des courriels</label>' in page
    assert '<option lang="en" value="en">English</option>' in page
    assert '<option lang="fr" selected value="fr">Français</option>' in page
    assert '<option lang="es" value="es">Español</option>' in page
    assert 'value="Enregistrer la langue"' in page
    assert "<h2 id=\"password-heading\">Changer votre mot de passe</h2>" in page


# --- The language of an account -------------------------------------------------------------


def test_account_language_setting_is_saved_and_used(client, participant):
    login(client, participant)
    response = client.post("/me/account/language", data={"language": "es"},
                           headers={"Accept-Language": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/me/account"
    db.session.expire_all()
    assert find_user_by_email("participant@example.org").language == "es"
    page = _text(client.get("/me/account", headers={"Accept-Language": "fr"}))
    assert '<html lang="es">' in page
    assert ("Su idioma se ha guardado: las páginas y los correos electrónicos lo utilizan a "
            "partir de ahora.") in page
    assert '<option lang="es" selected value="es">Español</option>' in page


def test_account_language_refuses_a_language_not_offered(client, participant):
    participant.language = "fr"
    db.session.commit()
    login(client, participant)
    response = client.post("/me/account/language", data={"language": "de"})
    assert response.status_code == 400
    assert f'<a href="#language">Langue des pages et des courriels</a>{NB}:' in _text(response)
    db.session.expire_all()
    assert find_user_by_email("participant@example.org").language == "fr"


def test_signup_stores_the_language_of_the_request_on_the_account(client, mailbox):  # noqa: F811
    response = client.post("/signup", data=SIGNUP, headers={"Accept-Language": "fr-CH, fr"})
    assert response.status_code == 302
    assert find_user_by_email("nouvelle@example.org").language == "fr"
    page = _text(client.get("/events/"))
    assert ("Votre compte est prêt. Nous avons envoyé un lien à nouvelle@example.org"
            f"{NB}: ouvrez-le pour confirmer votre adresse électronique.") in page


# --- Mail in the owner's language -----------------------------------------------------------


def test_verification_mail_after_a_spanish_signup_is_in_spanish(client, mailbox):  # noqa: F811
    client.post("/signup?lang=es", data=SIGNUP)
    [message] = [m for m in mailbox.messages() if m["To"] == "nouvelle@example.org"]
    assert message["Subject"] == "Confirme su dirección de correo electrónico"
    body = message.get_content()
    assert body.startswith("Hola:\n\nConfirme que esta es su dirección de correo electrónico "
                           "abriendo este enlace:\n\nhttp")
    assert ("El enlace es válido durante 7 días. Hasta que confirme, los organizadores verán "
            "sus inscripciones marcadas como no confirmadas.") in body


def test_verification_mail_sent_again_in_the_account_language(client, participant,
                                                              mailbox):  # noqa: F811
    participant.email_verified_at = None
    participant.language = "fr"
    db.session.commit()
    login(client, participant)
    # The request is in English; the mail follows the account.
    client.post("/me/account/verification?lang=en")
    assert _subjects(mailbox, "participant@example.org") == [
        "Confirmez votre adresse électronique"]


def test_password_reset_mail_in_the_account_language_not_the_request(client, participant,
                                                                     mailbox):  # noqa: F811
    participant.language = "es"
    db.session.commit()
    response = client.post("/forgot-password", data={"email": participant.email},
                           headers={"Accept-Language": "fr"}, follow_redirects=True)
    assert ("Si un compte existe pour participant@example.org, nous lui avons envoyé un lien "
            "pour définir un nouveau mot de passe. Le lien est valable une heure.") in _text(
        response)
    [message] = [m for m in mailbox.messages() if m["To"] == "participant@example.org"]
    assert message["Subject"] == "Establecer una nueva contraseña"
    assert ("El enlace sirve una sola vez, durante 60 minutos. Si usted no lo ha pedido, ignore "
            "este mensaje: su contraseña no cambia.") in message.get_content()


def test_password_reset_mail_in_french(client, participant, mailbox):  # noqa: F811
    participant.language = "fr"
    db.session.commit()
    client.post("/forgot-password", data={"email": participant.email})
    [message] = [m for m in mailbox.messages() if m["To"] == "participant@example.org"]
    assert message["Subject"] == "Définir un nouveau mot de passe"
    assert message.get_content().startswith(
        "Bonjour,\n\nQuelqu’un (vous, nous l’espérons) a demandé à définir un nouveau mot de "
        f"passe pour votre compte. Ouvrez ce lien pour en choisir un{NB}:\n\nhttp")


# --- Error pages ----------------------------------------------------------------------------


def test_not_found_page_in_french(client):
    response = client.get("/no/such/page?lang=fr")
    assert response.status_code == 404
    page = _text(response)
    assert "<title>Page introuvable · eventapp</title>" in page
    assert "<h1>Page introuvable</h1>" in page
    assert "<p>Il n’y a rien à cette adresse.</p>" in page
    assert '<a href="/events/">Aller à la liste des événements</a>' in page


def test_not_found_page_in_spanish(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    page = _text(response)
    assert "<h1>Página no encontrada</h1>" in page
    assert "<p>No hay nada en esta dirección.</p>" in page


def test_expired_form_page_in_spanish(app_ctx, database_url, tmp_path):
    guarded = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": True,
        "SESSION_COOKIE_SECURE": False, "OUTBOX_DIR": str(tmp_path / "outbox"),
    })
    response = guarded.test_client().post("/login?lang=es", data={
        "email": "someone@example.org", "password": "whatever it is"})
    assert response.status_code == 400
    page = _text(response)
    assert "<h1>Formulario caducado</h1>" in page
    assert ("<p>El formulario no se aceptó porque faltaba su token de seguridad o había "
            "caducado. Vuelva atrás, recargue la página y envíelo de nuevo; no se ha guardado "
            "nada.</p>") in page


def test_not_found_page_stays_english_by_default(client):
    page = _text(client.get("/no/such/page"))
    assert "<h1>Not found</h1>" in page
    assert "<p>There is nothing at this address.</p>" in page


# --- Categories -----------------------------------------------------------------------------


def test_category_form_validation_error_in_french(organizer_client, factory):
    factory.categories()
    response = organizer_client.post("/organize/categories/?lang=fr",
                                     data={"name": "", "key": ""})
    assert response.status_code == 400
    page = _text(response)
    assert "<h2 id=\"error-summary-title\">Veuillez corriger les points suivants</h2>" in page
    assert f'<a href="#name">Nom</a>{NB}: Donnez un nom à la catégorie.' in page


def test_category_rule_broken_in_french(organizer_client, factory):
    factory.categories()
    response = organizer_client.post("/organize/categories/?lang=fr",
                                      data={"name": "Jeunesse", "key": "academia"})
    assert response.status_code == 400
    assert (f'<a href="#key">Clé</a>{NB}: Une autre catégorie a déjà la clé '
            f"«{NB}academia{NB}».") in _text(response)


def test_category_versions_are_saved_side_by_side_and_shown_by_language(organizer_client,
                                                                        factory):
    academia = factory.category("academia")
    response = organizer_client.post(f"/organize/categories/{academia.id}/edit", data={
        "name": "Academia", "name_fr": "  Universités   et recherche ", "name_es": "Academia",
        "description": "Universities.", "description_fr": "Universités.",
        "description_es": "Universidades."})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(StakeholderCategory, academia.id)
    assert (saved.name, saved.name_fr, saved.name_es) == (
        "Academia", "Universités et recherche", "Academia")
    assert (saved.description_fr, saved.description_es) == ("Universités.", "Universidades.")

    french = _text(organizer_client.get("/organize/categories/?lang=fr"))
    assert ('<th scope="row">Universités et recherche<p class="meta">Universités.</p></th>'
            in french)
    assert "<h1>Catégories de parties prenantes</h1>" in french
    english = _text(organizer_client.get("/organize/categories/?lang=en"))
    assert '<th scope="row">Academia<p class="meta">Universities.</p></th>' in english

    form = _text(organizer_client.get(f"/organize/categories/{academia.id}/edit?lang=es"))
    assert '<label for="name_fr">Nombre en francés</label>' in form
    assert ('<input id="name_fr" lang="fr" maxlength="120" name="name_fr" type="text" '
            'value="Universités et recherche">') in form
    assert '<legend>Descripción</legend>' in form


def test_category_added_with_its_versions(organizer_client, factory):
    factory.categories()
    response = organizer_client.post("/organize/categories/?lang=es", data={
        "name": "Trade unions", "name_fr": "Syndicats", "name_es": "Sindicatos",
        "description": "", "description_fr": "", "description_es": ""})
    assert response.status_code == 302
    page = _text(organizer_client.get("/organize/categories/?lang=es"))
    assert "Categoría “Trade unions” añadida con la clave trade-unions." in page
    assert '<th scope="row">Sindicatos</th>' in page


def test_category_version_too_long_is_refused_on_its_field(organizer_client, factory):
    academia = factory.category("academia")
    response = organizer_client.post(f"/organize/categories/{academia.id}/edit?lang=fr",
                                     data={"name": "Academia", "name_es": "x" * 121})
    assert response.status_code == 400
    assert '<a href="#name_es">Nom en espagnol</a>' in _text(response)
    db.session.expire_all()
    assert db.session.get(StakeholderCategory, academia.id).name_es == "Mundo académico"


def test_category_in_use_is_described_in_spanish(organizer_client, factory):
    event = factory.event()
    factory.registration(event, category="government")
    factory.registration(event, category="government")
    government = factory.category("government")
    government.name_es = "Gobierno"
    db.session.commit()
    page = _text(organizer_client.get(f"/organize/categories/{government.id}/delete?lang=es"))
    assert "<h1>¿Eliminar la categoría “Gobierno”?</h1>" in page
    assert "<li>2 inscripciones</li>" in page
    refused = organizer_client.post(f"/organize/categories/{government.id}/delete?lang=es",
                                    follow_redirects=True)
    assert ("“Gobierno” no puede eliminarse porque está en uso (2 inscripciones). Retírela en "
            "su lugar: permanece en esos registros, pero ya no se ofrece.") in _text(refused)


def test_governance_and_gender_labels_follow_the_language_and_imports_accept_english(app_ctx):
    with app_ctx.test_request_context("/?lang=fr"):
        refresh()
        assert str(GOVERNANCE_LABELS["global"]) == "Mondial"
        assert governance_level_from("Global") == "global"
        assert governance_level_from(" mondial ") == "global"
        assert gender_from("Woman") == "woman"
        assert gender_from("femme") == "woman"
    with app_ctx.test_request_context("/?lang=es"):
        refresh()
        assert governance_level_from("Mundial") == "global"
        assert gender_from("Femme") is None


# --- The mail page of an event --------------------------------------------------------------


def test_outbox_page_in_french_with_dates_in_french(organizer_client, factory):
    event = factory.event("idm", title="Dialogue", title_fr="Dialogue international")
    queue_numbered(2, event_id=event.id)
    table = OutboxMessage.__table__
    moment = datetime(2018, 3, 26, 14, 5, tzinfo=UTC)
    db.session.execute(update(table).values(created_at=moment, next_attempt_at=moment))
    db.session.commit()
    assert len(rows()) == 2
    page = _text(organizer_client.get("/organize/events/idm/outbox?lang=fr"))
    assert "<h1>Courriels concernant Dialogue international</h1>" in page
    assert f'<h2 id="list-heading">En attente{NB}: 2 messages</h2>' in page
    assert ">En attente (2)</a>" in page and ">En échec (0)</a>" in page
    assert "<td>lundi 26 mars 2018, 10:05 EDT</td>" in page
    assert "Heures dans le fuseau America/New_York (EDT, UTC−04:00)." in page


def test_outbox_retry_flash_in_spanish_uses_the_plural(organizer_client, factory):
    event = factory.event("idm")
    queue_numbered(1, event_id=event.id)
    table = OutboxMessage.__table__
    db.session.execute(update(table).values(status="failed", attempts=8, last_error="boom"))
    db.session.commit()
    page = _text(organizer_client.post("/organize/events/idm/outbox/retry?lang=es",
                                       follow_redirects=True))
    assert "1 mensaje puesto de nuevo en cola." in page
