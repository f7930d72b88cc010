"""Shared timing helpers: every goal is a ratio against a trivial route measured in the same run."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text


def median_seconds(call: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@contextmanager
def bench_database() -> Iterator[str]:
    """A throw-away database: SQLite by default, PostgreSQL when BENCH_DATABASE_URL is set."""
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    name = f"eventapp_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def report(name: str, page_seconds: float, baseline_seconds: float, goal: float) -> bool:
    ratio = page_seconds / baseline_seconds
    met = ratio < goal
    print(f"{name}: median {page_seconds * 1000:.2f} ms; baseline /healthz "
          f"{baseline_seconds * 1000:.2f} ms; ratio {ratio:.2f}x (goal < {goal}x: "
          f"{'met' if met else 'NOT met'})")
    return met


def report_cold(name: str, cold_seconds: float, baseline_seconds: float) -> None:
    """The first request after a change, when nothing cached can be reused (no goal)."""
    print(f"{name}: first request after a change {cold_seconds * 1000:.2f} ms "
          f"({cold_seconds / baseline_seconds:.1f}x the baseline; shown for information)")


def cold_median(call, clear, *, repeat: int = 5) -> float:  # noqa: ANN001
    """Median of requests each made right after the caches were emptied."""
    samples = []
    for _ in range(repeat):
        clear()
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
