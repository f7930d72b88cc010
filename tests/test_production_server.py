"""The README's production set-up keeps answering while slow clients hold connections open."""

from __future__ import annotations

from bench.slow_clients import (
    healthz_latencies,
    production_arguments,
    production_server,
    slow_clients,
)


def test_production_server_answers_healthz_within_a_second_during_fifty_slow_clients() -> None:
    with production_server() as base, slow_clients(base, 50) as sockets:
        during = healthz_latencies(base, 4, timeout=3)

    assert len(sockets) == 50
    assert len(during) >= 10
    assert max(during) < 1.0, during


def test_production_arguments_are_the_readme_gunicorn_line() -> None:
    assert production_arguments() == [
        "--preload", "--workers", "4", "--worker-class", "gthread", "--threads", "64",
        "--bind", "127.0.0.1:8000", "eventapp:create_app()",
    ]
