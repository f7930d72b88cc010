"""Registration mails in the recipient's language, whoever's request sends them."""

from __future__ import annotations

import re

from eventapp.extensions import db
from tests.registration.outbox import outbox  # noqa: F401 - fixture
from tests.registration.test_register_views import _form

NBSP = "\u00a0"


def _event(factory, **extra):
    return factory.event(slug="idm", title="Test dialogue", title_fr="Dialogue test",
                         title_es="Diálogo de prueba", **extra)


def _participant(factory, email: str, language: str | None):
    user = factory.user(email=email)
    user.language = language
    db.session.commit()
    return factory.person("Amina Yusuf", user=user, email=email)


def test_confirmation_mail_in_french_for_a_registration_made_in_french(client, factory, outbox):  # noqa: F811
    _event(factory, capacity=10, auto_approve=True)
    client.post("/events/idm/register?lang=fr", data=_form(factory))
    mail = next(m for m in outbox.messages() if m["Subject"].startswith("Inscription"))
    body = mail.get_body(preferencelist=("plain",)).get_content()
    # Subjects are one header line: the outbox folds every kind of space into a plain one.
    assert mail["Subject"] == "Inscription reçue : Dialogue test"
    assert "Bonjour Dr Amina Yusuf,\n\nNous vous remercions de votre inscription à " \
        "Dialogue test.\n\nVotre inscription est approuvée" in body
    assert f"Événement{NBSP}: Dialogue test\n" \
        f"Dates{NBSP}: du 26 mars 2018 au 27 mars 2018\n" \
        f"Participant{NBSP}: Dr Amina Yusuf\n" \
        f"Participe au titre de{NBSP}: Société civile\n" \
        f"Organisation{NBSP}: Migrant Rights Network\n" in body
    assert ("Le programme complet, sous forme de calendrier auquel vous pouvez "
            f"vous abonner{NBSP}: webcal://localhost/events/idm/calendar.ics"
            f"?lang=fr\n\nVotre badge{NBSP}: présentez à l’entrée le code QR joint") in body
    # Approved at once: the badge's page ends the mail, in French too.
    assert re.search(f"une fois ouverte{NBSP}: http://localhost/registrations/\\d+/badge\n$",
                     body)


def test_confirmation_mail_in_spanish_for_a_registration_made_in_spanish(client, factory, outbox):  # noqa: F811
    _event(factory)
    client.post("/events/idm/register", data=_form(factory),
                headers={"Accept-Language": "es"})
    mail = next(m for m in outbox.messages() if m["Subject"].startswith("Inscripción"))
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert mail["Subject"] == "Inscripción recibida: Diálogo de prueba"
    assert "Estimado/a Dr Amina Yusuf:\n\nLe agradecemos su inscripción en Diálogo de " \
        "prueba.\n\nSu inscripción se ha recibido y está pendiente de revisión por los " \
        "organizadores.\n" in body
    assert "Fechas: del 26 de marzo de 2018 al 27 de marzo de 2018\n" in body


def test_approval_mail_in_french_when_the_organizer_works_in_english(
    organizer_client, factory, outbox  # noqa: F811
):
    event = _event(factory)
    pending = factory.registration(event, _participant(factory, "amina@example.org", "fr"),
                                   category="civil-society", status="pending")
    response = organizer_client.post(f"/organize/events/idm/registrations/{pending.id}",
                                     data={"status": "approved"}, follow_redirects=True)
    assert '<html lang="en">' in response.get_data(as_text=True)
    [mail] = outbox.messages()
    assert mail["Subject"] == "Dialogue test : inscription approuvée"
    body = mail.get_body(("plain",)).get_content()
    assert body.startswith(
        "Bonjour Amina Yusuf,\n\nVotre inscription est approuvée\u00a0: vous avez une place "
        "à l'événement.\n")
    assert f"Participe au titre de{NBSP}: Société civile\n" in body
    attachment, badge = mail.iter_attachments()
    assert (attachment.get_filename(), attachment.get_content_type()) == (
        "idm.ics", "text/calendar")
    assert (badge.get_filename(), badge.get_content_type()) == (
        "badge-qr-code.png", "image/png")
    calendar = attachment.get_payload(decode=True).decode()
    assert "SUMMARY:Dialogue test\r\n" in calendar
    assert body.endswith(
        f"Votre agenda (marquez d'une étoile les sessions auxquelles vous assisterez{NBSP}; "
        f"c'est aussi un calendrier auquel vous pouvez vous abonner){NBSP}: "
        "http://localhost/me/agenda\n")


def test_bulk_approval_mails_each_participant_in_their_language(
    organizer_client, factory, outbox  # noqa: F811
):
    event = _event(factory)
    spanish = factory.registration(event, _participant(factory, "ana@example.org", "es"),
                                   category="private-sector", status="pending")
    english = factory.registration(event, _participant(factory, "bo@example.org", None),
                                   status="pending")
    organizer_client.post("/organize/events/idm/registrations/bulk?status=pending", data={
        "ids": [str(spanish.id), str(english.id)], "action": "approved", "message": "Bienvenida",
    })
    mails = {m["To"]: m for m in outbox.messages()}
    assert sorted((to, m["Subject"]) for to, m in mails.items()) == [
        ("ana@example.org", "Diálogo de prueba: inscripción aprobada"),
        ("bo@example.org", "Test dialogue: registration approved"),
    ]
    body = mails["ana@example.org"].get_body(("plain",)).get_content()
    assert "\nMensaje de los organizadores:\nBienvenida\n" in body
    assert "Participa en la categoría: Sector privado\n" in body
    english_body = mails["bo@example.org"].get_body(("plain",)).get_content()
    assert "Taking part as: Government\n" in english_body
    assert english_body.endswith(
        "Your agenda (star the sessions you will attend; it is also a calendar you can "
        "subscribe to): http://localhost/me/agenda\n")
    assert [a.get_filename() for m in mails.values() for a in m.iter_attachments()] == [
        "idm.ics", "badge-qr-code.png", "idm.ics", "badge-qr-code.png"]


def test_status_mail_to_a_person_without_account_follows_the_request_language(
    organizer_client, factory, outbox  # noqa: F811
):
    event = _event(factory)
    imported = factory.registration(event, factory.person("Bo Chen", email="bo@example.org"),
                                    status="pending")
    organizer_client.post("/organize/events/idm/registrations/bulk?status=pending",
                          data={"ids": [str(imported.id)], "action": "declined"},
                          headers={"Accept-Language": "es"})
    [mail] = outbox.messages()
    assert mail["Subject"] == "Diálogo de prueba: inscripción rechazada"
    assert "Los organizadores no han podido aceptar su inscripción.\n" in mail.get_content()


def test_mail_after_a_category_rename_uses_the_versions_edited_with_it(
    organizer_client, factory, outbox  # noqa: F811
):
    event = _event(factory)
    pending = factory.registration(event, _participant(factory, "amina@example.org", "fr"),
                                   category="civil-society", status="pending")
    category = factory.category("civil-society")
    organizer_client.post(f"/organize/categories/{category.id}/edit", data={
        "name": "Civil society organizations", "description": "",
        "name_fr": "Organisations de la société civile", "name_es": category.name_es,
        "description_fr": "", "description_es": ""})
    organizer_client.post(f"/organize/events/idm/registrations/{pending.id}",
                          data={"status": "approved"})
    [mail] = outbox.messages()
    body = mail.get_body(("plain",)).get_content()
    assert f"Participe au titre de{NBSP}: Organisations de la société civile\n" in body
