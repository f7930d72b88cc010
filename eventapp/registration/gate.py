"""At most a few registration requests at a time in each worker process, and a waiting room.

When registration opens for a popular dialogue, hundreds of people load the form and submit
it within seconds. Each worker thread that takes one of them competes for the process's one
interpreter lock and, on SQLite, for the database's one write lock; let a hundred do so at once
and every request in the process, the visitors' agenda included, waits behind them. The gate
lets ``REGISTRATION_REQUESTS_PER_PROCESS`` registration requests run at once and queues the
others on a semaphore (no CPU spent while waiting). A request that has waited
``REGISTRATION_QUEUE_SECONDS`` goes ahead anyway: the gate only paces, correctness is the
event's lock (see accreditation.py). 0 turns the gate off. The turn is taken before the
framework, so a waiting request holds no connection of the database pool.

A waiting request still holds one of its worker's threads, so the queue is kept short: when
``REGISTRATION_WAITING_ROOM`` requests already wait in the process, a new form request is
answered at once with the waiting room (503, ``Retry-After``, a page in the visitor's
language saying that nothing was saved and when to try again), without a thread held, a
connection taken or a row read. A submit is let into a queue twice as long, so that people
who already hold the form finish before newcomers start. 0 turns the waiting room off.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from werkzeug.wrappers import Request, Response

from eventapp.i18n import LANGUAGES, anonymous_language
from eventapp.security_headers import NO_STORE, STATIC_HEADERS

# The registration form of an event, shown and submitted.
PATH = re.compile(r"/events/[^/]+/register/?")


@dataclass
class _Gate:
    """The turns of one process, and how many requests wait for one."""

    turns: threading.BoundedSemaphore
    waiting: int = 0
    guard: threading.Lock = field(default_factory=threading.Lock)

    def join_queue(self, room: int) -> bool:
        """Count this request among the waiting unless `room` already wait (0: no limit)."""
        with self.guard:
            if room > 0 and self.waiting >= room:
                return False
            self.waiting += 1
            return True

    def leave_queue(self) -> None:
        with self.guard:
            self.waiting -= 1


_gates: dict[int, _Gate] = {}
_creating = threading.Lock()


def _gate(size: int) -> _Gate:
    with _creating:
        if size not in _gates:
            _gates[size] = _Gate(threading.BoundedSemaphore(size))
        return _gates[size]


def _number(config: Mapping[str, object], key: str, default: float) -> float:
    return float(config.get(key, default))  # type: ignore[arg-type]


def waiting_room_size(config: Mapping[str, object], method: str) -> int:
    """How many may wait in a process before a request of `method` is turned away (0: all)."""
    room = int(_number(config, "REGISTRATION_WAITING_ROOM", 0))
    return room * 2 if method == "POST" else room


@contextmanager
def _turn(config: Mapping[str, object], room: int = 0) -> Iterator[bool]:
    """Hold a turn while the block runs; yields False (no turn held) when the waiting room
    is full and the request must be turned away."""
    size = int(_number(config, "REGISTRATION_REQUESTS_PER_PROCESS", 0))
    if size <= 0:
        yield True
        return
    gate = _gate(size)
    # A free turn is taken at once, however long the queue; only a wait needs a place in it.
    acquired = gate.turns.acquire(blocking=False)
    if not acquired:
        if not gate.join_queue(room):
            yield False
            return
        try:
            acquired = gate.turns.acquire(
                timeout=_number(config, "REGISTRATION_QUEUE_SECONDS", 30))
        finally:
            gate.leave_queue()
    try:
        yield True
    finally:
        if acquired:
            gate.turns.release()


@contextmanager
def registration_turn() -> Iterator[None]:
    """Wait for a turn among the process's registration requests (bounded), then hold it."""
    with _turn(current_app.config):
        yield


class WaitingRoom:
    """The page a request turned away gets, rendered once per process and language."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._pages: dict[str, bytes] = {}
        self._guard = threading.Lock()

    def _page(self, language: str) -> bytes:
        with self._guard:
            page = self._pages.get(language)
        if page is None:
            # No request context: the template reads no account (so nothing of the database),
            # and its links are built from the URL map, which checks no Host header.
            urls = self.app.url_map.bind("localhost")
            with self.app.app_context(), force_locale(language):
                page = render_template(
                    "registration/waiting_room.html", language=language,
                    retry_after=self.retry_after,
                    stylesheet=urls.build("static", {"filename": "css/app.css"}),
                    events_url=urls.build("public.events")).encode("utf-8")
            with self._guard:
                self._pages[language] = page
        return page

    @property
    def retry_after(self) -> int:
        return max(1, int(_number(self.app.config, "REGISTRATION_RETRY_AFTER_SECONDS", 5)))

    def response(self, environ: dict) -> Response:
        request = Request(environ)
        language = anonymous_language(request)
        if language not in LANGUAGES:
            language = "en"
        response = Response(self._page(language), status=503,
                            content_type="text/html; charset=utf-8")
        response.headers["Retry-After"] = str(self.retry_after)
        response.headers["Cache-Control"] = NO_STORE
        response.headers["Content-Language"] = language
        for name, value in STATIC_HEADERS.items():
            response.headers[name] = value
        return response


class RegistrationTurns:
    """WSGI middleware: a request for a registration form runs in its turn, or is answered
    with the waiting room when too many already wait.

    Taken before the framework, so a waiting request holds no database connection (the
    event's loader and the login would each take one from the pool).
    """

    def __init__(self, wsgi_app: Callable, app: Flask) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.waiting_room = WaitingRoom(app)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if PATH.fullmatch(environ.get("PATH_INFO", "")) is None:
            return self.wsgi_app(environ, start_response)
        room = waiting_room_size(self.app.config, environ.get("REQUEST_METHOD", "GET"))
        # The form's answer is built whole (not streamed): the turn ends with the call.
        with _turn(self.app.config, room) as admitted:
            if not admitted:
                return self.waiting_room.response(environ)(environ, start_response)
            return self.wsgi_app(environ, start_response)


def register(app: Flask) -> None:
    app.wsgi_app = RegistrationTurns(app.wsgi_app, app)
