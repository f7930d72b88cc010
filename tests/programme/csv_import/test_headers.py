"""A programme file's header: a near miss of a known column is an error, never a warning."""

from __future__ import annotations

import pytest

from eventapp.programme.csv_import.reading import Issue, parse_programme


@pytest.fixture()
def request_ctx(app):
    with app.test_request_context("/"):
        yield


@pytest.mark.parametrize(("header", "column"), [
    ("Speaker name", "name"), ("Nom", "name"), ("Nombre", "name"), ("Intervenant", "name"),
    ("Ponente", "name"), ("Salle", "room"), ("Sala", "room"), ("Organisation", "organization"),
    ("Organización", "organization"), ("Catégorie", "category"), ("País", "country"),
    ("Minutes prévues", "planned_minutes"), ("Rôle", "role"), ("Cargo", "job_title"),
])
def test_near_miss_header_is_an_error_with_its_suggestion(request_ctx, header, column):
    parsed = parse_programme(f"date,start,end,session,{header}\n"
                             "2018-03-26,10:00,11:00,Panel,x\n")
    assert parsed.issues == [Issue(
        1, f"Column “{header}” looks like “{column}”: rename it “{column}” (or delete the "
           "column) and upload the file again, or its values would be lost.")]


def test_file_in_spanish_headers_names_every_near_miss(request_ctx):
    parsed = parse_programme("Fecha,Inicio,Fin,Sesión\n2018-03-26,10:00,11:00,Panel\n")
    assert [i.message.split(":")[0] for i in parsed.issues] == [
        "Column “Fecha” looks like “date”", "Column “Inicio” looks like “start”",
        "Column “Fin” looks like “end”", "Column “Sesión” looks like “session”"]
    assert all(not i.is_warning for i in parsed.issues)


def test_speaker_data_without_a_name_column_is_an_error(request_ctx):
    parsed = parse_programme("date,start,end,session,role,organization\n"
                             "2018-03-26,10:00,11:00,Panel,Moderator,IOM\n")
    assert parsed.issues == [Issue(
        1, "The file has speaker details (role, organization) but no “name” column: every "
           "speaker would be lost. Add a column headed “name” with each speaker's full name.")]


def test_speaker_columns_left_empty_without_a_name_column_are_fine(request_ctx):
    parsed = parse_programme("date,start,end,session,role\n2018-03-26,10:00,11:00,Break,\n")
    assert parsed.issues == []


def test_unrelated_unknown_column_stays_a_warning(request_ctx):
    parsed = parse_programme("date,start,end,session,name,Catering notes\n"
                             "2018-03-26,10:00,11:00,Panel,Ana Ruiz,vegan\n")
    assert parsed.issues == [
        Issue(1, "Column “catering_notes” is not used and was ignored.", is_warning=True)]


def test_alias_of_a_column_already_named_stays_a_warning(request_ctx):
    parsed = parse_programme("date,start,end,session,name,Speaker\n"
                             "2018-03-26,10:00,11:00,Panel,Ana Ruiz,x\n")
    assert parsed.issues == [
        Issue(1, "Column “speaker” is not used and was ignored.", is_warning=True)]
