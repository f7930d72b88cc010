"""Absolute links for e-mails and attachments, built from PUBLIC_BASE_URL only.

A link in a message outlives the request that caused it and is read elsewhere, so it must
never take its host from the request (a forged Host header would otherwise put an
attacker's site into a password-reset mail). PUBLIC_BASE_URL is required in production
(see config.check_production_safety); serve-demo sets it to its own address, and tests
fall back to localhost.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

DEVELOPMENT_BASE_URL = "http://localhost"


def public_base_url() -> str:
    return (current_app.config.get("PUBLIC_BASE_URL") or DEVELOPMENT_BASE_URL).rstrip("/")


def public_url(endpoint: str, **values: object) -> str:
    """The absolute URL of an endpoint under PUBLIC_BASE_URL, whatever the current request."""
    parts = urlsplit(public_base_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
