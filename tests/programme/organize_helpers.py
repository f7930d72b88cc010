"""Shared helpers for the back-office tests."""

from __future__ import annotations

import html

from flask.testing import FlaskClient


def text_of(response) -> str:
    """The page as a reader sees it: entities such as &#39; turned back into characters."""
    return html.unescape(response.get_data(as_text=True))


def session_form(**overrides: str) -> dict[str, str]:
    data = {"title": "Migrants as agents of development", "kind": "panel",
            "day": "2018-03-26", "start_time": "09:00", "end_time": "10:00", "room": "",
            "description": ""}
    data.update(overrides)
    return data


def post(client: FlaskClient, url: str, data: dict | None = None):
    return client.post(url, data=data or {})
