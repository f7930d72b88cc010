"""Every response carries the security headers; private pages are never stored."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from eventapp.calendars import tokens
from eventapp.extensions import db
from eventapp.security_headers import CONTENT_SECURITY_POLICY, OWNER_CACHE
from tests.conftest import login
from tests.factories import PASSWORD
from tests.test_robustness import World, _path, _rules, world  # noqa: F401 - fixture

EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _get_paths(client, fixture: World) -> list[str]:
    rules = [r for r in _rules(client.application) if "GET" in (r.methods or ())]
    return [_path(rule, fixture.real) for rule in rules]


def _owner_may_keep(app, path: str) -> bool:
    """Whether the page is one its owner's browser may keep (the participant's badge)."""
    try:
        endpoint, _args = app.url_map.bind("localhost").match(path)
    except NotFound:
        return False
    return getattr(app.view_functions[endpoint], "owner_may_keep", False)


def _walk(client, fixture: World, *, logged_in: bool) -> list[str]:
    """GET every route with real ids; the headers each response lacks or gets wrong."""
    problems = []
    paths = _get_paths(client, fixture)
    assert len(paths) > 30
    for path in [*paths, "/static/css/app.css", "/no/such/page"]:
        response = client.get(path)
        for name, value in EXPECTED.items():
            if response.headers.get(name) != value:
                problems.append(f"{path} {response.status_code}: {name} = "
                                f"{response.headers.get(name)!r}")
        if "Strict-Transport-Security" in response.headers:
            problems.append(f"{path}: HSTS over plain HTTP")
        private = path.startswith(("/organize", "/me", "/reset-password", "/verify-email")) or (
            logged_in and not path.startswith("/static/"))
        expected = "no-store"
        if response.status_code == 200 and _owner_may_keep(client.application, path):
            expected = OWNER_CACHE
        if private and response.headers.get("Cache-Control") != expected:
            problems.append(f"{path} {response.status_code}: Cache-Control = "
                            f"{response.headers.get('Cache-Control')!r}")
    return problems


def test_every_get_route_has_headers_for_anonymous_visitors(client, world):  # noqa: F811
    assert _walk(client, world, logged_in=False) == []


def test_every_get_route_has_headers_and_no_store_for_organizers(client, world):  # noqa: F811
    login(client, world.organizer, PASSWORD)
    assert _walk(client, world, logged_in=True) == []


def test_every_get_route_has_headers_and_no_store_for_participants(client, world):  # noqa: F811
    login(client, world.participant, PASSWORD)
    assert _walk(client, world, logged_in=True) == []


def test_public_page_keeps_its_cache_header_for_anonymous_visitors(client, factory):
    factory.event("open-event")

    response = client.get("/events/open-event/")

    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"


def test_hsts_is_sent_over_https_only(client):
    secure = client.get("/healthz", base_url="https://localhost")
    plain = client.get("/healthz")

    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in plain.headers
    assert plain.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.fixture()
def guarded_app(database_url, tmp_path):
    from eventapp import create_app

    return create_app({
        "TESTING": True, "SECRET_KEY": "trusted-hosts-secret-key", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": database_url, "OUTBOX_DIR": str(tmp_path / "outbox"),
        "TRUSTED_HOSTS": ["events.example.org"], "PROXY_FIX_X_FOR": 1,
        "PROXY_FIX_X_PROTO": 1,
    })


def test_unknown_host_gets_400(guarded_app):
    client = guarded_app.test_client()

    refused = client.get("/healthz", headers={"Host": "evil.example"})
    allowed = client.get("/healthz", headers={"Host": "events.example.org"})

    assert refused.status_code == 400
    assert refused.get_data(as_text=True) == "This site does not answer to that host name.\n"
    assert refused.headers["X-Frame-Options"] == "DENY"
    assert allowed.status_code == 200


def test_proxy_fix_takes_client_address_and_scheme_from_one_proxy(guarded_app):
    client = guarded_app.test_client()
    seen = {}

    @guarded_app.after_request
    def note(response):
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return response

    response = client.get("/healthz", headers={
        "Host": "events.example.org", "X-Forwarded-For": "203.0.113.9, 198.51.100.1",
        "X-Forwarded-Proto": "https"})

    assert seen == {"addr": "198.51.100.1", "secure": True}
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_personal_feed_is_never_stored_though_fetched_without_login(client, factory, participant):
    token = tokens.regenerate(participant.id).token
    db.session.commit()

    response = client.get(f"/feeds/{token}.ics")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_public_event_feed_keeps_its_shared_cache_header(client, factory):
    factory.event("open-event")

    response = client.get("/events/open-event/calendar.ics")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate, no-transform"
