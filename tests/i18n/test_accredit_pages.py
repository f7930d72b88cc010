"""The organizer's registration pages in French and Spanish: detail, settings, import,
preview, organizations to confirm, merge."""

from __future__ import annotations

import io

import pytest

from eventapp.extensions import db
from tests.factories import utc

NBSP = "\u00a0"
HEADER = ("email,honorific,first_name,last_name,job_title,organization,category,country,"
          "governance_level,delegation_role,status\n")


@pytest.fixture()
def registration(factory):
    event = factory.event(slug="idm", title="Migration dialogue",
                          title_fr="Dialogue sur la migration", capacity=10)
    organization = factory.organization("Typo Org", country="FR")
    organization.is_confirmed = False
    db.session.commit()
    person = factory.person("Ana Lima", organization=organization, email="ana@example.org",
                            gender="woman")
    return factory.registration(event, person, created_at=utc(2018, 3, 1, 14, 30),
                                status_changed_at=utc(2018, 3, 2, 9, 0),
                                wishes_to_speak=True, speaking_topic="Climate")


def _html(client, path: str, language: str) -> str:
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}lang={language}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_accredit_detail_in_french(organizer_client, registration):
    html = _html(organizer_client, f"/organize/events/idm/registrations/{registration.id}",
                 "fr")

    assert ("← Toutes les inscriptions de l'événement Dialogue sur la migration</a>"
            in html)
    assert (f'<p>Statut{NBSP}: <strong class="status status-approved">Approuvée</strong></p>'
            in html)
    assert "<dt>Participe en tant que</dt><dd>Gouvernement</dd>" in html
    assert "<dt>Rôle dans la délégation</dt><dd>" in html
    assert f"<dt>Souhaite prendre la parole</dt><dd>Oui{NBSP}: Climate</dd>" in html
    assert "<dt>Date d'inscription</dt><dd>jeudi 1 mars 2018, 09:30 EST</dd>" in html
    assert "<dt>Statut depuis</dt><dd>vendredi 2 mars 2018, 04:00 EST</dd>" in html
    assert '<button type="submit" class="button">Confirmer cette organisation</button>' in html
    assert "<dt>Genre</dt><dd>" in html
    assert ("<dt>Expérience vécue en tant que migrant ou membre d'une diaspora</dt>"
            "<dd>Sans réponse</dd>") in html
    assert '<label for="status-2">Sur liste d\'attente</label>' in html
    assert 'value="Changer le statut"' in html


def test_accredit_detail_in_spanish(organizer_client, registration):
    html = _html(organizer_client, f"/organize/events/idm/registrations/{registration.id}",
                 "es")

    assert "← Todas las inscripciones de Migration dialogue</a>" in html
    assert '<p>Estado: <strong class="status status-approved">Aprobada</strong></p>' in html
    assert "<dt>Participa como</dt><dd>Gobierno</dd>" in html
    assert "<dt>Desea hacer uso de la palabra</dt><dd>Sí: Climate</dd>" in html
    assert "<dt>Fecha de inscripción</dt><dd>jueves, 1 de marzo de 2018, 09:30 EST</dd>" in html
    assert "<h2>Acreditación</h2>" in html
    assert '<label for="status-3">Rechazada</label>' in html


def test_accredit_settings_in_french(organizer_client, registration):
    html = _html(organizer_client, "/organize/events/idm/registration-settings", "fr")

    assert ('<h1>Paramètres des inscriptions <span class="meta">Dialogue sur la migration'
            '</span></h1>') in html
    assert '<nav class="subnav no-print" aria-label="Gestion des inscriptions">' in html
    assert (f"places occupées{NBSP}: <strong>1</strong> sur 10 · places restantes{NBSP}: "
            f"<strong>9</strong>") in html
    assert f"· liste d'attente{NBSP}: 0 · en attente d'examen{NBSP}: 0" in html
    assert "<legend>Période d'inscription</legend>" in html
    assert ("Les heures sont exprimées dans le fuseau horaire de l'événement, "
            "America/New_York.") in html
    assert f"(20{NBSP}% de 150 places font 30 places, arrondi à l'unité inférieure)" in html
    assert '<label for="capacity">Capacité (places pour les participants)</label>' in html
    assert '<option value="percent">% de la capacité</option>' in html
    assert 'value="Enregistrer les paramètres"' in html


def test_accredit_settings_in_spanish_with_the_script_sentences(organizer_client,
                                                                 registration):
    html = _html(organizer_client, "/organize/events/idm/registration-settings", "es")

    assert "<legend>Cupos por categoría</legend>" in html
    assert ("plazas ocupadas: <strong>1</strong> de 10 · plazas libres: <strong>9</strong>"
            in html)
    assert '<th scope="row"><label for="quota_3">Sociedad civil</label></th>' in html
    assert "Unidad del cupo de Sociedad civil</label>" in html
    # The sentences the quota script writes while typing, as unfilled templates.
    assert '"place_one": "%(num)d plaza", "place_other": "%(num)d plazas"' in html
    assert '"zero_is_one": false' in html


def test_accredit_settings_quota_problem_in_french(organizer_client, registration, factory):
    civil = factory.category("civil-society")
    response = organizer_client.post("/organize/events/idm/registration-settings?lang=fr",
                                     data={"capacity": "", f"quota_{civil.id}": "20",
                                           f"quota_unit_{civil.id}": "percent"})

    assert response.status_code == 400
    assert (f"Société civile{NBSP}: un quota de 20{NBSP}% exige une capacité à partir de "
            "laquelle compter les places. Fixez la capacité ou exprimez le quota en nombre "
            "de places.") in response.get_data(as_text=True)


def test_accredit_import_in_french_and_spanish(organizer_client, registration):
    french = _html(organizer_client, "/organize/events/idm/registrations/import", "fr")
    spanish = _html(organizer_client, "/organize/events/idm/registrations/import", "es")

    assert "<h1>Importer des participants <span" in french
    assert ("<dt><code>governance_level</code></dt><dd>local, national, regional ou global "
            "(national par défaut)</dd>") in french
    assert '<label for="file">Fichier des participants (CSV ou Excel .xlsx)</label>' in french
    assert 'value="Vérifier le fichier"' in french
    assert ("<dt>Obligatorias</dt><dd><code>email</code>, <code>last_name</code>, "
            "<code>category</code> (clave o nombre, p. ej., <code>government</code>)</dd>"
            in spanish)
    assert ("<dt><code>delegation_role</code></dt><dd>head, delegate u observer (delegate por "
            "defecto)</dd>") in spanish


def _upload(client, text: str, language: str) -> str:
    response = client.post(
        f"/organize/events/idm/registrations/import?lang={language}",
        data={"file": (io.BytesIO(text.encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    return response.get_data(as_text=True)


def test_accredit_import_preview_in_french(organizer_client, registration):
    html = _upload(organizer_client, HEADER + (
        "bo@example.org,,Bo,Chen,,,civil-society,,,,pending\n"
        "ana@example.org,,Ana,Lima,,,government,,,,declined\n"), "fr")

    assert "<p>2 lignes peuvent être importées. Vérifiez-les, puis confirmez.</p>" in html
    assert '<caption id="valid-rows-caption">Lignes valides</caption>' in html
    assert '<th scope="col">Effet de l\'importation</th>' in html
    assert "<td>Société civile</td>" in html
    assert "<td>nouvelle personne et nouvelle inscription</td>" in html
    assert "<td>statut approuvée → refusée</td>" in html
    assert 'value="Importer ces participants"' in html


def test_accredit_import_preview_in_spanish(organizer_client, registration):
    html = _upload(organizer_client, HEADER + "bo@example.org,,Bo,Chen,,,academia,,,,\n", "es")

    assert "<p>1 fila puede importarse. Revísela y luego confirme.</p>" in html
    assert "<td>Mundo académico</td>" in html
    assert "<td>Aprobada</td>" in html
    assert "<td>nueva persona e inscripción</td>" in html


def test_accredit_organizations_to_confirm_in_french_and_spanish(organizer_client,
                                                                 registration):
    french = _html(organizer_client, "/organize/events/idm/organizations", "fr")
    spanish = _html(organizer_client, "/organize/events/idm/organizations", "es")

    assert ", Gouvernement) · 1 inscription</span>" in french
    assert "fusionnez-la plutôt" in french
    assert 'aria-describedby="organization-1-name">Confirmer</button>' in french
    assert ", Gobierno) · 1 inscripción</span>" in spanish
    assert "<p class=\"hint\">Los participantes añadieron estas organizaciones" in spanish


def test_accredit_merge_page_in_french_and_spanish(organizer_client, registration):
    french = _html(organizer_client, "/organize/events/idm/registrations/merge?q=Lima", "fr")
    spanish = _html(organizer_client, "/organize/events/idm/registrations/merge?q=Lima", "es")
    person = registration.person_id

    assert "<h1>Fusionner des fiches en double</h1>" in french
    assert f'<caption id="matches-caption">Fiches correspondant à «{NBSP}Lima{NBSP}»</caption>' \
        in french
    assert (f'<label for="drop-{person}" class="visually-hidden">Fusionner Ana Lima (fiche '
            f"{person}) dans la fiche conservée</label>") in french
    assert "<td>aucun</td>" in french
    assert 'value="Fusionner les fiches"' in french
    assert '<caption id="matches-caption">Fichas que coinciden con «Lima»</caption>' in spanish
    assert f'<span class="meta">ficha {person}</span>' in spanish
    assert "<label for=\"q\">Nombre o correo electrónico</label>" in spanish


def test_accredit_merge_page_without_matches_in_spanish(organizer_client, registration):
    html = _html(organizer_client, "/organize/events/idm/registrations/merge?q=Nobody", "es")

    assert "<p>Ninguna ficha coincide con «Nobody».</p>" in html

