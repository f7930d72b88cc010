"""Mail to participants whose starred sessions changed in a published version."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.programme import schedule_publishing
from eventapp.programme.models import AgendaStar


def _star(user, *sessions) -> None:
    for session in sessions:
        db.session.add(AgendaStar(user_id=user.id, session_id=session.id))
    db.session.commit()


def _mails() -> list[tuple[str, str, str, str]]:
    return [tuple(row) for row in db.session.execute(
        select(OutboxMessage.kind, OutboxMessage.recipient, OutboxMessage.subject,
               OutboxMessage.body_text).order_by(OutboxMessage.recipient)).all()]


def _programme(factory):
    event = factory.event("idm-2018", title="IDM 2018", title_fr="DIM 2018")
    hall, annex = factory.room(event, "Hall"), factory.room(event, "Annex")
    annex.name_fr = "Annexe"
    db.session.commit()
    panel = factory.session(event, title="Panel 1", start=time(10, 0), room=hall)
    panel.title_fr = "Panel un"
    db.session.commit()
    dialogue = factory.session(event, title="Dialogue", start=time(11, 0), room=hall)
    closing = factory.session(event, title="Closing", start=time(16, 0), room=hall)
    return event, annex, panel, dialogue, closing


def test_publish_with_notify_mails_each_participant_their_changed_starred_sessions(factory) -> None:
    event, annex, panel, dialogue, closing = _programme(factory)
    en = factory.user(email="en@example.org")
    fr = factory.user(email="fr@example.org")
    fr.language = "fr"
    untouched = factory.user(email="untouched@example.org")
    db.session.commit()
    _star(en, panel, dialogue, closing)
    _star(fr, panel)
    _star(untouched, closing)
    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)
    assert _mails() == []

    panel.starts_at = panel.starts_at.replace(hour=panel.starts_at.hour + 2)
    panel.ends_at = panel.ends_at.replace(hour=panel.ends_at.hour + 2)
    dialogue.room = annex
    db.session.commit()
    schedule_publishing.publish(event.id, note="Panel 1 after lunch", user_id=None,
                                notify=True)

    assert _mails() == [
        ("schedule-version", "en@example.org", "IDM 2018: the programme changed (version 2)",
         "The programme of IDM 2018 was updated: version 2.\n\n"
         "Note from the organizers:\nPanel 1 after lunch\n\n"
         "Sessions in your agenda that changed:\n\n"
         "* Dialogue\n"
         "  Monday 26 March 2018, 11:00–12:00 · Annex\n"
         "  Moved from room Hall to Annex.\n\n"
         "* Panel 1\n"
         "  Monday 26 March 2018, 12:00–13:00 · Hall\n"
         "  Moved in time from Monday 26 March 2018, 10:00–11:00 to "
         "Monday 26 March 2018, 12:00–13:00.\n\n"
         "Every change, version by version: "
         "http://localhost/events/idm-2018/schedule/versions\n"),
        ("schedule-version", "fr@example.org", "DIM 2018 : le programme a changé (version 2)",
         "Le programme de DIM 2018 a été mis à jour : version 2.\n\n"
         "Note des organisateurs :\nPanel 1 after lunch\n\n"
         "Séances de votre agenda qui ont changé :\n\n"
         "* Panel un\n"
         "  lundi 26 mars 2018, 12:00–13:00 · Hall\n"
         "  Déplacée du lundi 26 mars 2018, 10:00–11:00 au lundi 26 mars 2018, "
         "12:00–13:00.\n\n"
         "Tous les changements, version par version : "
         "http://localhost/events/idm-2018/schedule/versions\n"),
    ]


def test_publish_without_notify_queues_no_mail(factory) -> None:
    event, annex, panel, _, _ = _programme(factory)
    user = factory.user()
    _star(user, panel)
    schedule_publishing.publish(event.id, note="", user_id=None, notify=True)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()
    panel.room = annex
    db.session.commit()

    version, _ = schedule_publishing.publish(event.id, note="", user_id=None, notify=False)

    assert (version.number, _mails()) == (2, [])


def test_publish_mails_once_per_participant_per_version(factory) -> None:
    event, annex, panel, dialogue, _ = _programme(factory)
    user = factory.user(email="both@example.org")
    _star(user, panel, dialogue)

    schedule_publishing.publish(event.id, note="", user_id=None, notify=True)
    panel.room = annex
    dialogue.room = annex
    db.session.commit()
    schedule_publishing.publish(event.id, note="", user_id=None, notify=True)

    assert [(to, subject) for _, to, subject, _ in _mails()] == [
        ("both@example.org", "IDM 2018: the programme changed (version 1)"),
        ("both@example.org", "IDM 2018: the programme changed (version 2)"),
    ]


def test_publish_mail_is_in_the_spanish_account_language(factory) -> None:
    event, annex, _, dialogue, _ = _programme(factory)
    event.title_es = "DIM 2018 es"
    user = factory.user(email="es@example.org")
    user.language = "es"
    db.session.commit()
    _star(user, dialogue)
    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)
    dialogue.status = "cancelled"
    db.session.commit()

    schedule_publishing.publish(event.id, note="", user_id=None, notify=True)

    assert _mails() == [(
        "schedule-version", "es@example.org", "DIM 2018 es: el programa ha cambiado (versión 2)",
        "El programa de DIM 2018 es se ha actualizado: versión 2.\n\n"
        "Sesiones de su agenda que han cambiado:\n\n"
        "* Dialogue\n"
        "  lunes, 26 de marzo de 2018, 11:00–12:00 · Hall\n"
        "  Cancelada.\n\n"
        "Todos los cambios, versión por versión: "
        "http://localhost/events/idm-2018/schedule/versions\n")]
