"""Boxes that packages above the programme add to the session editor (docs/LAYERS.md).

The speaker editor shows what a change would do to the speaking balance; balance sits above
the programme, so it registers its box here at start-up. Each box is a template variable and
a function of (event, session); the template leaves out a box nobody registered.
"""

from __future__ import annotations

from collections.abc import Callable

from eventapp.programme.models import Event, Session

EditorBox = Callable[[Event, Session], object]
_BOXES: dict[str, EditorBox] = {}


def add_session_editor_box(name: str, build: EditorBox) -> None:
    """Show `build(event, session)` as the template variable `name`; registering a name again
    replaces it (each app's start-up registers)."""
    _BOXES[name] = build


def session_editor_boxes(event: Event, session: Session) -> dict[str, object]:
    return {name: build(event, session) for name, build in _BOXES.items()}
