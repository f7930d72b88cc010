"""The participants file's header: a near miss of a column is an error, never ignored."""

from __future__ import annotations

import io

import pytest

from eventapp.registration.csv_import import ImportFileError, parse_and_validate

ROW = "ana@example.org,Lima,government,x\n"


@pytest.mark.parametrize(("header", "column"), [
    ("Prénom", "first_name"), ("Nombre", "first_name"), ("Given name", "first_name"),
    ("Statut", "status"), ("Estado", "status"), ("Organisation", "organization"),
    ("Rôle", "delegation_role"), ("País", "country"),
])
def test_near_miss_header_is_an_error_with_its_suggestion(factory, header, column):
    event = factory.event(slug="idm")
    factory.categories()
    with pytest.raises(ImportFileError) as raised:
        parse_and_validate(event, f"email,last_name,category,{header}\n" + ROW)
    assert str(raised.value) == (
        f"Column “{header}” looks like “{column}”: rename it “{column}” (or delete the column) "
        "and upload the file again, or its values would be lost.")


def test_near_miss_of_a_required_column_replaces_its_missing_message(factory):
    event = factory.event(slug="idm")
    factory.categories()
    with pytest.raises(ImportFileError) as raised:
        parse_and_validate(event, "Courriel,Prenom,Nom,Catégorie\nana@example.org,Ana,Lima,"
                                  "government\n")
    assert str(raised.value) == " ".join(
        f"Column “{header}” looks like “{column}”: rename it “{column}” (or delete the column) "
        "and upload the file again, or its values would be lost."
        for header, column in (("Courriel", "email"), ("Prenom", "first_name"),
                               ("Nom", "last_name"), ("Catégorie", "category")))


def test_unrelated_unknown_column_is_a_warning_and_the_rows_import(factory):
    event = factory.event(slug="idm")
    factory.categories()
    plan = parse_and_validate(event, "email,last_name,category,Dietary notes\n"
                                     + ROW)
    assert plan.errors == []
    assert plan.warnings == ["Column “Dietary notes” is not used and was ignored."]
    assert [r.email for r in plan.rows] == ["ana@example.org"]


def test_export_columns_imported_back_are_no_warning(factory):
    event = factory.event(slug="idm")
    factory.categories()
    plan = parse_and_validate(event, "registration_id,email,first_name,last_name,category,"
                                     "registered_at\n1,ana@example.org,Ana,Lima,government,x\n")
    assert plan.warnings == []


def test_preview_page_lists_the_warning(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()
    response = organizer_client.post("/organize/events/idm/registrations/import", data={
        "file": (io.BytesIO(("email,last_name,category,Dietary notes\n"
                             + ROW).encode()), "p.csv")}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Line 1 (warning): Column “Dietary notes” is not used and was ignored." in \
        response.get_data(as_text=True)
