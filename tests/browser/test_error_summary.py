"""A failed form puts its error summary where the eye is: focused and in the viewport."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

SUMMARY_STATE = """(id) => {
  const box = document.getElementById(id);
  const rect = box.getBoundingClientRect();
  return {
    focused: document.activeElement === box,
    top: Math.round(rect.top) >= 0 && rect.top < window.innerHeight,
    fits: Math.round(rect.bottom) <= window.innerHeight,
    scrolled: window.scrollY > 0,
  };
}"""


def test_registration_errors_take_focus_on_a_phone(live_server, chromium, factory):
    factory.categories()
    factory.event("idm-errors", title="Dialogue on errors")
    context = chromium.new_context(viewport={"width": 375, "height": 667})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/events/idm-errors/register")
        page.get_by_label("Email").fill("ann@example.org")
        page.get_by_role("button", name="Register").click()
        page.wait_for_selector("#error-summary")
        # The summary exists while the page is parsed; its script acts once the document is loaded.
        page.wait_for_load_state("load")
        assert page.evaluate(SUMMARY_STATE, "error-summary") == {
            "focused": True, "top": True, "fits": True, "scrolled": True}
        # The link to the category moves the focus to its first option, with the question shown.
        page.locator("#error-summary").get_by_role("link", name="I take part as").click()
        state = page.evaluate("""() => ({
          focused: document.activeElement.id,
          legendVisible: (() => {
            const r = document.activeElement.closest('fieldset').querySelector('legend')
              .getBoundingClientRect();
            return Math.round(r.top) >= 0 && Math.round(r.bottom) <= window.innerHeight;
          })(),
        })""")
        assert state == {"focused": "category-0", "legendVisible": True}
    finally:
        context.close()


def test_new_session_errors_take_focus(live_server, new_page, factory, organizer):
    factory.event("idm-errors", title="Dialogue on errors")
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-errors/sessions/new")
    page.get_by_label("Title", exact=True).fill("Opening")
    page.locator("form.form [type=submit]").click()
    page.wait_for_selector("#error-summary")
    # The summary exists while the page is parsed; its script acts once the document is loaded.
    page.wait_for_load_state("load")
    state = page.evaluate(SUMMARY_STATE, "error-summary")
    assert (state["focused"], state["top"], state["fits"]) == (True, True, True)
    links = page.locator("#error-summary a").evaluate_all("els => els.map(a => a.hash)")
    assert links == ["#start_time", "#end_time"]


def test_speaker_form_far_down_the_page_scrolls_its_summary_into_view(
    live_server, new_page, factory, organizer,
):
    event = factory.event("idm-errors", title="Dialogue on errors")
    session = factory.session(event, title="Panel on partnerships")
    for n in range(8):
        factory.slot(session, factory.person(f"Speaker Number{n}"))
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-errors/sessions/{session.id}")
    form = page.locator("section[aria-labelledby=add-new-heading] form")
    form.get_by_label("First name").fill("Ann")
    form.locator("[type=submit]").click()
    page.wait_for_selector("#new-speaker-errors")
    # The summary exists while the page is parsed; its script acts once the document is loaded.
    page.wait_for_load_state("load")
    assert page.evaluate(SUMMARY_STATE, "new-speaker-errors") == {
        "focused": True, "top": True, "fits": True, "scrolled": True}
    page.locator("#new-speaker-errors").get_by_role("link", name="Last name").click()
    assert page.evaluate("document.activeElement.id") == "new-last_name"
