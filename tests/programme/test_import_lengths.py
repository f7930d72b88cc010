"""Programme import cells longer than their columns are per-row errors in the preview."""

from __future__ import annotations

import io

from eventapp.programme.csv_import import import_programme
from tests.db_fingerprint import fingerprint
from tests.programme.csv_rows import csv_text, row


def _errors(event, rows):
    result = import_programme(event, csv_text(rows), dry_run=True)
    return [(i.line, i.message) for i in result.plan.errors]


def test_session_title_of_301_characters_is_a_row_error(factory):
    factory.categories()
    event = factory.event("idm")
    before = fingerprint()
    assert _errors(event, [row(), row(session="T" * 301)]) == [
        (3, "Session is longer than 300 characters.")]
    assert fingerprint() == before


def test_title_of_300_characters_is_accepted(factory):
    factory.categories()
    event = factory.event("idm")
    assert _errors(event, [row(session="T" * 300)]) == []


def test_every_long_cell_of_a_row_is_named(factory):
    factory.categories()
    event = factory.event("idm")
    assert _errors(event, [row(room="R" * 121, name="Ana " + "P" * 121, honorific="H" * 41,
                               job_title="J" * 201, organization="O" * 201)]) == [
        (2, "Room is longer than 120 characters; last name is longer than 120 characters; "
            "honorific is longer than 40 characters; job_title is longer than 200 "
            "characters; organization is longer than 200 characters.")]


def test_long_cells_in_the_import_page_preview_are_listed(organizer_client, factory):
    factory.categories()
    factory.event("idm")
    before = fingerprint()
    response = organizer_client.post(
        "/organize/events/idm/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(csv_text([row(session="T" * 301)]).encode()), "p.csv")})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Session is longer than 300 characters." in body
    assert "Confirm and import" not in body
    assert fingerprint() == before
