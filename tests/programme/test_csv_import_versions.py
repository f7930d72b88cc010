"""The optional session_fr and session_es columns: a session title's French and Spanish versions."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.programme.csv_import import COLUMNS, import_programme
from eventapp.programme.models import Session
from tests.programme.csv_rows import break_row, csv_text, row
from tests.programme.organize_helpers import text_of
from tests.programme.test_csv_import_views import upload

WITHOUT_VERSIONS = tuple(c for c in COLUMNS if c not in ("session_fr", "session_es"))
NBSP = "\u00a0"


@pytest.fixture()
def event(factory):
    factory.categories()
    return factory.event("idm")


def upload_in(client, language: str, text: str):
    return client.post(f"/organize/events/idm/import?lang={language}",
                       data={"file": (io.BytesIO(text.encode("utf-8")), "programme.csv")},
                       content_type="multipart/form-data")


def versions() -> list[tuple[str, str, str]]:
    rows = db.session.execute(select(Session.title, Session.title_fr, Session.title_es)
                              .order_by(Session.starts_at)).all()
    return [tuple(r) for r in rows]


def test_session_fr_and_session_es_are_stored(event):
    result = import_programme(event, csv_text([
        row(session="Panel A", session_fr="Table ronde A", session_es="Panel A (es)"),
        row(session="Panel A", name="Li Wei", session_fr="Table ronde A",
            session_es="Panel A (es)"),
        break_row(session_fr="Pause café", session_es="Pausa para el café"),
    ]))
    db.session.commit()
    assert result.ok and result.plan.issues == []
    assert versions() == [("Panel A", "Table ronde A", "Panel A (es)"),
                          ("Coffee break", "Pause café", "Pausa para el café")]


def test_a_file_without_the_columns_imports_as_before(event):
    result = import_programme(event, csv_text([row(), break_row()], columns=WITHOUT_VERSIONS))
    db.session.commit()
    assert result.ok and result.plan.issues == []
    assert result.summary.sessions_created == 2
    assert versions() == [("Panel A", "", ""), ("Coffee break", "", "")]


def test_a_file_without_the_columns_keeps_versions_already_saved(event):
    import_programme(event, csv_text([row(session_fr="Table ronde A", session_es="Mesa A")]))
    db.session.commit()
    sequence = db.session.scalar(select(Session.sequence))
    again = import_programme(event, csv_text([row()], columns=WITHOUT_VERSIONS))
    db.session.commit()
    assert again.summary.sessions_unchanged == 1
    assert versions() == [("Panel A", "Table ronde A", "Mesa A")]
    assert db.session.scalar(select(Session.sequence)) == sequence


def test_a_changed_version_updates_the_session_and_its_calendar_sequence(event):
    import_programme(event, csv_text([row(session_fr="Table ronde A")]))
    db.session.commit()
    sequence = db.session.scalar(select(Session.sequence))
    again = import_programme(event, csv_text([row(session_fr="Panel A en français",
                                                  session_es="Panel A en español")]))
    db.session.commit()
    assert (again.summary.sessions_updated, again.summary.sessions_unchanged) == (1, 0)
    assert versions() == [("Panel A", "Panel A en français", "Panel A en español")]
    assert db.session.scalar(select(Session.sequence)) == sequence + 1


def test_a_version_given_on_a_later_row_of_the_session_counts(event):
    result = import_programme(event, csv_text([
        row(), row(name="Li Wei", session_es="Mesa A")]))
    db.session.commit()
    assert result.ok
    assert versions() == [("Panel A", "", "Mesa A")]


def test_two_different_versions_of_one_session_are_refused(event):
    result = import_programme(event, csv_text([
        row(session_fr="Table ronde A"), row(name="Li Wei", session_fr="Table ronde B")]))
    assert [(i.line, i.message) for i in result.plan.errors] == [
        (3, "The session_fr “Table ronde B” differs from “Table ronde A” given for session "
            "“Panel A” (line 2).")]
    assert versions() == []


def test_a_version_longer_than_its_column_is_refused(event):
    result = import_programme(event, csv_text([row(session_es="T" * 301)]))
    assert [(i.line, i.message) for i in result.plan.errors] == [
        (2, "Session_es is longer than 300 characters.")]


def test_preview_shows_the_versions(organizer_client, event):
    text = csv_text([row(session_fr="Table ronde A", session_es="Mesa A")])
    body = text_of(upload(organizer_client, "idm", text.encode("utf-8")))
    assert ('<br><span class="meta version">French: <span lang="fr">Table ronde A</span>'
            '</span>') in body
    assert '<br><span class="meta version">Spanish: <span lang="es">Mesa A</span></span>' in body


def test_preview_in_french(organizer_client, event):
    text = csv_text([row(session_fr="Table ronde A"), break_row()])
    body = text_of(upload_in(organizer_client, "fr", text))
    assert "<h1>Vérifier l’importation</h1>" in body
    assert (f"<li>Séances{NBSP}: 2 nouvelles, 0 mises à jour, 0 inchangées</li>") in body
    assert (f'<span class="meta version">Français{NBSP}: <span lang="fr">Table ronde A</span>'
            in body)
    assert '<span class="badge">nouvelle</span>' in body
    assert '<button type="submit" class="primary">Confirmer et importer</button>' in body


def test_preview_errors_in_french(organizer_client, event):
    text = csv_text([row(date="2018-02-30", start="25:00"), row(kind="Lecture", start="12:00")])
    body = text_of(upload_in(organizer_client, "fr", text))
    assert (f"<h2>Le fichier présente 3 problèmes{NBSP}; rien n’a été importé</h2>") in body
    assert (f"<li><strong>Ligne 2{NBSP}:</strong> La date «{NBSP}2018-02-30{NBSP}» n’est pas "
            "une date au format AAAA-MM-JJ.</li>") in body
    assert (f"<li><strong>Ligne 2{NBSP}:</strong> L’heure de début «{NBSP}25:00{NBSP}» n’est "
            "pas une heure au format HH:MM.</li>") in body
    assert (f"<li><strong>Ligne 3{NBSP}:</strong> Type de séance inconnu «{NBSP}Lecture{NBSP}». "
            f"Utilisez l’un des suivants{NBSP}: Opening, Setting the scene, Keynote, Panel, "
            "Interactive dialogue, Breakout, Side event, Break, Closing.</li>") in body


def test_preview_errors_in_spanish(organizer_client, event):
    text = csv_text([row(session="T" * 301), row(session="Panel B", planned_minutes="ten")])
    body = text_of(upload_in(organizer_client, "es", text))
    assert "<h2>El archivo tiene 2 problemas; no se ha importado nada</h2>" in body
    assert ("<li><strong>Línea 2:</strong> La columna session supera los 300 caracteres.</li>"
            in body)
    assert ("<li><strong>Línea 3:</strong> Los minutos previstos “ten” deben ser un número "
            "entero de minutos, 0 o más.</li>") in body


def test_import_summary_flash_in_spanish(organizer_client, event):
    preview = upload(organizer_client, "idm", csv_text([row(), break_row()]).encode("utf-8"))
    content = re.search(r'name="content" type="hidden" value="([^"]+)"',
                        preview.get_data(as_text=True))[1]
    done = organizer_client.post("/organize/events/idm/import/confirm?lang=es",
                                 data={"content": content}, follow_redirects=True)
    assert ("Programa importado. Sesiones: 2 nuevas, 0 actualizadas, 0 sin cambios. Turnos de "
            "palabra: 1 nuevos, 0 actualizados. Nuevas salas: 1; nuevas organizaciones: 1; "
            "nuevas personas: 1.") in text_of(done)
