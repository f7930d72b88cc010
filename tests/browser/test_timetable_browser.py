"""The timetable editor in a real browser: mouse, keyboard, refusals, two organizers."""

from __future__ import annotations

import json
from datetime import time

import pytest
from playwright.sync_api import Page, expect

from eventapp.extensions import db
from eventapp.programme.models import Session
from tests.browser.helpers import log_in
from tests.browser.test_floor_layout import _all_violations
from tests.factories import utc


@pytest.fixture()
def programme(factory):
    """New York, 26-27 March 2018 (after the clocks went forward: EDT)."""
    event = factory.event("tt")
    hall_a, hall_b = factory.room(event, "Hall A"), factory.room(event, "Hall B")
    moved = factory.session(event, title="Panel one", room=hall_a, start=time(9, 0))
    factory.session(event, title="Busy", room=hall_b, start=time(11, 0))
    keyed = factory.session(event, title="Keyed", room=hall_a, start=time(15, 0))
    organizer = factory.user(email="org@example.org", role="organizer")
    return {"event": event, "moved": moved.id, "keyed": keyed.id, "hall_b": hall_b.id,
            "organizer": organizer.email}


def _open(page: Page, live_server: str, programme: dict, query: str = "") -> None:
    log_in(page, live_server, programme["organizer"])
    page.goto(f"{live_server}/organize/events/tt/timetable{query}")
    expect(page.locator("#tt-undo")).to_be_visible()


def _drag_to(page: Page, session_id: int, at: str, column: int) -> None:
    block = page.locator(f'.tt-block[data-session="{session_id}"]')
    box = block.locator(".tt-meta").bounding_box()
    row = page.locator(f'tbody th[data-time="{at}"]').bounding_box()
    col = page.locator(f'thead th[data-col="{column}"]').bounding_box()
    # Grabbed in its first row, so the block's start lands on the row under the pointer.
    first = page.locator(f'tbody th[data-row="{block.get_attribute("data-row")}"]').bounding_box()
    page.mouse.move(box["x"] + 10, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(col["x"] + col["width"] / 2, row["y"] + row["height"] / 2, steps=8)
    page.mouse.up()


def _session(session_id: int) -> Session:
    db.session.expire_all()
    return db.session.get(Session, session_id)


# Per row of the grid: the columns its cells cover, counting the blocks that span into it
# from the rows above (a whole grid covers every room once in every row).
_COVERED = """() => {
  const rows = [...document.querySelectorAll('.tt-grid tbody tr')];
  const carried = new Array(rows.length).fill(0);
  return rows.map((tr, index) => {
    let covered = carried[index];
    tr.querySelectorAll('td').forEach((td) => {
      const span = parseInt(td.getAttribute('rowspan') || '1', 10);
      covered += 1;
      for (let r = index + 1; r < index + span; r += 1) { carried[r] += 1; }
    });
    return covered;
  });
}"""


def _block_at(page: Page, session_id: int) -> tuple[str | None, str | None, str | None]:
    block = page.locator(f'.tt-block[data-session="{session_id}"]')
    return (block.get_attribute("data-start"), block.get_attribute("data-col"),
            block.get_attribute("data-row"))


def test_drag_with_the_mouse_moves_a_session_to_another_room_and_time(
        live_server, new_page, programme):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 2000})
    _open(page, live_server, programme)
    # Marks the grid the page drew: a move redraws only its block, in this same table.
    page.evaluate("document.querySelector('.tt-grid').setAttribute('data-drawn', 'first')")
    rooms = 2
    _drag_to(page, programme["moved"], "14:00", 1)
    expect(page.locator("#tt-message")).to_have_text(
        "“Panel one” moved to 26 March 2018, 14:00–15:00, Hall B.")
    session = _session(programme["moved"])
    assert (session.starts_at, session.room_id) == (utc(2018, 3, 26, 18, 0), programme["hall_b"])
    assert page.locator('.tt-grid[data-drawn="first"]').count() == 1
    assert _block_at(page, programme["moved"]) == ("14:00", "1", "24")
    assert set(page.evaluate(_COVERED)) == {rooms}
    # Undo puts it back, through the same checks.
    page.locator("#tt-undo").click()
    expect(page.locator("#tt-message")).to_contain_text("Change undone.")
    assert _session(programme["moved"]).starts_at == utc(2018, 3, 26, 13, 0)
    assert page.locator('.tt-grid[data-drawn="first"]').count() == 1
    assert _block_at(page, programme["moved"]) == ("09:00", "0", "4")
    assert set(page.evaluate(_COVERED)) == {rooms}


def test_a_session_dragged_from_the_tray_lands_on_the_grid_read_again(
        live_server, new_page, programme, factory):
    roomless = factory.session(programme["event"], title="Roomless", start=time(16, 0))
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 2000})
    _open(page, live_server, programme)
    item = page.locator(f'.tt-tray-item[data-session="{roomless.id}"] .tt-meta').bounding_box()
    row = page.locator('tbody th[data-time="16:00"]').bounding_box()
    col = page.locator('thead th[data-col="1"]').bounding_box()
    page.mouse.move(item["x"] + 10, item["y"] + item["height"] / 2)
    page.mouse.down()
    page.mouse.move(col["x"] + col["width"] / 2, row["y"] + row["height"] / 2, steps=8)
    page.mouse.up()
    expect(page.locator("#tt-message")).to_have_text(
        "“Roomless” moved to 26 March 2018, 16:00–17:00, Hall B.")
    # The tray's last item left it: the page read its grid again, the tray's words with it.
    expect(page.locator(".tt-tray")).to_contain_text(
        "Every session has a room and a time on the event's days.")
    assert _block_at(page, roomless.id) == ("16:00", "1", "32")
    assert set(page.evaluate(_COVERED)) == {2}
    assert _session(roomless.id).room_id == programme["hall_b"]


def test_a_clashing_drop_is_refused_with_its_reason(live_server, new_page, programme):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 2000})
    _open(page, live_server, programme)
    _drag_to(page, programme["moved"], "11:00", 1)
    expect(page.locator("#tt-message")).to_have_text(
        "Hall B is already booked for “Busy” (26 Mar 11:00–12:00 EDT).")
    assert _session(programme["moved"]).starts_at == utc(2018, 3, 26, 13, 0)


def test_keyboard_alone_moves_and_resizes_a_session(live_server, new_page, programme):
    page = new_page()
    _open(page, live_server, programme)
    block = page.locator(f'.tt-block[data-session="{programme["keyed"]}"]')
    block.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#tt-live")).to_contain_text("Picked up.")
    for _ in range(4):  # one hour later at 15 minutes a row
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator("#tt-live")).to_contain_text("16:00–17:15, Hall B: Allowed")
    page.keyboard.press("Enter")
    expect(page.locator("#tt-live")).to_have_text(
        "“Keyed” moved to 26 March 2018, 16:00–17:15, Hall B.")
    session = _session(programme["keyed"])
    assert (session.starts_at, session.ends_at, session.room_id) == (
        utc(2018, 3, 26, 20, 0), utc(2018, 3, 26, 21, 15), programme["hall_b"])
    # Escape leaves everything as it was.
    expect(page.locator(f'.tt-block[data-session="{programme["keyed"]}"]')).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(page.locator("#tt-live")).to_have_text("Move cancelled.")
    assert _session(programme["keyed"]).starts_at == utc(2018, 3, 26, 20, 0)


def test_two_organizers_moving_the_same_session_the_second_is_told(
        live_server, new_page, programme):
    first, second = new_page(), new_page()
    _open(first, live_server, programme)
    _open(second, live_server, programme)
    def move(page: Page, presses: int) -> None:
        page.locator(f'.tt-block[data-session="{programme["keyed"]}"]').focus()
        page.keyboard.press("Enter")
        for _ in range(presses):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")

    # The second organizer moves only once the first one's move is saved: both pages were
    # opened before it, so only the order of the two saves is fixed, not what either saw.
    move(first, 2)
    expect(first.locator("#tt-message")).to_have_text(
        "“Keyed” moved to 26 March 2018, 15:30–16:30, Hall A.")
    move(second, 6)
    expect(second.locator("#tt-message")).to_contain_text(
        "Someone else changed this session after you opened the timetable.")
    # The second organizer now sees the first one's move.
    expect(second.locator(f'.tt-block[data-session="{programme["keyed"]}"]')).to_have_attribute(
        "data-start", "15:30")
    assert _session(programme["keyed"]).starts_at == utc(2018, 3, 26, 19, 30)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_timetable_no_violation(live_server, new_page, programme, language, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, live_server, programme, f"?lang={language}")
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    if width == 390:
        # Readable on a phone: the grid scrolls inside its box, the page does not.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
