from __future__ import annotations

import pytest

from eventapp.programme.place import session_place


@pytest.mark.parametrize(("room", "venue", "expected"), [
    ("Conference room 4", "UN Headquarters", "Conference room 4, UN Headquarters"),
    ("Conference room 4", "Conference room 4, UN Headquarters",
     "Conference room 4, UN Headquarters"),
    ("conference ROOM 4", "Conference room 4, UN Headquarters",
     "Conference room 4, UN Headquarters"),
    ("Palais des Nations, Room XVII", "Palais des Nations", "Palais des Nations, Room XVII"),
    ("Room 1", "Room 12, Geneva", "Room 1, Room 12, Geneva"),
    ("Hall A", "", "Hall A"),
    ("", "UN Headquarters", "UN Headquarters"),
    ("", "", ""),
])
def test_session_place_names_the_room_once(room, venue, expected):
    assert session_place(room, venue) == expected
