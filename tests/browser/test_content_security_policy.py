"""The CSP watch in conftest really sees violations (so a quiet run means a clean one)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import CSP_VIOLATIONS

pytestmark = pytest.mark.browser


def test_inline_style_and_script_are_blocked_and_reported(live_server, new_page):
    page = new_page()
    page.goto(f"{live_server}/events/")
    before = len(CSP_VIOLATIONS)

    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend', '<p id="styled" style="color: red">x</p>');
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true;';
        document.body.appendChild(script);
    }""")
    page.wait_for_timeout(300)

    reported = CSP_VIOLATIONS[before:]
    # Taken back out, so the autouse check does not fail this test for what it provoked.
    del CSP_VIOLATIONS[before:]
    assert page.evaluate("() => window.inlineRan === undefined")
    assert any("style-src-attr" in line for line in reported), reported
    assert any("script-src-elem" in line for line in reported), reported
