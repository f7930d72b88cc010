"""The session editor shows the boxes that packages above the programme registered."""

from __future__ import annotations

import pytest
from flask import Flask

from eventapp.attendance.door import door_summary
from eventapp.balance.impact import panel_impact
from eventapp.programme import editor_boxes


def test_session_editor_boxes_builds_each_registered_box_under_its_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_boxes, "_BOXES", {})
    editor_boxes.add_session_editor_box("a_box", lambda event, session: ("old", event))
    editor_boxes.add_session_editor_box("a_box", lambda event, session: (event, session))
    editor_boxes.add_session_editor_box("b_box", lambda event, session: session)
    boxes = editor_boxes.session_editor_boxes("event", "session")  # type: ignore[arg-type]
    assert boxes == {"a_box": ("event", "session"), "b_box": "session"}


def test_balance_and_attendance_add_their_boxes_from_start_up(app: Flask) -> None:
    assert dict(editor_boxes._BOXES) == {"balance_box": panel_impact, "door_box": door_summary}
