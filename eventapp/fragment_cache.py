"""A small per-process cache of rendered output, keyed on database content versions.

Entries are only ever looked up with the versions just read from the database, so a
stale entry is never served, whichever worker made the change; it just ages out.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from flask import Response

T = TypeVar("T")

MAX_ENTRIES = 256


class _BoundedLru:
    """A thread-safe mapping that forgets its least recently used entries."""

    def __init__(self, max_entries: int) -> None:
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key: Hashable, default: object = None) -> object:
        with self._lock:
            if key not in self._entries:
                return default
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_MISSING = object()


class VersionedCache(_BoundedLru):
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(max_entries)

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            self.put(key, value)
        return value  # type: ignore[return-value]


cache = VersionedCache()


def render_versioned(key: Hashable, scopes: list[str], template: str,
                     context: Callable[[], dict]) -> str:
    """Render a template fragment, reusing the output while the scopes' versions hold."""
    from flask import render_template

    from eventapp.versioning import current_versions

    versions = current_versions(scopes)

    def build() -> str:
        return render_template(template, **context())

    if versions is None:
        return build()
    return cache.get_or_build((key, template, versions), build)


def cacheable_for_anonymous() -> bool:
    """Whole pages may be shared only by visitors with nothing personal on them."""
    from flask import session
    from flask_login import current_user

    return not current_user.is_authenticated and not session.get("_flashes")


def anonymous_page(name: Hashable, versions: tuple, build: Callable[[], str]) -> Response:
    """Serve a whole page from the cache to anonymous visitors while its versions hold.

    versions[0] must be the page's main scope; while it was never set the page is built
    fresh, since an unset version cannot tell two databases' contents apart.
    """
    from flask import Response

    def encoded() -> bytes:
        return build().encode("utf-8")

    from eventapp import compression

    if versions[0] is None or not cacheable_for_anonymous():
        return Response(encoded(), mimetype="text/html")
    # Kept compressed too, so a hit costs neither a render nor a compression.
    body, encoding = compression.cached_encoded(
        cache, ("page", name, versions), encoded, compression.negotiate()
    )
    response = Response(body, mimetype="text/html")
    if encoding is not None:
        response.headers["Content-Encoding"] = encoding
    return response


class ShortLivedCache(_BoundedLru):
    """Values kept for a few seconds, for answers where brief staleness is harmless.

    Used for public feed validators only: calendar clients poll every hour or so, and a
    change reaching them one or two seconds later costs nothing, while skipping the
    database makes a conditional request nearly as cheap as a trivial route. Every
    worker's entries expire on their own, so the staleness is bounded whichever worker
    made the change.
    """

    def __init__(self, clock: Callable[[], float] | None = None, max_entries: int = 1024) -> None:
        super().__init__(max_entries)
        self._clock = clock or time.monotonic

    def get_or_compute(self, key: Hashable, ttl_seconds: float, compute: Callable[[], T]) -> T:
        if ttl_seconds <= 0:
            return compute()
        now = self._clock()
        entry = self.get(key)
        if entry is not None and entry[0] > now:  # type: ignore[index]
            return entry[1]  # type: ignore[index]
        value = compute()
        self.put(key, (now + ttl_seconds, value))
        return value


validators = ShortLivedCache()
