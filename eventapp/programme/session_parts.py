"""Parts that packages above the programme add to the public session page (docs/LAYERS.md).

The page belongs to the programme; the list of speakers on it belongs to the floor, which sits
above. A part registers at start-up with two things: a condition on the session row, which the
page's one stamp statement reads, saying whether the part shows; and a function that renders
it for this visitor (it is never cached with the shared page). No part shown, nothing asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement


@dataclass(frozen=True)
class SessionPagePart:
    # A boolean SQL expression on programme.models.Session, built when the statement is.
    shows: Callable[[], ColumnElement[bool]]
    # (event slug, session id) -> the part's HTML, rendered from the app's own templates.
    render: Callable[[str, int], str]


_PARTS: dict[str, SessionPagePart] = {}


def add_session_page_part(name: str, shows: Callable[[], ColumnElement[bool]],
                          render: Callable[[str, int], str]) -> None:
    """Show `render(slug, session_id)` on the session pages where `shows()` holds; a name
    registered again replaces its part (each app's start-up registers)."""
    _PARTS[name] = SessionPagePart(shows, render)


def registered() -> tuple[str, ...]:
    """The names of the parts, in the order they appear on the page."""
    return tuple(_PARTS)


def part(name: str) -> SessionPagePart:
    return _PARTS[name]
