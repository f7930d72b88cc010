"""Reading a programme file: pure, no database."""

from __future__ import annotations

import pytest

from eventapp.programme.csv_import.reading import Issue, Row, parse_programme


@pytest.fixture()
def request_ctx(app):
    with app.test_request_context("/"):
        yield


def test_header_cells_are_normalised_to_column_names(request_ctx):
    parsed = parse_programme("Date;Start;End;Session;Name;Planned Minutes;Job-Title\n"
                             "2018-03-26;10:00;11:00;Panel;Ana Ruiz;5;Mayor\n")
    assert parsed.delimiter == ";"
    assert parsed.columns == ("date", "start", "end", "session", "name", "planned_minutes",
                              "job_title")
    assert parsed.rows == [Row(2, {"date": "2018-03-26", "start": "10:00", "end": "11:00",
                                   "session": "Panel", "name": "Ana Ruiz",
                                   "planned_minutes": "5", "job_title": "Mayor"})]
    assert parsed.issues == []


def test_unknown_columns_warn_and_blank_lines_are_skipped(request_ctx):
    parsed = parse_programme("date,start,end,session,notes\n\n"
                             "2018-03-26,10:00,11:00,Panel,x\n")
    assert parsed.issues == [
        Issue(1, "Column “notes” is not used and was ignored.", is_warning=True)]
    assert [(r.line, dict(r.cells)) for r in parsed.rows] == [
        (3, {"date": "2018-03-26", "start": "10:00", "end": "11:00", "session": "Panel"})]


def test_row_with_a_stray_separator_is_an_issue_not_a_row(request_ctx):
    parsed = parse_programme("date,start,end,session\n2018-03-26,10:00,11:00,Panel,extra\n")
    assert parsed.rows == []
    assert [str(i) for i in parsed.issues] == [
        "Line 2 (error): This row has 5 cells but the header names 4 columns; check for a "
        "stray separator."]


def test_empty_file_is_one_issue(request_ctx):
    parsed = parse_programme("\ufeff  \n")
    assert (parsed.rows, [str(i) for i in parsed.issues]) == (
        [], ["Line 1 (error): The file is empty."])


def test_row_names_cells_longer_than_their_columns(request_ctx):
    row = Row(2, {"session": "S" * 301, "name": "Ana " + "P" * 121, "room": "Hall"})
    assert row.too_long() == ["session is longer than 300 characters",
                              "last name is longer than 120 characters"]
    assert Row(2, {"session": "S" * 300, "name": "Ana Pérez"}).too_long() == []
