"""At most a few registration requests at a time in each worker process.

When registration opens for a popular dialogue, hundreds of people load the form and submit
it within seconds. Each worker thread that takes one of them competes for the process's one
interpreter lock and, on SQLite, for the database's one write lock; let a hundred do so at once
and every request in the process, the visitors' agenda included, waits behind them. The gate
lets ``REGISTRATION_REQUESTS_PER_PROCESS`` registration requests run at once and queues the
others on a semaphore (no CPU spent while waiting), so the rest of the site keeps its threads
and its share of the CPU. A request that has waited ``REGISTRATION_QUEUE_SECONDS`` goes ahead
anyway: the gate only paces, correctness is the event's lock (see accreditation.py). 0 turns the
gate off. The turn is taken before the framework, so a waiting request holds no connection of
the database pool.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from flask import Flask, current_app

# The registration form of an event, shown and submitted.
PATH = re.compile(r"/events/[^/]+/register/?")

_semaphores: dict[int, threading.BoundedSemaphore] = {}
_creating = threading.Lock()


def _semaphore(size: int) -> threading.BoundedSemaphore:
    with _creating:
        if size not in _semaphores:
            _semaphores[size] = threading.BoundedSemaphore(size)
        return _semaphores[size]


@contextmanager
def _turn(config: Mapping[str, object]) -> Iterator[None]:
    size = int(config.get("REGISTRATION_REQUESTS_PER_PROCESS", 0))  # type: ignore[call-overload]
    if size <= 0:
        yield
        return
    semaphore = _semaphore(size)
    acquired = semaphore.acquire(
        timeout=float(config.get("REGISTRATION_QUEUE_SECONDS", 30)))  # type: ignore[arg-type]
    try:
        yield
    finally:
        if acquired:
            semaphore.release()


@contextmanager
def registration_turn() -> Iterator[None]:
    """Wait for a turn among the process's registration requests (bounded), then hold it."""
    with _turn(current_app.config):
        yield


class RegistrationTurns:
    """WSGI middleware: a request for a registration form runs in its turn.

    Taken before the framework, so a waiting request holds no database connection (the
    event's loader and the login would each take one from the pool).
    """

    def __init__(self, wsgi_app: Callable, app: Flask) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if PATH.fullmatch(environ.get("PATH_INFO", "")) is None:
            return self.wsgi_app(environ, start_response)
        # The form's answer is built whole (not streamed): the turn ends with the call.
        with _turn(self.app.config):
            return self.wsgi_app(environ, start_response)


def register(app: Flask) -> None:
    app.wsgi_app = RegistrationTurns(app.wsgi_app, app)
