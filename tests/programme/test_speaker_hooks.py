"""Adding speakers tells the packages above the programme that registered at start-up."""

from __future__ import annotations

import pytest
from flask import Flask

from eventapp.programme import speaker_hooks
from eventapp.registration.accreditation import ensure_invited_registrations


def test_speakers_added_calls_each_handler_once_under_its_latest_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speaker_hooks, "_HANDLERS", {})
    calls: list[tuple[str, object, list]] = []

    def handler(name: str) -> speaker_hooks.SpeakersAdded:
        return lambda event, persons: calls.append((name, event, persons))

    speaker_hooks.on_speakers_added("a", handler("old"))
    speaker_hooks.on_speakers_added("a", handler("a"))
    speaker_hooks.on_speakers_added("b", handler("b"))
    speaker_hooks.speakers_added("event", ["person"])  # type: ignore[arg-type]
    assert calls == [("a", "event", ["person"]), ("b", "event", ["person"])]


def test_registration_makes_speakers_invited_registrations_from_start_up(app: Flask) -> None:
    handlers = dict(speaker_hooks._HANDLERS)
    assert handlers == {"invited registrations": ensure_invited_registrations}
