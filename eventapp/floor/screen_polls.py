"""floor.json for the room's screens without the framework: hundreds poll it every second.

An anonymous screen's poll is answered before Flask builds a request, from what the floor
view stored a moment ago: the validator in fragment_cache.validators (trusted
FLOOR_VALIDATOR_TTL_SECONDS) and, for a screen that does not hold that version yet, the
snapshot the view built for it (fragment_cache.cache, keyed on the tag). Anything else goes
on to the view, which decides as always: a signed-in visitor, no fresh validator or no
snapshot in this worker, a draft event or a session that is not scheduled. So this path only
repeats, within the same short trust, the answer the view itself gives, byte for byte and
with the same headers, at a fraction of the cost of the trivial /healthz route.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from flask import Flask
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_etags
from werkzeug.wrappers import Request

from eventapp import compression, fragment_cache
from eventapp.db_types import utcnow
from eventapp.floor.state import public_json
from eventapp.floor.views import etag_for
from eventapp.i18n import anonymous_language, language_etag
from eventapp.security_headers import HSTS, STATIC_HEADERS

# Ids of at most nine digits (inside the database's integers); any other goes to the view.
PATH = re.compile(r"/events/([^/]+)/sessions/([0-9]{1,9})/floor\.json")
WsgiApp = Callable[[dict, Callable], Iterable[bytes]]
VARY = "Accept-Encoding, Accept-Language, Cookie"


class ScreenPolls:
    """WSGI middleware in front of the app (inside any proxy fix, which stays outermost)."""

    def __init__(self, app: Flask, wsgi_app: WsgiApp) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        answer = self.answer(environ)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body] if body else []

    def answer(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """(status, headers, body) when this worker may answer on the view's behalf, else None."""
        if environ.get("REQUEST_METHOD") != "GET" or self.app.debug:
            return None
        match = PATH.fullmatch(environ.get("PATH_INFO", ""))
        if match is None:
            return None
        config = self.app.config
        request = Request(environ)
        request.trusted_hosts = config.get("TRUSTED_HOSTS")
        try:
            request.host  # noqa: B018  (raises for a host the app does not answer to)
        except SecurityError:
            return None
        cookies = request.cookies
        if config["SESSION_COOKIE_NAME"] in cookies or \
                config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
            return None  # perhaps signed in: drafts and languages are the view's to decide
        slug, session_id = match.group(1), int(match.group(2))
        stamp = fragment_cache.validators.fresh(("floor.json", slug, session_id))
        if stamp is None:
            return None
        published, status, list_id, version, opened_at = stamp
        if not published or status != "scheduled":
            return None
        language = anonymous_language(request)
        tag = language_etag(etag_for(session_id, list_id, version, opened_at), language)
        headers = [("Cache-Control", "no-cache"), ("Vary", VARY), *STATIC_HEADERS.items()]
        if request.is_secure:
            headers.append(("Strict-Transport-Security", HSTS))
        etags = parse_etags(environ.get("HTTP_IF_NONE_MATCH"))
        if etags.star_tag:
            return None
        # The screen may hold a compressed copy: its tag carries the encoding's suffix.
        held = next((t for t in etags.as_set() if compression.strip_suffix(t)[0] == tag), None)
        if held is not None:
            return "304 NOT MODIFIED", [("ETag", f'"{held}"'), *headers], b""
        return self._full(language, session_id, tag, request, headers)

    def _full(self, language: str, session_id: int, tag: str, request: Request,
              headers: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """The new version, from the snapshot the view built for this tag in this worker."""
        snapshot = fragment_cache.cache.peek(language, ("floor.json", session_id, tag))
        if snapshot is None:
            return None
        # As jsonify writes it outside debug mode: compact, sorted keys, a final newline.
        body = (self.app.json.dumps(public_json(snapshot, utcnow()), separators=(",", ":"))
                + "\n").encode("utf-8")
        encoding = None
        if len(body) >= compression.MIN_SIZE:
            encoding = compression.negotiate(request.headers.get("Accept-Encoding", ""))
        if encoding is not None:
            body = compression.compress(body, encoding)
            headers = [("Content-Encoding", encoding), *headers]
        return "200 OK", [("Content-Type", "application/json"),
                          ("Content-Length", str(len(body))),
                          ("ETag", f'"{compression.tagged(tag, encoding)}"'), *headers], body


def register(app: Flask) -> None:
    app.wsgi_app = ScreenPolls(app, app.wsgi_app)
