"""Browser tests: the real app on a real local server, driven by Debian's Chromium.

Without /usr/bin/chromium the tests are skipped on a developer machine, but fail in CI (the
CI variable is set), so a broken CI image can never pass silently.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from eventapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        return  # the browser fixture fails loudly instead
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(app, database_url: str, tmp_path_factory) -> Iterator[str]:
    """A second app on the test database, with CSRF on, served over real HTTP."""
    instance = tmp_path_factory.mktemp("live-instance")
    live_app = create_app({
        "TESTING": True,
        "SECRET_KEY": "live-server-secret-key-for-tests",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": True,
        "SESSION_COOKIE_SECURE": False,
        "OUTBOX_DIR": str(instance / "outbox"),
    })
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        from eventapp.extensions import db

        with live_app.app_context():
            db.engine.dispose()


# Every page reports Content-Security-Policy violations to the console, where Chromium
# also writes its own "Refused to ..." lines; both end up in CSP_VIOLATIONS.
CSP_REPORTER = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')
                + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""
CSP_VIOLATIONS: list[str] = []


def _note_csp_violation(message) -> None:
    text = message.text
    if text.startswith("CSP violation") or "Content Security Policy" in text:
        CSP_VIOLATIONS.append(f"{message.location.get('url', '?')}: {text}")


def watch_csp(context):
    context.add_init_script(CSP_REPORTER)
    context.on("console", _note_csp_violation)
    return context


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is required in CI")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # Every context, also those a test makes itself, watches for CSP violations.
        new_context = browser.new_context
        browser.new_context = lambda *args, **kwargs: watch_csp(new_context(*args, **kwargs))
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(autouse=True)
def no_csp_violations() -> Iterator[None]:
    """Fail any browser test during which a page broke the Content-Security-Policy."""
    before = len(CSP_VIOLATIONS)
    yield
    new = CSP_VIOLATIONS[before:]
    assert new == [], "Content-Security-Policy violations:\n" + "\n".join(new)


@pytest.fixture()
def new_page(chromium):
    """Pages in fresh contexts (separate cookies: one per person in the story)."""
    contexts = []

    def make():
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def gunicorn_live(app, database_url: str) -> Iterator[str]:
    """The production server, two sync workers, on the test database: whatever one worker
    does, the other must see, with nothing shared but the database."""
    from bench.common import gunicorn_server

    with gunicorn_server(database_url, workers=2) as base:
        yield base
