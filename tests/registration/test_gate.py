"""Registration requests take turns in a worker process (eventapp/registration/gate.py)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from eventapp.registration.gate import registration_turn


def _most_at_once(app, threads: int) -> int:
    inside, most = [0], [0]
    guard = threading.Lock()
    barrier = threading.Barrier(threads)

    def take_a_turn(_: int) -> None:
        with app.app_context():
            barrier.wait(timeout=30)
            with registration_turn():
                with guard:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.05)
                with guard:
                    inside[0] -= 1

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(take_a_turn, range(threads)))
    return most[0]


def test_registration_turns_at_most_the_configured_number_at_once(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "REGISTRATION_REQUESTS_PER_PROCESS", 2)
    assert _most_at_once(app_ctx, 6) == 2


def test_registration_turns_unlimited_when_set_to_zero(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "REGISTRATION_REQUESTS_PER_PROCESS", 0)
    assert _most_at_once(app_ctx, 4) == 4


def test_register_form_waits_for_a_turn_then_goes_ahead_after_the_queue_limit(
        app_ctx, factory, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "REGISTRATION_REQUESTS_PER_PROCESS", 1)
    monkeypatch.setitem(app_ctx.config, "REGISTRATION_QUEUE_SECONDS", 0.5)
    factory.event("paced")
    factory.categories()
    client = app_ctx.test_client()

    def timed_form() -> tuple[int, float]:
        start = time.perf_counter()
        status = client.get("/events/paced/register").status_code
        return status, time.perf_counter() - start

    with ThreadPoolExecutor(max_workers=1) as pool:
        free_status, _ = pool.submit(timed_form).result()
        with registration_turn():  # the process's one turn is taken
            waited_status, waited = pool.submit(timed_form).result()
    assert (free_status, waited_status) == (200, 200)
    assert waited >= 0.5
