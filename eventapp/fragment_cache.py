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

MAX_ENTRIES = 100_000
# What one worker may hold in rendered output; set with FRAGMENT_CACHE_MAX_BYTES.
MAX_BYTES = 64 * 1024 * 1024
# Bookkeeping per entry (key, dict slot, object headers), so that many tiny entries count too.
ENTRY_OVERHEAD = 200


def size_of(value: object) -> int:
    """Roughly what a cached value costs in memory: the length of its text, plus overhead."""
    if isinstance(value, (bytes, bytearray, str)):
        return len(value) + ENTRY_OVERHEAD
    if isinstance(value, (tuple, list)):
        if all(isinstance(item, bytes) for item in value):  # a page cut at its markers
            return sum(map(len, value)) + ENTRY_OVERHEAD * (len(value) + 1)
        return sum(size_of(item) for item in value) + ENTRY_OVERHEAD
    return ENTRY_OVERHEAD


class _BoundedLru:
    """A thread-safe mapping that forgets its least recently used entries.

    Bounded by entries and by the total size of the values, whichever is reached first.
    """

    def __init__(self, max_entries: int, max_bytes: int | None = None) -> None:
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries
        self.max_bytes = max_bytes
        self.total_bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def get(self, key: Hashable, default: object = None) -> object:
        with self._lock:
            if key not in self._entries:
                return default
            self._entries.move_to_end(key)
            return self._entries[key][0]

    def get_many(self, keys: list[Hashable], default: object = None) -> list[object]:
        """Values for many keys under one lock (a feed looks up one piece per session)."""
        entries = self._entries
        found = []
        with self._lock:
            for key in keys:
                entry = entries.get(key)
                if entry is None:
                    found.append(default)
                else:
                    entries.move_to_end(key)
                    found.append(entry[0])
        return found

    def put(self, key: Hashable, value: object) -> None:
        size = size_of(value) if self.max_bytes is not None else 0
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.total_bytes -= old[1]
            if self.max_bytes is not None and size > self.max_bytes:
                return  # larger than the whole budget: serve it, keep nothing
            self._entries[key] = (value, size)
            self.total_bytes += size
            while len(self._entries) > self._max or (
                self.max_bytes is not None and self.total_bytes > self.max_bytes
            ):
                _, (_, evicted) = self._entries.popitem(last=False)
                self.total_bytes -= evicted

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.total_bytes = 0


_MISSING = object()


def _language() -> str:
    from eventapp.i18n import current_language

    return current_language()


class VersionedCache(_BoundedLru):
    """Rendered output per key and per interface language.

    The language is part of every key, so that no caller can forget it: a page, a fragment
    or an export built for a French visitor is never served to a Spanish one.
    """

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int | None = MAX_BYTES) -> None:
        super().__init__(max_entries, max_bytes)
        # How many values were built rather than reused: tests and benchmarks read it.
        self.builds = 0

    def get(self, key: Hashable, default: object = None) -> object:
        return super().get((_language(), key), default)

    def put(self, key: Hashable, value: object) -> None:
        super().put((_language(), key), value)

    def __contains__(self, key: Hashable) -> bool:
        return super().__contains__((_language(), key))

    def get_many(self, keys: list[Hashable], default: object = None) -> list[object]:
        language = _language()
        return super().get_many([(language, key) for key in keys], default)

    def peek(self, language: str, key: Hashable, default: object = None) -> object:
        """The value built for that language, outside a request (the language is given)."""
        return super().get((language, key), default)

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            self.builds += 1
            self.put(key, value)
        return value  # type: ignore[return-value]


cache = VersionedCache()


def versioned(key: Hashable, reusable: bool, build: Callable[[], T]) -> T:
    """Reuse output under a key that names the versions it was built from, when reusable."""
    return cache.get_or_build(key, build) if reusable else build()


def cacheable_for_anonymous() -> bool:
    """Whole pages may be shared only by visitors with nothing personal on them."""
    from flask import session
    from flask_login import current_user

    return not current_user.is_authenticated and not session.get("_flashes")


def anonymous_page(name: Hashable, versions: tuple,
                   build: Callable[[], str | bytes]) -> Response:
    """Serve a whole page from the cache to anonymous visitors while its versions hold.

    versions[0] must be the page's main scope; while it was never set the page is built
    fresh, since an unset version cannot tell two databases' contents apart.
    """
    from flask import Response

    def encoded() -> bytes:
        body = build()
        return body if isinstance(body, bytes) else body.encode("utf-8")

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
        super().__init__(max_entries, None)
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

    def fresh(self, key: Hashable, default: object = None) -> object:
        """The value while it is still trusted, else default; never computes."""
        entry = self.get(key)
        if entry is not None and entry[0] > self._clock():  # type: ignore[index]
            return entry[1]  # type: ignore[index]
        return default


validators = ShortLivedCache()
