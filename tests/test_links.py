"""Links for mails come from PUBLIC_BASE_URL, never from the request's Host."""

from __future__ import annotations

from eventapp.links import public_url
from eventapp.registration.notifications import status_change_message


def test_public_url_uses_base_with_path_prefix(app_ctx):
    app_ctx.config["PUBLIC_BASE_URL"] = "https://example.org/dialogues/"
    try:
        url = public_url("public.session", slug="idm", session_id=7)
    finally:
        app_ctx.config["PUBLIC_BASE_URL"] = None

    assert url == "https://example.org/dialogues/events/idm/sessions/7"


def test_status_mail_link_ignores_forged_host(app_ctx, factory):
    registration = factory.registration(factory.event("idm"), factory.person(
        email="ana@example.org"))
    app_ctx.config["PUBLIC_BASE_URL"] = "https://events.example.org"
    try:
        with app_ctx.test_request_context("/", headers={"Host": "evil.example"}):
            mail = status_change_message(registration)
    finally:
        app_ctx.config["PUBLIC_BASE_URL"] = None

    assert "Your registrations: https://events.example.org/me/registrations\n" in mail.body
    assert "evil.example" not in mail.body
