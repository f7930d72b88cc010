"""Security headers on every response, trusted hosts, and the proxy setting.

A small after_request rather than Flask-Talisman: the policy is one fixed string, the app
serves no embeddable view (so frame-ancestors is 'none' everywhere), and Talisman's other
features (forced HTTPS redirects, nonces, feature policies) would be configuration to keep
in step with the proxy in front of the app, which already terminates TLS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask, Response, current_app, request
from flask_login import current_user
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

P = ParamSpec("P")
R = TypeVar("R")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
STATIC_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000"
NO_STORE = "no-store"
# Pages about one person or for organizers only, and pages reached with a secret link:
# never kept by a browser or a proxy.
PRIVATE_PREFIXES = ("/organize", "/me", "/reset-password", "/verify-email", "/feeds")


# A page its owner must be able to read again without a network (the participant's badge)
# may be kept by their own browser, never by a shared cache; it is asked again at every load
# (a 304 while nothing changed), so a re-issued badge shows at once, and a day-old copy is
# still shown when the site cannot be reached.
OWNER_CACHE = "private, no-cache, stale-if-error=86400"


def owner_may_keep(view: Callable[P, R]) -> Callable[P, R]:
    """Mark a view whose answer the signed-in owner's browser may keep (OWNER_CACHE)."""
    view.owner_may_keep = True  # type: ignore[attr-defined]
    return view


def _is_private(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PRIVATE_PREFIXES)


def add_security_headers(response: Response) -> Response:
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "owner_may_keep", False) and response.status_code in (200, 304):
        response.headers["Cache-Control"] = OWNER_CACHE
        response.vary.add("Cookie")
    elif request.endpoint != "static" and (
        _is_private(request.path) or current_user.is_authenticated
    ):
        response.headers["Cache-Control"] = NO_STORE
        response.headers.pop("Expires", None)
    return response


def register(app: Flask) -> None:
    config = app.config
    hops = {name: int(config.get(f"PROXY_FIX_{name.upper()}") or 0)
            for name in ("x_for", "x_proto", "x_host", "x_prefix")}
    if any(hops.values()):
        # Only behind proxies that set these headers: otherwise a client could forge its
        # address (and escape the login limit per address) or its host.
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)
    app.after_request(add_security_headers)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> tuple[str, int, dict[str, str]]:
        # Flask refuses a Host outside TRUSTED_HOSTS before routing, so no URL can be built
        # for the site's layout; plain text says enough.
        return ("This site does not answer to that host name.\n", 400,
                {"Content-Type": "text/plain; charset=utf-8"})
