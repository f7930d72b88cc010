"""What happens elsewhere when people are put on a panel.

Invited speakers are registrations too, so the programme and the participant list agree;
but registration sits above the programme (docs/LAYERS.md). It registers its handler here at
start-up, and every way of adding speakers (the speaker editor, the programme import) calls
`speakers_added` in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from eventapp.people.models import Person
from eventapp.programme.models import Event

SpeakersAdded = Callable[[Event, list[Person]], object]
_HANDLERS: dict[str, SpeakersAdded] = {}


def on_speakers_added(name: str, handler: SpeakersAdded) -> None:
    """Call `handler(event, persons)` whenever speakers are added; a name registered again
    replaces its handler (each app's start-up registers)."""
    _HANDLERS[name] = handler


def speakers_added(event: Event, persons: list[Person]) -> None:
    """Tell every registered package; persons come with organization and categories loaded."""
    for handler in _HANDLERS.values():
        handler(event, persons)
