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
