"""Ids the database cannot hold and NUL characters are stopped before any query."""

from __future__ import annotations

import io

import pytest
from flask import request
from werkzeug.routing import Map, Rule

from eventapp.request_input import (
    CONVERTERS,
    DB_INT_MAX,
    InputRequest,
    TextParameters,
    parse_id,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("1", 1),
    ("0042", 42),
    (str(DB_INT_MAX), DB_INT_MAX),
    (str(DB_INT_MAX + 1), None),
    (str(10**20), None),
    ("9" * 5000, None),  # beyond what int() accepts, never reaches it
    ("0", None),
    ("-1", None),
    ("+1", None),
    (" 1", None),
    ("1.5", None),
    ("abc", None),
    ("", None),
    ("\u00b2", None),  # superscript two: str.isdigit() says yes, int() says no
    ("\u0661\u0662", None),  # Arabic-Indic digits
    ("1\x00", None),
    (None, None),
    (7, None),
])
def test_parse_id_accepts_only_ascii_ids_an_integer_column_can_hold(text, expected):
    assert parse_id(text) == expected


def _adapter():
    url_map = Map([Rule("/things/<int:thing_id>", endpoint="thing"),
                   Rule("/events/<slug>/", endpoint="event"),
                   Rule("/files/<string:name>", endpoint="file")], converters=CONVERTERS)
    return url_map.bind("example.org")


def test_int_routes_match_only_ids_an_integer_column_can_hold():
    adapter = _adapter()
    assert adapter.match(f"/things/{DB_INT_MAX}") == ("thing", {"thing_id": DB_INT_MAX})
    for too_big in (str(DB_INT_MAX + 1), str(10**20), "9" * 5000):
        assert adapter.test(f"/things/{too_big}") is False


def test_text_segments_never_match_a_nul_character():
    adapter = _adapter()
    assert adapter.match("/events/idm-2018/") == ("event", {"slug": "idm-2018"})
    assert adapter.test("/events/idm\x002018/") is False
    assert adapter.test("/files/a\x00b") is False
    assert adapter.match("/files/a b") == ("file", {"name": "a b"})


def test_the_app_routes_use_the_bounded_converters(client):
    assert client.application.url_map.converters["int"] is CONVERTERS["int"]
    assert client.application.url_map.converters["default"] is CONVERTERS["default"]
    response = client.get(f"/events/x/sessions/{10**20}")
    assert response.status_code == 404
    assert "There is nothing at this address." in response.get_data(as_text=True)
    assert client.get("/events/x%00y/").status_code == 404


def test_text_parameters_drop_nul_characters_and_keep_everything_else():
    params = TextParameters([("q", "Zo\x00ë"), ("q", "\x00"), ("ids", "1"), ("ids", "2")])
    assert params.getlist("q") == ["Zoë", ""]
    assert params.getlist("ids") == ["1", "2"]
    assert TextParameters() == {}
    assert TextParameters({"a": "b\x00"})["a"] == "b"


def test_query_strings_and_forms_arrive_without_nul_but_files_are_untouched(app):
    assert app.request_class is InputRequest
    with app.test_request_context("/?q=a%00b&page=1", method="POST",
                                  data={"title": "T\x00itle",
                                        "file": (io.BytesIO(b"x\x00y"), "f.csv")}):
        assert request.args["q"] == "ab"
        assert request.form["title"] == "Title"
        assert request.files["file"].read() == b"x\x00y"


def test_a_request_the_view_cannot_use_gets_the_apps_error_page(organizer_client, factory):
    event = factory.event("ev")
    slot = factory.slot(factory.session(event))
    response = organizer_client.post(
        f"/organize/events/ev/sessions/{slot.session_id}/speakers/{slot.id}/move")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Request not understood" in body
    assert "css/app.css" in body
