"""At most a few registration requests at a time in each worker process.

When registration opens for a popular dialogue, hundreds of people load the form and submit
it within seconds. Each worker thread that takes one of them competes for the process's one
interpreter lock and, on SQLite, for the database's one write lock; let a hundred do so at once
and every request in the process, the visitors' agenda included, waits behind them. The gate
lets ``REGISTRATION_REQUESTS_PER_PROCESS`` registration requests run at once and queues the
others on a semaphore (no CPU spent while waiting), so the rest of the site keeps its threads
and its share of the CPU. A request that has waited ``REGISTRATION_QUEUE_SECONDS`` goes ahead
anyway: the gate only paces, correctness is the event's lock (see accreditation.py). 0 turns the
gate off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import current_app

P = ParamSpec("P")
R = TypeVar("R")

_semaphores: dict[int, threading.BoundedSemaphore] = {}
_creating = threading.Lock()


def _semaphore(size: int) -> threading.BoundedSemaphore:
    with _creating:
        if size not in _semaphores:
            _semaphores[size] = threading.BoundedSemaphore(size)
        return _semaphores[size]


@contextmanager
def registration_turn() -> Iterator[None]:
    """Wait for a turn among the process's registration requests (bounded), then hold it."""
    size = int(current_app.config.get("REGISTRATION_REQUESTS_PER_PROCESS", 0))
    if size <= 0:
        yield
        return
    semaphore = _semaphore(size)
    acquired = semaphore.acquire(
        timeout=float(current_app.config.get("REGISTRATION_QUEUE_SECONDS", 30)))
    try:
        yield
    finally:
        if acquired:
            semaphore.release()


def paced(view: Callable[P, R]) -> Callable[P, R]:
    """A view that runs in its turn (registration_turn)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with registration_turn():
            return view(*args, **kwargs)

    return wrapper
