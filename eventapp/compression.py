"""Compressed text responses: gzip, and Brotli when the client offers it.

Every text response (HTML, JSON, XML, iCalendar, CSV, plain text) is compressed on its way
out when the client accepts an encoding we have, except bodies too small to gain anything.
Views that keep a body in the versioned cache ask for its compressed form with
`cached_encoded`, so a cache hit costs no compression at all; everything else is compressed
here, after the view. Streamed bodies (the CSV export) are compressed chunk by chunk as they
go, never gathered in memory.

ETags are per encoding: a compressed body's tag is the identity tag plus "-gzip" or "-br",
so a cache never confuses the two bodies. Clients send that tag back in If-None-Match;
before the view runs, the suffix is taken off again, so every view compares against the one
tag it knows, and the 304 carries the tag the client presented.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from flask import Flask, Response, request
from werkzeug.datastructures import ETags
from werkzeug.http import parse_etags

if TYPE_CHECKING:
    from werkzeug.datastructures import Accept

try:  # Brotli is a dependency, but a missing wheel only costs the better ratio.
    import brotli
except ImportError:  # pragma: no cover - exercised only where the wheel is absent
    brotli = None

GZIP = "gzip"
BROTLI = "br"
# Below this, headers and framing outweigh the saving (and tiny bodies fit one packet anyway).
MIN_SIZE = 500
GZIP_LEVEL = 6
# Quality 5 compresses better than gzip 6 at about the same speed; 11 is many times slower.
BROTLI_QUALITY = 5
TEXT_TYPES = frozenset({
    "text/html", "text/plain", "text/csv", "text/calendar", "text/xml",
    "application/json", "application/xml",
})
_SUFFIXES = {GZIP: "-gzip", BROTLI: "-br"}
# Per request, not in g: an app context can outlive one request.
_PRESENTED = "eventapp.presented_encodings"


def available() -> tuple[str, ...]:
    """The encodings this process can produce, best first."""
    return (BROTLI, GZIP) if brotli is not None else (GZIP,)


def negotiate(accept_encoding: str | None = None) -> str | None:
    """The encoding to use for this request's client, or None for the body as is."""
    accepted = request.accept_encodings if accept_encoding is None else _parse(accept_encoding)
    best, best_quality = None, 0.0
    for encoding in available():
        quality = accepted.quality(encoding)
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


def _parse(value: str) -> Accept:
    from werkzeug.datastructures import Accept
    from werkzeug.http import parse_accept_header

    return parse_accept_header(value, Accept)


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == BROTLI:
        return brotli.compress(body, quality=BROTLI_QUALITY)
    # mtime=0: the same body always gives the same bytes, whichever worker made them.
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def is_text(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() in TEXT_TYPES


class BodyCache(Protocol):
    """What a body cache offers (fragment_cache's caches sit above this module)."""

    def get_or_build(self, key: Hashable, build: Callable[[], bytes]) -> bytes: ...


def cached_encoded(cache: BodyCache, key: Hashable, build: Callable[[], bytes],
                   encoding: str | None) -> tuple[bytes, str | None]:
    """A cached body in the client's encoding; each form is made once per cache entry.

    Returns the bytes and the encoding actually applied (None when the body is sent as is).
    """
    body = cache.get_or_build(key, build)
    if encoding is None or len(body) < MIN_SIZE:
        return body, None
    return cache.get_or_build((key, encoding), lambda: compress(body, encoding)), encoding


def tagged(etag: str, encoding: str | None) -> str:
    return etag + _SUFFIXES[encoding] if encoding in _SUFFIXES else etag


def strip_suffix(tag: str) -> tuple[str, str | None]:
    for encoding, suffix in _SUFFIXES.items():
        if tag.endswith(suffix):
            return tag[: -len(suffix)], encoding
    return tag, None


def _untag_if_none_match() -> None:
    """Let views compare If-None-Match against their identity tags (see the module doc)."""
    raw = request.headers.get("If-None-Match")
    if not raw or raw.strip() == "*":
        return
    etags = parse_etags(raw)
    presented: dict[str, str] = {}
    strong_tags = etags.as_set()
    kinds: dict[bool, list[str]] = {True: [], False: []}
    for tag in etags.as_set(include_weak=True):
        base, encoding = strip_suffix(tag)
        kinds[tag in strong_tags].append(base)
        if encoding:
            presented.setdefault(base, encoding)
    if presented:
        request.environ[_PRESENTED] = presented
        # request.if_none_match is computed once, on first use: hand it the untagged set.
        request.__dict__["if_none_match"] = ETags(kinds[True], kinds[False])


def _stream(chunks: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    if encoding == BROTLI:
        compressor = brotli.Compressor(quality=BROTLI_QUALITY)
        process, finish = compressor.process, compressor.finish
    else:
        gz = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        process, finish = gz.compress, gz.flush
    try:
        for chunk in chunks:
            data = process(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            if data:
                yield data
        yield finish()
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def _vary(response: Response) -> None:
    response.vary.add("Accept-Encoding")


def compress_response(response: Response) -> Response:
    """after_request: encode what the view left as is, and tag ETags per encoding."""
    if response.direct_passthrough or not is_text(response.content_type):
        return response
    _vary(response)
    if response.status_code == 304:
        _retag_not_modified(response)
        return response
    encoding = response.headers.get("Content-Encoding")
    if encoding is None:
        encoding = _encode(response)
    if encoding in _SUFFIXES:
        etag, weak = response.get_etag()
        if etag and not strip_suffix(etag)[1]:
            response.set_etag(tagged(etag, encoding), weak=weak)
    return response


def _breach_exposed(response: Response) -> bool:
    """HTML for a signed-in person: their CSRF token beside text the request chose.

    Compressing both lets a third party who can make the browser send requests and watch
    the sizes guess the token (BREACH); Flask-WTF does not mask tokens per response. Public
    pages and every export (JSON, XML, iCalendar, CSV: no token) are still compressed.
    """
    from flask_login import current_user

    return response.mimetype == "text/html" and current_user.is_authenticated


def _encode(response: Response) -> str | None:
    if response.status_code in (204, 206) or _breach_exposed(response):
        return None
    encoding = negotiate()
    if encoding is None:
        return None
    if response.is_streamed:
        response.response = _stream(response.response, encoding)
        response.headers.pop("Content-Length", None)
    else:
        body = response.get_data()
        if len(body) < MIN_SIZE:
            return None
        response.set_data(compress(body, encoding))
    response.headers["Content-Encoding"] = encoding
    return encoding


def _retag_not_modified(response: Response) -> None:
    """A 304 names the representation the client holds: the tag it sent, suffix and all."""
    etag, weak = response.get_etag()
    presented = request.environ.get(_PRESENTED) or {}
    if etag and etag in presented:
        response.set_etag(tagged(etag, presented[etag]), weak=weak)


def register(app: Flask) -> None:
    app.before_request(_untag_if_none_match)
    app.after_request(compress_response)
