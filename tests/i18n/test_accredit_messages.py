"""Messages of the organizer's registration work in French and Spanish: import errors, the
bulk action's report, flashes after an approval, quota sentences."""

from __future__ import annotations

import io

from eventapp.extensions import db
from eventapp.registration.models import CategoryQuota
from eventapp.registration.quotas import QuotaSetting, WaitReason, describe, problem
from tests.factories import utc

NBSP = "\u00a0"
HEADER = ("email,honorific,first_name,last_name,job_title,organization,category,country,"
          "governance_level,delegation_role,status\n")
BAD_ROWS = HEADER + (
    "not-an-email,,No,Mail,,,government,,,,\n"
    "ok@example.org,,A,B,,,government,USA,,king,\n"
)


def _upload(client, text: str, language: str):
    return client.post(
        f"/organize/events/idm/registrations/import?lang={language}",
        data={"file": (io.BytesIO(text.encode()), "people.csv")},
        content_type="multipart/form-data",
    )


def test_accredit_import_row_errors_in_french(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()

    html = _upload(organizer_client, BAD_ROWS, "fr").get_data(as_text=True)

    assert "<h2>2 lignes ne peuvent pas être importées</h2>" in html
    assert (f"<li>Ligne 2{NBSP}: «{NBSP}not-an-email{NBSP}» n&#39;est pas une adresse "
            "électronique.</li>") in html
    assert (f"<li>Ligne 3{NBSP}: le pays «{NBSP}USA{NBSP}» n&#39;est pas un code ISO à deux "
            f"lettres{NBSP}; delegation_role «{NBSP}king{NBSP}» ne fait pas partie des valeurs "
            "head, delegate, observer.</li>") in html


def test_accredit_import_row_errors_in_spanish(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()

    html = _upload(organizer_client, BAD_ROWS, "es").get_data(as_text=True)

    assert "<h2>2 filas no pueden importarse</h2>" in html
    assert ("<li>Línea 2: «not-an-email» no es una dirección de correo electrónico.</li>"
            in html)
    assert "<p>No se ha importado nada. Corrija el archivo y vuelva a cargarlo.</p>" in html


def test_accredit_import_missing_columns_in_spanish(organizer_client, factory):
    factory.event(slug="idm")

    response = _upload(organizer_client, "name,category\nAna,government\n", "es")

    assert response.status_code == 400
    assert ("A la fila de encabezado le faltan las columnas email, last_name. Columnas "
            "esperadas: email, honorific, first_name, last_name, job_title, organization, "
            "category, country, governance_level, delegation_role, status.") in \
        response.get_data(as_text=True)


def test_accredit_import_unreadable_file_in_french(organizer_client, factory):
    factory.event(slug="idm")

    response = _upload(organizer_client, "", "fr")

    assert response.status_code == 400
    assert '<p class="error" id="file-error">Le fichier est vide.</p>' in \
        response.get_data(as_text=True)


def test_accredit_import_confirmed_flash_in_french(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()
    organizer_client.set_cookie("lang", "fr")
    preview = _upload(organizer_client, HEADER + "bo@example.org,,Bo,Chen,,,academia,,,,\n",
                      "fr").get_data(as_text=True)
    content = preview.split('name="content" type="hidden" value="')[1].split('"')[0]

    done = organizer_client.post("/organize/events/idm/registrations/import/confirm",
                                 data={"content": content}, follow_redirects=True)

    assert ('<p class="flash flash-success">Participants importés. 1 nouvelle personne, '
            f"1 nouvelle inscription, 0 inscription existante mise à jour. Désormais{NBSP}: "
            "1 approuvée.</p>") in done.get_data(as_text=True)


def test_accredit_bulk_report_in_spanish(organizer_client, factory):
    event = factory.event(slug="idm", capacity=10)
    government = factory.category()
    db.session.add(CategoryQuota(event_id=event.id, category_id=government.id, max_percent=10))
    db.session.commit()
    first = factory.registration(event, factory.person("Ana Lima"), status="pending",
                                 created_at=utc(2018, 3, 1, 9))
    second = factory.registration(event, factory.person("Bo Chen"), status="pending",
                                  created_at=utc(2018, 3, 1, 10))
    approved = factory.registration(event, factory.person("Cy Diallo"),
                                    category="civil-society", created_at=utc(2018, 3, 1, 11))

    html = organizer_client.post("/organize/events/idm/registrations/bulk?lang=es", data={
        "ids": [str(first.id), str(second.id), str(approved.id)], "action": "approved",
    }).get_data(as_text=True)

    assert ('<p class="bulk-summary" role="status">3 inscripciones tratadas: 1 aprobada, '
            "1 puesta en lista de espera por falta de plazas, 1 sin cambios (ya aprobada)."
            "</p>") in html
    assert '<h2 id="changed-heading">Aprobadas (1)</h2>' in html
    assert '<h2 id="waitlisted-heading">En lista de espera por falta de plazas (1)</h2>' in html
    assert (f'registrations/{second.id}">Bo Chen</a>: el cupo de Gobierno está completo '
            "(1 plaza)</li>") in html
    assert ('<h2 id="unchanged-heading">Sin cambios (ya en estado «aprobada») (1)</h2>'
            in html)
    assert "Volver a las inscripciones</a>" in html


def test_accredit_flash_after_approve_in_french(organizer_client, factory):
    event = factory.event(slug="idm", capacity=10)
    pending = factory.registration(event, status="pending")
    organizer_client.set_cookie("lang", "fr")

    response = organizer_client.post(f"/organize/events/idm/registrations/{pending.id}",
                                     data={"status": "approved"}, follow_redirects=True)

    assert ('<p class="flash flash-success">L&#39;inscription est approuvée.</p>'
            in response.get_data(as_text=True))


def test_accredit_flash_after_approve_when_the_quota_is_full_in_french(organizer_client,
                                                                        factory):
    event = factory.event(slug="idm", capacity=150)
    civil = factory.category("civil-society")
    db.session.add(CategoryQuota(event_id=event.id, category_id=civil.id, max_places=1))
    db.session.commit()
    factory.registration(event, category="civil-society")
    pending = factory.registration(event, category="civil-society", status="pending")
    organizer_client.set_cookie("lang", "fr")

    response = organizer_client.post(f"/organize/events/idm/registrations/{pending.id}",
                                     data={"status": "approved"}, follow_redirects=True)

    assert (f'<p class="flash flash-warning">Sur liste d&#39;attente{NBSP}: le quota de la '
            "catégorie Société civile (1 place) est atteint, l&#39;inscription est donc sur "
            f"la liste d&#39;attente{NBSP}; elle obtiendra automatiquement une place dès "
            "qu&#39;une place se libérera.</p>") in response.get_data(as_text=True)


def test_accredit_flash_after_confirming_an_organization_in_spanish(organizer_client,
                                                                    factory):
    event = factory.event(slug="idm")
    organization = factory.organization("Typo Org")
    organization.is_confirmed = False
    db.session.commit()
    factory.registration(event, factory.person(organization=organization))
    organizer_client.set_cookie("lang", "es")

    response = organizer_client.post(
        f"/organize/events/idm/organizations/{organization.id}/confirm",
        follow_redirects=True)

    html = response.get_data(as_text=True)
    assert ("«Typo Org» está confirmada y ahora se ofrece a todos los participantes."
            in html)
    assert "<p>Ninguna organización está pendiente de confirmación.</p>" in html


def test_accredit_quota_sentences_in_french(app):
    with app.test_request_context("/?lang=fr"):
        assert describe(QuotaSetting(20, "percent"), 150) == f"20{NBSP}% de 150 = 30 places"
        assert describe(QuotaSetting(1, "places"), None) == "1 place"
        assert problem("Société civile", QuotaSetting(200, "percent"), 150) == (
            f"Société civile{NBSP}: un quota en pourcentage ne peut dépasser 100{NBSP}%.")
        assert WaitReason(150).label == (
            f"Sur liste d'attente{NBSP}: l'événement est complet (150 places)")


def test_accredit_quota_sentences_in_spanish_name_the_category_in_spanish(app):
    reason = WaitReason(30, "Civil society", (("fr", "Société civile"), ("es", "Sociedad civil")))
    with app.test_request_context("/?lang=es"):
        assert reason.what_is_full == "el cupo de Sociedad civil (30 plazas) está completo"
        assert describe(QuotaSetting(1, "percent"), 50) == f"1{NBSP}% de 50 = 0 plazas"
    with app.test_request_context("/"):
        assert reason.what_is_full == "the Civil society quota (30 places) is full"
