"""The floor in a real room: the console and the projector screen fit the window.

A realistic list (a speaker on the clock, 12 waiting, long organization names in three
languages) at the sizes of a chair's laptop, a large monitor, a phone and three projectors.
Every required element is checked by its bounding box inside the viewport, not by eye; the
screenshots are kept in tests/artifacts for people to look at.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, expect

from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import SpeakersList
from eventapp.programme.models import Event, Session
from tests.browser.helpers import log_in
from tests.factories import Factory
from tests.floor.helpers import dialogue, participant, version

pytestmark = pytest.mark.browser

AXE_JS = (Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js").read_text(
    encoding="utf-8")

SPEAKERS = [
    ("María Fernanda Gutiérrez-Santamaría", "government",
     "Misión Permanente de los Estados Unidos Mexicanos ante la Oficina de las Naciones "
     "Unidas en Ginebra"),
    ("Ana Lopez", "government",
     "Permanent Mission of the Federal Democratic Republic of Ethiopia to the United Nations "
     "Office and other international organizations in Geneva"),
    ("Jean-Baptiste Nkurunziza", "civil-society",
     "Organisation internationale pour les migrations — Bureau régional pour l'Afrique de "
     "l'Ouest et du Centre"),
    ("Ben Okafor", "civil-society",
     "International Catholic Migration Commission and the Civil Society Coordinating Office"),
    ("Cara Diaz", "migrants-diaspora",
     "Red de Organizaciones de Migrantes y Diásporas de América Latina y el Caribe"),
    ("Dina Haddad", "migrants-diaspora",
     "Réseau des associations de la diaspora africaine en Europe pour le développement"),
    ("Erik Johansson", "un-system",
     "United Nations High Commissioner for Refugees, Division of International Protection"),
    ("Fatima Zahra El Mansouri", "local-authorities",
     "Conseil régional de Tanger-Tétouan-Al Hoceïma, Commission des affaires sociales"),
    ("Gustavo Pereira da Silva", "academia",
     "Universidade Federal de Minas Gerais, Centro de Estudos sobre Migrações Internacionais"),
    ("Hiroshi Tanaka", "private-sector",
     "Global Business Coalition for Fair Recruitment and Responsible Labour Migration"),
    ("Isabel Moreno", "government",
     "Ministerio de Inclusión, Seguridad Social y Migraciones del Reino de España"),
    ("Jacques Dubois", "un-system",
     "Programme des Nations Unies pour le développement, Bureau pour l'Afrique"),
    ("Kwame Mensah", "civil-society",
     "West African Migrants' Rights Network and Pan-African Civil Society Platform"),
    ("Lina Petrova", "academia",
     "Migration Policy Centre, European University Institute, Florence"),
    ("Mohammed Al-Rashid", "government",
     "Permanent Mission of the Hashemite Kingdom of Jordan to the United Nations Office at "
     "Geneva"),
]
CONSOLE_SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
SCREEN_SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720), "1024x768": (1024, 768)}
PHONE = (390, 844)

# Whether each element is wholly inside the viewport, and what sticks out of the page.
BOXES = """selectors => {
    const width = document.documentElement.clientWidth, height = window.innerHeight;
    const out = [];
    let count = 0;
    for (const selector of selectors) {
        const found = [...document.querySelectorAll(selector)];
        if (!found.length) out.push(selector + ': missing');
        for (const el of found) {
            count += 1;
            const box = el.getBoundingClientRect();
            const inside = box.width > 0 && box.height > 0 && box.left >= -0.5 && box.top >= -0.5
                && box.right <= width + 0.5 && box.bottom <= height + 0.5;
            if (!inside) {
                out.push(selector + ' ' + JSON.stringify(el.textContent.trim().slice(0, 30))
                         + ' at ' + [box.left, box.top, box.right, box.bottom].map(Math.round));
            }
        }
    }
    return {outside: out, count, scrollWidth: document.documentElement.scrollWidth, width,
            scrollX: window.scrollX, scrollY: window.scrollY};
}"""


def _all_violations(page: Page) -> list[dict]:
    """Every axe violation, whatever its impact, with target size (WCAG 2.2) switched on."""
    page.evaluate(AXE_JS)
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
    results = page.evaluate("options => axe.run(document, options)", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]} for v in results["violations"]]


def _room(factory: Factory, *, next_count: int = 3,
          show_previous: bool = False) -> tuple[Event, Session, int]:
    """A dialogue with a speaker on the clock, two who spoke before and 12 waiting."""
    event, session = dialogue(factory)
    speakers_list = chair.open_list(session, policy="arrival")
    list_id = speakers_list.id
    for i, (name, category, org) in enumerate(SPEAKERS):
        requests.ask(db.session.get(SpeakersList, list_id),
                     participant(factory, event, name, category=category, org=org,
                                 country=("MX", "ET", "SN", "IE", "CO", "FR", "CH")[i % 7]))
    for _ in range(3):  # the first two are done and recorded
        chair.give_floor(list_id)
    chair.update_settings(list_id, policy="arrival",
                          default_limit_seconds=180, per_category_limit=None,
                          per_organization_limit=None, screen_next_count=next_count,
                          screen_show_previous=show_previous)
    return event, session, list_id


def _console_required(rows: int = 8) -> list[str]:
    row_parts = [".floor-name", "form[data-action='give'] button",
                 "form[data-action='skip'] button", "form[data-action='remove'] button"]
    return ["#floor-current .floor-speaker", "#floor-console-clock", "#floor-pause",
            "#floor-stop", "#floor-give-next"] + [
        f".floor-queue-row:nth-child({n}) {part}" for n in range(1, rows + 1)
        for part in row_parts]


def _fits(page: Page, selectors: list[str]) -> dict:
    shown = page.evaluate(BOXES, selectors)
    assert shown["outside"] == [], shown
    assert shown["scrollWidth"] <= shown["width"], shown
    return shown


def _leave(page: Page) -> None:
    """Stop the console's polling before the data is cleared: on PostgreSQL a refresh still
    running when the tables are emptied can deadlock with it."""
    page.goto("about:blank")
    time.sleep(0.5)


def _console_url(base: str, event: Event, session: Session) -> str:
    return f"{base}/organize/events/{event.slug}/sessions/{session.id}/floor"


def test_console_fits_laptop_monitor_and_phone(live_server, new_page, factory, organizer,
                                               artifacts):
    event, session, _ = _room(factory)
    page = new_page()
    log_in(page, live_server, organizer.email)
    for name, (width, height) in CONSOLE_SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(_console_url(live_server, event, session))
        page.screenshot(path=str(artifacts / f"floor-console-{name}.png"))
        shown = _fits(page, _console_required())
        assert shown["count"] == 5 + 8 * 4, shown
        # Two columns: the clock beside the queue, not above it.
        clock = page.locator("#floor-console-clock").bounding_box()
        queue = page.locator("#floor-queue").bounding_box()
        assert clock["x"] + clock["width"] <= queue["x"], (clock, queue)
        # The table is no wider than its column.
        widths = page.evaluate("""() => [document.getElementById('floor-queue').scrollWidth,
            document.querySelector('.floor-queue-box').clientWidth]""")
        assert widths[0] <= widths[1], widths
        # Settings, walk-in form and shortcuts are folded away.
        for fold in ("#floor-add-box", "#floor-settings-box", "#floor-shortcuts-box"):
            assert page.locator(fold).get_attribute("open") is None, fold

    # French and Spanish labels are longer: the laptop still shows everything.
    page.set_viewport_size({"width": 1280, "height": 720})
    for language in ("fr", "es"):
        page.goto(_console_url(live_server, event, session) + f"?lang={language}")
        page.screenshot(path=str(artifacts / f"floor-console-1280x720-{language}.png"))
        _fits(page, _console_required())

    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(_console_url(live_server, event, session))
    page.screenshot(path=str(artifacts / "floor-console-phone.png"), full_page=True)
    _fits(page, ["#floor-console-clock", "#floor-pause", "#floor-stop", "#floor-give-next"])
    _leave(page)


def test_console_focus_stays_on_the_row_after_an_action(live_server, new_page, factory,
                                                        organizer):
    event, session, list_id = _room(factory)
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(_console_url(live_server, event, session))
    third = page.locator(".floor-queue-row").nth(2)
    skipped_name = third.locator(".floor-name").inner_text()
    next_name = page.locator(".floor-queue-row").nth(3).locator(".floor-name").inner_text()
    third.locator("form[data-action='skip'] button").click()
    expect(page.locator("#floor-message")).to_have_text("Skipped.")
    # The person now third (the one after) has the focus on their own Skip button...
    focused = page.evaluate("""() => {
        const el = document.activeElement, row = el.closest('.floor-queue-row');
        return {action: el.closest('form') && el.closest('form').dataset.action,
                name: row && row.querySelector('.floor-name').textContent,
                index: row && row.dataset.index};
    }""")
    assert focused == {"action": "skip", "name": next_name, "index": "2"}, focused
    assert skipped_name not in page.locator("#floor-queue").inner_text()
    # ...and nothing scrolled sideways: every name is still in sight.
    _fits(page, _console_required())
    # Moving a person down keeps the focus on that person's Down button.
    page.locator(".floor-queue-row").nth(0).locator(
        "form[data-action='move']:has(input[value='down']) button").click()
    expect(page.locator(".floor-queue-row").nth(1)).to_have_class(
        "floor-queue-row is-selected")
    focused = page.evaluate("""() => document.activeElement.closest('.floor-queue-row')
        .dataset.index""")
    assert focused == "1"
    _fits(page, _console_required())
    assert version(list_id) > 0
    _leave(page)


@pytest.mark.parametrize(("next_count", "show_previous"), [(3, False), (5, True)])
def test_screen_fits_every_projector(live_server, new_page, factory, artifacts,
                                     next_count, show_previous):
    event, session, _ = _room(factory, next_count=next_count, show_previous=show_previous)
    page = new_page()
    url = f"{live_server}/events/{event.slug}/sessions/{session.id}/floor"
    required = ["#floor-screen-name", "#floor-screen-organization", "#floor-screen-category",
                "#floor-screen-clock", "#floor-screen-next .floor-screen-next-name",
                "#floor-screen-queue"]
    if show_previous:
        required.append("#floor-screen-previous .floor-screen-next-name")
    for name, (width, height) in SCREEN_SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        expect(page.locator("#floor-screen-clock")).to_contain_text(":")
        expect(page.locator("#floor-screen-next li")).to_have_count(next_count)
        page.screenshot(path=str(
            artifacts / f"floor-screen-{name}{'-5-and-last' if show_previous else ''}.png"))
        shown = _fits(page, required)
        assert shown["count"] == 5 + next_count + (2 if show_previous else 0), shown
        assert page.locator("#floor-screen-queue").inner_text() == "12 waiting"
        # Not cut: the speaker's name and organization show every line they have.
        cut = page.evaluate("""() => ['floor-screen-name', 'floor-screen-org'].filter(id => {
            const el = document.getElementById(id);
            return el.scrollHeight > el.clientHeight + 1;
        })""")
        assert cut == [], (name, cut)
        # Large type: the clock at least a tenth of the window's height.
        clock = page.locator("#floor-screen-clock").bounding_box()
        assert clock["height"] >= height / 10, (name, clock)
    _leave(page)


def test_screen_says_reconnecting_and_keeps_the_clock(live_server, new_page, factory):
    event, session, _ = _room(factory)
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{live_server}/events/{event.slug}/sessions/{session.id}/floor")
    expect(page.locator("#floor-screen-clock")).to_contain_text(":")
    status = page.locator("#floor-screen-status")
    expect(status).to_be_hidden()
    time.sleep(1.5)  # at least one answer from the server
    page.route("**/floor.json*", lambda route: route.abort())
    lost_at = time.monotonic()
    clock_then = page.locator("#floor-screen-clock").inner_text()
    expect(status).to_be_visible(timeout=9000)
    assert time.monotonic() - lost_at > 4.0  # not before five seconds without an answer
    expect(status).to_have_text("Reconnecting…")
    # The clock kept counting down from the last state.
    assert page.locator("#floor-screen-clock").inner_text() != clock_then
    assert page.locator("#floor-screen-name").inner_text() == SPEAKERS[2][0]
    page.unroute("**/floor.json*")
    expect(status).to_be_hidden(timeout=8000)
    _leave(page)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_axe_console_and_screen_no_violation_of_any_impact(
    live_server, new_page, factory, organizer, language,
):
    event, session, _ = _room(factory, show_previous=True)
    page = new_page()
    log_in(page, live_server, organizer.email)
    for width, height in ((1280, 720), PHONE):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(_console_url(live_server, event, session) + f"?lang={language}")
        assert page.evaluate("document.documentElement.lang") == language
        violations = _all_violations(page)
        assert violations == [], json.dumps(violations, indent=2)
        # Open folds are checked too: the settings and walk-in forms.
        page.evaluate("""() => document.querySelectorAll('details')
            .forEach(d => { d.open = true; })""")
        violations = _all_violations(page)
        assert violations == [], json.dumps(violations, indent=2)
    _leave(page)

    screen = new_page()
    screen.set_viewport_size({"width": 1280, "height": 720})
    screen.goto(f"{live_server}/events/{event.slug}/sessions/{session.id}/floor?lang={language}")
    expect(screen.locator("#floor-screen-clock")).to_contain_text(":")
    violations = _all_violations(screen)
    assert violations == [], json.dumps(violations, indent=2)
    _leave(screen)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_axe_participant_session_page_no_violation_of_any_impact(
    live_server, new_page, factory, language,
):
    """The session page as a participant sees it while waiting, then holding the floor."""
    event, session, list_id = _room(factory)
    user = factory.user(email=f"waiting-{language}@example.org")
    me = participant(factory, event, "Pat Doe", org="Mine", user=user)
    requests.ask(db.session.get(SpeakersList, list_id), me)
    page = new_page()
    log_in(page, live_server, user.email)
    session_url = f"{live_server}/events/{event.slug}/sessions/{session.id}?lang={language}"
    for width, height in ((1280, 720), PHONE):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(session_url)
        assert page.evaluate("document.documentElement.lang") == language
        expect(page.locator("#floor-standing")).to_have_attribute("data-status", "waiting")
        violations = _all_violations(page)
        assert violations == [], json.dumps(violations, indent=2)
    mine = max(r.id for r in db.session.get(SpeakersList, list_id).requests
               if r.person_id == me.id)
    chair.give_floor(list_id, mine)
    page.goto(session_url)
    expect(page.locator("#floor-standing")).to_have_attribute("data-status", "speaking")
    violations = _all_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    _leave(page)
