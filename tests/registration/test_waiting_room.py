"""The waiting room: a registration request beyond the queue is answered at once (gate.py)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.people.models import Person
from eventapp.registration.gate import _gate, registration_turn
from eventapp.registration.models import Registration
from tests.conftest import login
from tests.registration.test_register_flow_cost import _form, _user


def _until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _small_gate(app, monkeypatch, room: int) -> None:
    monkeypatch.setitem(app.config, "REGISTRATION_REQUESTS_PER_PROCESS", 1)
    monkeypatch.setitem(app.config, "REGISTRATION_WAITING_ROOM", room)
    monkeypatch.setitem(app.config, "REGISTRATION_QUEUE_SECONDS", 20)
    monkeypatch.setitem(app.config, "REGISTRATION_RETRY_AFTER_SECONDS", 7)


def test_waiting_room_answers_a_form_request_beyond_the_queue_at_once(
        app_ctx, factory, monkeypatch):
    _small_gate(app_ctx, monkeypatch, room=1)
    factory.event("busy")
    factory.categories()
    waiting, turned_away = app_ctx.test_client(), app_ctx.test_client()
    with ThreadPoolExecutor(max_workers=1) as pool:
        with registration_turn():  # the process's one turn is taken
            queued = pool.submit(lambda: waiting.get("/events/busy/register").status_code)
            _until(lambda: _gate(1).waiting == 1)
            start = time.perf_counter()
            response = turned_away.get("/events/busy/register",
                                       headers={"Accept-Language": "fr"})
            answered_in = time.perf_counter() - start
        assert queued.result() == 200
    page = response.get_data(as_text=True)
    assert (response.status_code, response.headers["Retry-After"],
            response.headers["Cache-Control"], response.headers["Content-Language"]) == (
        503, "7", "no-store", "fr")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "<h1>Beaucoup de personnes s’inscrivent en ce moment</h1>" in page
    assert "Veuillez réessayer dans 7 secondes." in page
    assert "<script" not in page
    assert answered_in < 1.0


def test_waiting_room_lets_a_submit_wait_where_a_form_request_is_turned_away(
        app_ctx, factory, monkeypatch):
    # A submit may wait in a queue twice as long: who holds the form finishes first.
    _small_gate(app_ctx, monkeypatch, room=1)
    factory.event("busy")
    category_id = factory.category("academia").id
    user = _user(factory, "late@example.org")
    first, submitter, newcomer = (app_ctx.test_client() for _ in range(3))
    login(submitter, user)
    with ThreadPoolExecutor(max_workers=2) as pool:
        with registration_turn():
            queued_form = pool.submit(lambda: first.get("/events/busy/register").status_code)
            _until(lambda: _gate(1).waiting == 1)
            queued_submit = pool.submit(lambda: submitter.post(
                "/events/busy/register", data=_form(category_id, user.email)).status_code)
            _until(lambda: _gate(1).waiting == 2)
            turned_away = newcomer.get("/events/busy/register").status_code
        assert (queued_form.result(), queued_submit.result(), turned_away) == (200, 302, 503)


def test_waiting_room_burst_loses_nothing_and_each_registration_takes_one_place(
        app_ctx, factory, monkeypatch):
    # Twelve submits at once while the one turn is held: two wait (a submit's queue of two),
    # ten are turned away before anything is read or written; sent again, each registers
    # exactly once, and five places go to five people.
    _small_gate(app_ctx, monkeypatch, room=1)
    event = factory.event("rush", capacity=5, auto_approve=True)
    category_id = factory.category("academia").id
    users = [_user(factory, f"burst{i}@example.org") for i in range(12)]
    emails = [user.email for user in users]
    clients = []
    for user in users:
        client = app_ctx.test_client()
        login(client, user)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    persons_before = _count(Person)

    def submit(number: int, together: bool = True) -> int:
        if together:
            barrier.wait(timeout=30)
        return clients[number].post("/events/rush/register", data=_form(
            category_id, emails[number])).status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        with registration_turn():
            first = [pool.submit(submit, number) for number in range(len(clients))]
            _until(lambda: sum(f.done() for f in first) == 10)
            assert (_gate(1).waiting, _count(Person), _count(Registration)) == (
                2, persons_before, 0)
        statuses = [f.result() for f in first]
    assert sorted(statuses) == [302] * 2 + [503] * 10
    # Each in a thread of its own, as in a worker: the test's context would keep one login.
    with ThreadPoolExecutor(max_workers=1) as pool:
        again = [pool.submit(submit, number, False).result()
                 for number, status in enumerate(statuses) if status == 503]
    assert again == [302] * 10
    db.session.expire_all()
    per_person = db.session.execute(
        select(Registration.person_id, func.count(Registration.id))
        .where(Registration.event_id == event.id).group_by(Registration.person_id)).all()
    assert sorted(n for _, n in per_person) == [1] * 12
    rows = db.session.execute(select(Registration.status, func.count(Registration.id))
                              .where(Registration.event_id == event.id)
                              .group_by(Registration.status)).all()
    assert dict(rows) == {"approved": 5, "waitlisted": 7}
    assert _count(OutboxMessage) == 12


def _count(model: type) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_waiting_room_page_needs_no_request_behind_trusted_hosts(app_ctx, monkeypatch):
    # Rendered before the framework, from the URL map: a site restricted to its own host
    # name still gets the page in every language, with its links.
    from eventapp.registration.gate import WaitingRoom

    monkeypatch.setitem(app_ctx.config, "TRUSTED_HOSTS", ["events.example.org"])
    room = WaitingRoom(app_ctx)
    for language, title in (("en", "Many people are registering right now"),
                            ("es", "Muchas personas se están inscribiendo en este momento")):
        page = room.response({"PATH_INFO": "/events/x/register", "REQUEST_METHOD": "GET",
                              "HTTP_HOST": "events.example.org",
                              "QUERY_STRING": f"lang={language}"}).get_data(as_text=True)
        assert f"<h1>{title}</h1>" in page
        assert 'href="/static/css/app.css"' in page
