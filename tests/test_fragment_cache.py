from __future__ import annotations

from eventapp.fragment_cache import ShortLivedCache, validators


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_short_lived_cache_reuses_value_until_it_expires():
    clock = FakeClock()
    cache = ShortLivedCache(clock=clock)
    computed = []

    def compute() -> int:
        computed.append(clock.now)
        return len(computed)

    assert cache.get_or_compute("k", 2.0, compute) == 1
    clock.now = 101.9
    assert cache.get_or_compute("k", 2.0, compute) == 1
    clock.now = 102.0
    assert cache.get_or_compute("k", 2.0, compute) == 2
    assert computed == [100.0, 102.0]


def test_short_lived_cache_with_zero_ttl_always_computes():
    cache = ShortLivedCache(clock=FakeClock())
    values = iter(range(10))
    assert [cache.get_or_compute("k", 0, lambda: next(values)) for _ in range(3)] == [0, 1, 2]


def test_public_feed_validator_is_reused_within_its_ttl_only(app_ctx, client, factory):
    from eventapp.extensions import db

    event = factory.event("ev")
    session = factory.session(event, title="Panel")
    first = client.get("/events/ev/calendar.ics")
    app_ctx.config["FEED_VALIDATOR_TTL_SECONDS"] = 60
    try:
        etag = client.get("/events/ev/calendar.ics").headers["ETag"]
        session.title = "Renamed panel"
        db.session.commit()
        # Within the TTL this worker may still answer from memory: bounded staleness.
        stale = client.get("/events/ev/calendar.ics", headers={"If-None-Match": etag})
        assert stale.status_code == 304
        validators.clear()
        fresh = client.get("/events/ev/calendar.ics", headers={"If-None-Match": etag})
        assert fresh.status_code == 200
        assert b"SUMMARY:Renamed panel" in fresh.data
        assert fresh.headers["ETag"] != first.headers["ETag"]
    finally:
        app_ctx.config["FEED_VALIDATOR_TTL_SECONDS"] = 0
        validators.clear()


def test_versioned_cache_evicts_least_recently_used_by_total_bytes():
    from eventapp.fragment_cache import ENTRY_OVERHEAD, VersionedCache

    cache = VersionedCache(max_bytes=3 * (1000 + ENTRY_OVERHEAD))
    for key in ("a", "b", "c"):
        cache.get_or_build(key, lambda key=key: key.encode() * 1000)
    assert cache.total_bytes == 3 * (1000 + ENTRY_OVERHEAD)
    cache.get_or_build("a", lambda: b"rebuilt")  # a hit: "a" becomes the most recent
    cache.get_or_build("d", lambda: b"d" * 1500)  # needs the room of two old entries
    assert ("a" in cache, "b" in cache, "c" in cache, "d" in cache) == (True, False, False, True)
    assert cache.total_bytes == (1000 + ENTRY_OVERHEAD) + (1500 + ENTRY_OVERHEAD)
    assert cache.builds == 4


def test_versioned_cache_keeps_nothing_larger_than_its_budget():
    from eventapp.fragment_cache import VersionedCache

    cache = VersionedCache(max_bytes=500)
    cache.get_or_build("small", lambda: "x")
    assert cache.get_or_build("huge", lambda: "y" * 1000) == "y" * 1000
    assert "huge" not in cache and "small" in cache
    assert cache.total_bytes == 201


def test_cache_budget_comes_from_configuration(tmp_path):
    from eventapp import create_app, fragment_cache

    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.sqlite3",
                "FRAGMENT_CACHE_MAX_BYTES": 12345})
    try:
        assert fragment_cache.cache.max_bytes == 12345
    finally:
        fragment_cache.cache.max_bytes = fragment_cache.MAX_BYTES
