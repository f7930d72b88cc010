"""The public session page shows the parts that packages above the programme registered."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import ColumnElement, literal

from eventapp.extensions import db
from eventapp.programme import page_stamps, session_parts
from tests.factories import Factory


def test_the_floor_adds_its_list_of_speakers_from_start_up(app: Flask) -> None:
    assert session_parts.registered() == ("floor",)


def test_the_stamp_names_the_parts_that_show_in_their_order(
        factory: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    event = factory.event(slug="parts")
    session = factory.session(event)

    def condition(value: bool) -> ColumnElement[bool]:
        return literal(value)

    monkeypatch.setattr(session_parts, "_PARTS", {})
    session_parts.add_session_page_part("a", lambda: condition(True), lambda s, i: "A")
    session_parts.add_session_page_part("b", lambda: condition(False), lambda s, i: "B")
    session_parts.add_session_page_part("c", lambda: condition(True), lambda s, i: "C")
    stamp = page_stamps.session_page_stamp("parts", session.id, None)
    assert stamp.parts_shown == ("a", "c")
    assert stamp.starred is None
    db.session.rollback()
