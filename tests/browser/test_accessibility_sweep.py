"""Accessibility sweep: axe-core on every main page, phone-width layout and print styles.

Every page is swept in each interface language (English, French, Spanish): translations change
lengths, word breaks and the `lang` attributes that screen readers pronounce by.

One realistic data set (the demo event), one server and one browser serve every page of the
module: the data is built once, and each person in the story (a visitor, a participant, an
organizer) keeps one logged-in browser tab for all of their pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
import pytest
from sqlalchemy import select

from eventapp.calendars import agenda
from eventapp.demo.seed import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, DEMO_SLUG, seed_demo
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration import notifications
from eventapp.registration.models import Registration
from tests.browser.conftest import ARTIFACTS
from tests.conftest import _clear_all_tables

# One worker builds the sweep's module-wide world once (see --dist loadgroup in pyproject).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("accessibility-sweep")]

AXE_JS = (Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js").read_text(
    encoding="utf-8")
PARTICIPANT_EMAIL = "delegate@demo.eventapp.org"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAPER = {"width": 718, "height": 1000}  # A4 less 1 cm margins, at 96 dpi
LANGUAGES = ("en", "fr", "es")

# (person, page name, path); {placeholders} are filled from the data set.
PAGES = [
    ("visitor", "events list", "/events/"),
    ("visitor", "event page", "/events/{slug}/"),
    ("visitor", "participants list", "/events/{slug}/participants"),
    ("visitor", "public balance summary", "/events/{slug}/balance"),
    ("visitor", "login", "/login"),
    ("visitor", "signup", "/signup"),
    ("visitor", "registration form", "/events/{slug}/register"),
    # Seen by a participant, the public agenda and session page also have their star buttons.
    ("participant", "agenda", "/events/{slug}/agenda"),
    ("participant", "session page", "/events/{slug}/sessions/{session}"),
    ("participant", "my registrations", "/me/registrations"),
    ("participant", "edit registration", "/me/registrations/{own_registration}/edit"),
    ("participant", "cancel confirmation", "/me/registrations/{own_registration}/cancel"),
    ("participant", "my agenda", "/me/agenda"),
    ("organizer", "dashboard", "/organize/"),
    ("organizer", "event overview", "/organize/events/{slug}/"),
    ("organizer", "event edit form", "/organize/events/{slug}/edit"),
    ("organizer", "rooms", "/organize/events/{slug}/rooms"),
    ("organizer", "timetable", "/organize/events/{slug}/timetable"),
    ("organizer", "session form", "/organize/events/{slug}/sessions/{session}/edit"),
    ("organizer", "session editor", "/organize/events/{slug}/sessions/{session}/"),
    ("organizer", "speaker edit",
     "/organize/events/{slug}/sessions/{session}/speakers/{slot}/edit"),
    ("organizer", "registrations list", "/organize/events/{slug}/registrations"),
    ("organizer", "registration detail", "/organize/events/{slug}/registrations/{registration}"),
    ("organizer", "registration settings", "/organize/events/{slug}/registration-settings"),
    ("organizer", "registration import upload", "/organize/events/{slug}/registrations/import"),
    ("organizer", "programme import", "/organize/events/{slug}/import"),
    ("organizer", "balance report", "/organize/events/{slug}/balance"),
    ("organizer", "balance targets", "/organize/events/{slug}/balance/targets"),
    ("organizer", "balance not reached", "/organize/events/{slug}/balance/not-reached"),
    ("organizer", "stakeholder categories", "/organize/categories/"),
    ("organizer", "category edit", "/organize/categories/{category}/edit"),
    ("organizer", "category delete", "/organize/categories/{category}/delete"),
    ("organizer", "categories offered", "/organize/events/{slug}/registration/categories"),
    ("organizer", "mail outbox", "/organize/events/{slug}/outbox"),
    ("organizer", "team", "/organize/events/{slug}/team"),
    # The demo's own entries (its seeding, the registrations' decisions) fill the trail.
    ("organizer", "audit trail", "/organize/events/{slug}/audit"),
    ("organizer", "audit trail filtered, a bad day",
     "/organize/events/{slug}/audit?who=system&type=session&from=26-03-2018"),
]

# Pages checked at phone width and on paper: (person, page name, path).
PHONE_PAGES = [
    ("visitor", "agenda", "/events/{slug}/agenda"),
    ("organizer", "session editor", "/organize/events/{slug}/sessions/{session}/"),
    ("organizer", "balance report", "/organize/events/{slug}/balance"),
    ("organizer", "stakeholder categories", "/organize/categories/"),
]
LAYOUT_RULES = ["scrollable-region-focusable", "target-size"]
PRINT_PAGES = [
    ("visitor", "agenda", "/events/{slug}/agenda"),
    ("organizer", "balance report", "/organize/events/{slug}/balance"),
]


@dataclass
class Sweep:
    base_url: str
    ids: dict[str, object]
    contexts: dict[str, object] = field(default_factory=dict)
    pages: dict[str, object] = field(default_factory=dict)
    looks: dict[str, tuple] = field(default_factory=dict)  # each tab's (viewport, media)

    def url(self, path: str, language: str | None = None) -> str:
        url = self.base_url + path.format(**self.ids)
        if language:
            url += ("&" if "?" in url else "?") + f"lang={language}"
        return url

    def open(self, person: str, path: str, viewport: dict | None = None,
             media: str = "screen", language: str | None = None):
        """The person's tab, showing the page at that size, in that media and language."""
        page = self.pages[person]
        viewport = viewport or DESKTOP
        if self.looks.get(person) != (viewport, media):
            page.set_viewport_size(viewport)
            page.emulate_media(media=media)
            self.looks[person] = (viewport, media)
        response = page.goto(self.url(path, language))
        assert response is not None and response.status == 200, (
            f"{path}: HTTP {response.status if response else '?'}")
        if language:
            assert page.evaluate("document.documentElement.lang") == language, path
        return page


def _build_data() -> dict[str, object]:
    """The demo event, its balance published, a participant with sessions in their agenda."""
    seed_demo()
    event = db.session.scalars(select(Event).where(Event.slug == DEMO_SLUG)).one()
    event.balance_is_public = True
    # The session with the most speakers: the richest session page and session editor.
    session = max(
        db.session.scalars(select(Session).where(Session.event_id == event.id)),
        key=lambda s: len(s.slots),
    )
    slot = db.session.scalars(
        select(SpeakingSlot).where(SpeakingSlot.session_id == session.id)
        .order_by(SpeakingSlot.position)
    ).first()
    own = db.session.scalars(
        select(Registration).join(Person, Registration.person_id == Person.id)
        .where(Person.email == PARTICIPANT_EMAIL)
    ).one()
    pending = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status == "pending")
    ).first()
    for starred in db.session.scalars(
        select(Session).where(Session.event_id == event.id).order_by(Session.starts_at).limit(3)
    ):
        agenda.star(own.person.user_id, starred)
    agenda.star(own.person.user_id, session)
    # Mail waiting for the worker, so the mail page shows its table.
    notifications.queue_status_changes_of([own.id, pending.id])
    db.session.commit()
    return {"slug": event.slug, "session": session.id, "slot": slot.id,
            "own_registration": own.id, "registration": pending.id,
            "category": pending.category_id}


def _log_in(context, base_url: str, email: str) -> None:
    """Post the login form from the context's own cookie jar (the form itself is scanned below)."""
    form = context.request.get(f"{base_url}/login").text()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    response = context.request.post(
        f"{base_url}/login", max_redirects=0,
        form={"csrf_token": token, "email": email, "password": DEMO_PASSWORD, "next": ""})
    assert response.status == 302, response.text()[:500]


@pytest.fixture(scope="module")
def sweep(app, live_server, chromium) -> Iterator[Sweep]:
    result = Sweep(live_server, {})
    try:
        with app.app_context():
            result.ids = _build_data()
        for person, email in (("visitor", None), ("participant", PARTICIPANT_EMAIL),
                              ("organizer", DEMO_ORGANIZER_EMAIL)):
            context = chromium.new_context(viewport=DESKTOP)
            context.set_default_timeout(15_000)
            result.contexts[person] = context
            if email:
                _log_in(context, live_server, email)
            result.pages[person] = context.new_page()
        yield result
    finally:
        for context in result.contexts.values():
            context.close()
        with app.app_context():
            db.session.rollback()
            _clear_all_tables()
            db.session.remove()


def _serious_violations(page, rules: list[str] | None = None) -> list[dict]:
    """axe's serious and critical violations: of every rule, or only of the rules given."""
    page.evaluate(AXE_JS)
    # Target size (WCAG 2.2 AA) is off in axe by default.
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = page.evaluate("options => axe.run(document, options)", options)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [{"target": n["target"], "html": n["html"][:200],
                    "summary": n.get("failureSummary", "")} for n in v["nodes"][:8]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _in_each_language(pages: list[tuple[str, str, str]]) -> dict:
    """pytest.mark.parametrize arguments: every page in every language, named "fr-login"."""
    cases = [(language, *p) for p in pages for language in LANGUAGES]
    return {"argnames": ("language", "person", "name", "path"), "argvalues": cases,
            "ids": [f"{c[0]}-{c[2]}" for c in cases]}


@pytest.mark.parametrize(**_in_each_language(PAGES))
def test_axe_page_has_no_serious_violations(sweep, language, person, name, path):
    page = sweep.open(person, path, language=language)
    violations = _serious_violations(page)
    if violations:
        print(f"\n{name} ({person}, {path}, {language}):\n{json.dumps(violations, indent=2)}")
    assert violations == [], (
        f"{name} ({language}): {len(violations)} serious/critical axe violations")
    # Each language's own name in the switcher is marked with its language.
    named = page.evaluate("""() => [...document.querySelectorAll('.language-switcher [lang]')]
        .map(el => el.getAttribute('lang') + ':' + el.textContent.trim())""")
    assert named == ["en:English", "fr:Français", "es:Español"], named
    # axe no longer checks this by default, but a label or a link to a duplicated id finds
    # the first element only.
    duplicates = page.evaluate("""() => {
        const seen = new Set(), twice = new Set();
        for (const el of document.querySelectorAll('[id]')) {
            (seen.has(el.id) ? twice : seen).add(el.id);
        }
        return [...twice];
    }""")
    assert duplicates == [], f"{name}: duplicate ids {duplicates}"


@pytest.mark.parametrize(**_in_each_language(PHONE_PAGES))
def test_phone_width_page_does_not_overflow(sweep, language, person, name, path):
    page = sweep.open(person, path, viewport=PHONE, language=language)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{language}-{name.replace(' ', '-')}.png"),
                    full_page=True)
    # Wide tables may scroll inside their own .table-wrap; nothing else may stick out.
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const wide = [];
        for (const el of document.querySelectorAll('main *')) {
            if (el.closest('.table-wrap')) continue;
            const box = el.getBoundingClientRect();
            if (box.width && (box.right > width + 1 || box.left < -1)
                && getComputedStyle(el).position !== 'absolute') {
                const cls = el.getAttribute('class');
                wide.push(el.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' '
                          + Math.round(box.left) + '..' + Math.round(box.right));
            }
        }
        return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
    }""")
    assert overflow["scroll"] <= overflow["width"], overflow
    assert overflow["wide"] == [], overflow
    # The rules whose outcome depends on the width: scrolling tables must be reachable from
    # the keyboard, and controls must stay large enough to tap.
    violations = _serious_violations(page, LAYOUT_RULES)
    if violations:
        print(f"\n{name} at phone width ({language}):\n{json.dumps(violations, indent=2)}")
    assert violations == [], (
        f"{name} at phone width ({language}): serious/critical axe violations")


@pytest.mark.parametrize(("person", "name", "path"), PRINT_PAGES,
                         ids=[p[1] for p in PRINT_PAGES])
def test_print_hides_navigation_and_forms(sweep, person, name, path):
    page = sweep.open(person, path, viewport=PAPER, media="print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"print-{name.replace(' ', '-')}.png"))  # the first sheet
    shown = page.evaluate("""() => {
        const visible = el => el.getClientRects().length > 0
            && getComputedStyle(el).visibility !== 'hidden';
        const hidden = ['nav', 'form', 'button', 'input', 'select', 'textarea', '.site-footer'];
        return {
            controls: hidden.flatMap(sel => [...document.querySelectorAll(sel)])
                .filter(visible).map(el => el.outerHTML.slice(0, 120)).slice(0, 10),
            heading: [...document.querySelectorAll('main h1')].filter(visible).length,
            text: document.querySelector('main').innerText.length,
            colour: getComputedStyle(document.body).color,
            scroll: document.documentElement.scrollWidth,
            width: document.documentElement.clientWidth,
        };
    }""")
    assert shown["controls"] == [], shown
    assert shown["heading"] == 1, shown
    assert shown["text"] > 500, shown
    assert shown["colour"] == "rgb(0, 0, 0)", shown
    assert shown["scroll"] <= shown["width"], shown  # nothing cut off at the page's edge


def test_keyboard_reaches_and_scrolls_a_wide_table_on_a_phone(sweep):
    """The speakers table scrolls sideways on a phone: Tab reaches it, arrows scroll it, and its
    row actions come into view with a visible focus ring when tabbed to."""
    page = sweep.open("organizer", "/organize/events/{slug}/sessions/{session}/", viewport=PHONE)
    focused = """() => {
        const el = document.activeElement, style = getComputedStyle(el);
        const wrap = el.closest('.table-wrap'), box = el.getBoundingClientRect();
        return {
            wrap: el.classList.contains('table-wrap'), name: el.getAttribute('aria-labelledby'),
            text: el.textContent.trim().slice(0, 40), inTable: !!wrap && wrap !== el,
            inView: box.left >= 0 && box.right <= document.documentElement.clientWidth,
            ring: style.outlineStyle !== 'none' && style.boxShadow !== 'none',
        };
    }"""
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(focused)
        if state["wrap"]:
            break
    else:
        pytest.fail("Tab never reached the speakers table")
    assert state["name"] == "speakers-caption" and state["ring"], state
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    # The first row's last control is its Remove link, at the far right.
    for _ in range(6):
        page.keyboard.press("Tab")
        state = page.evaluate(focused)
        if state["text"].startswith("Remove"):
            break
    assert state["text"].startswith("Remove"), state
    assert state["inTable"] and state["inView"] and state["ring"], state
