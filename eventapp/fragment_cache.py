"""A small per-process cache of rendered output, keyed on database content versions.

Entries are only ever looked up with the versions just read from the database, so a
stale entry is never served, whichever worker made the change; it just ages out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from flask import Response

T = TypeVar("T")

MAX_ENTRIES = 256


class VersionedCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[return-value]
        value = build()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


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

    if versions[0] is None or not cacheable_for_anonymous():
        body = encoded()
    else:
        body = cache.get_or_build(("page", name, versions), encoded)
    return Response(body, mimetype="text/html")


class ShortLivedCache:
    """Values kept for a few seconds, for answers where brief staleness is harmless.

    Used for public feed validators only: calendar clients poll every hour or so, and a
    change reaching them one or two seconds later costs nothing, while skipping the
    database makes a conditional request nearly as cheap as a trivial route. Every
    worker's entries expire on their own, so the staleness is bounded whichever worker
    made the change.
    """

    def __init__(self, clock: Callable[[], float] | None = None, max_entries: int = 1024) -> None:
        import time

        self._clock = clock or time.monotonic
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get_or_compute(self, key: Hashable, ttl_seconds: float, compute: Callable[[], T]) -> T:
        if ttl_seconds <= 0:
            return compute()
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > now:
                return entry[1]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._entries[key] = (now + ttl_seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


validators = ShortLivedCache()
