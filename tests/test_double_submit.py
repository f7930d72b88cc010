"""The same form sent twice, one after the other or at the same moment, is harmless.

Simultaneous submits run in threads, each with its own test client (so its own app
context, session and database connection, like separate workers); a barrier releases
them together. The second submit is answered with the state as it stands, never a 500.
"""

from __future__ import annotations

import html
import io
import logging
import re
import threading
from collections.abc import Callable
from datetime import timedelta

from flask import g
from flask.testing import FlaskClient
from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.programme.models import Session
from eventapp.registration.models import Registration
from tests.conftest import login
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.programme.csv_rows import csv_text, row
from tests.registration.test_csv_import import GOOD
from tests.registration.test_register_views import _form

EXISTS = "An account with this email address already exists."
PASSWORD = "a long enough password"


def _at_once(app, steps: list[Callable[[FlaskClient], object]],
             prepare: Callable[[FlaskClient], None] = lambda client: None) -> list:
    """Run each step in its own thread and client, all released at once; their results."""
    barrier = threading.Barrier(len(steps))
    results: list = [None] * len(steps)

    def worker(index: int) -> None:
        client = app.test_client()
        try:
            prepare(client)
            barrier.wait(timeout=60)
            response = steps[index](client)
            results[index] = (response.status_code, html.unescape(response.get_data(as_text=True)))
        except Exception as exc:  # reported by the test
            results[index] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(steps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    db.session.expire_all()
    return results


def _statuses(results: list) -> list:
    """Each response's status code, or the exception that escaped (shown in the failure)."""
    return [repr(r) if isinstance(r, Exception) else r[0] for r in results]


def _logged_in(user: User) -> Callable[[FlaskClient], None]:
    email = user.email  # read here: the threads have no app context to load it

    def prepare(client: FlaskClient) -> None:
        response = client.post("/login", data={"email": email, "password": FACTORY_PASSWORD})
        assert response.status_code == 302

    return prepare


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _signup(client: FlaskClient):
    return client.post("/signup", data={"email": "new@example.org", "password": PASSWORD,
                                        "confirm": PASSWORD})


def test_signup_twice_in_a_row_answers_as_the_first_time(app_ctx):
    first_client, second_client = app_ctx.test_client(), app_ctx.test_client()
    first = _signup(first_client)
    # The second copy leaves with the cookies of before the first answer: none.
    again = _signup(second_client)
    assert (first.status_code, again.status_code) == (302, 302)
    assert again.headers["Location"] == first.headers["Location"] == "/events/"
    page = html.unescape(second_client.get("/events/").get_data(as_text=True))
    assert ("Your account is ready. We sent a link to new@example.org: open it to confirm "
            "your e-mail address.") in page
    assert _count(User) == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_signup_again_with_another_password_answers_log_in(client, app_ctx):
    assert _signup(client).status_code == 302
    client.post("/logout")
    again = client.post("/signup", data={"email": "new@example.org",
                                         "password": "another long password",
                                         "confirm": "another long password"})
    assert again.status_code == 200
    assert EXISTS in html.unescape(again.get_data(as_text=True))
    assert _count(User) == 1


def test_signup_again_long_after_answers_log_in(client, app_ctx):
    assert _signup(client).status_code == 302
    client.post("/logout")
    user = db.session.scalar(select(User))
    user.created_at = user.created_at - timedelta(minutes=11)
    db.session.commit()
    again = _signup(client)
    assert again.status_code == 200
    assert EXISTS in html.unescape(again.get_data(as_text=True))


def test_simultaneous_signups_make_one_account_and_log_no_secret(app_ctx, caplog):
    # INFO on the engine logs every statement: its parameters must be hidden too.
    caplog.set_level(logging.INFO)
    for _ in range(3):
        results = _at_once(app_ctx, [_signup, _signup])
        # The second is the first sent again (same address and password): the same answer.
        assert _statuses(results) == [302, 302], results
        user = db.session.scalar(select(User))
        assert _count(User) == 1
        assert user.password_hash not in caplog.text
        db.session.delete(user)
        db.session.execute(OutboxMessage.__table__.delete())
        db.session.commit()
    assert PASSWORD not in caplog.text
    assert "scrypt:" not in caplog.text and "pbkdf2:" not in caplog.text
    assert "Traceback" not in caplog.text


def test_simultaneous_anonymous_registrations_make_one_registration(app_ctx, factory):
    factory.event(slug="idm", capacity=10, auto_approve=True)
    data = _form(factory)
    results = _at_once(app_ctx, [lambda c: c.post("/events/idm/register", data=data)] * 2)
    # The second is the first sent again: the same answer, never "already exists".
    assert _statuses(results) == [302, 302], results
    assert (_count(User), _count(Registration)) == (1, 1)
    assert sorted(db.session.scalars(select(OutboxMessage.subject))) == [
        "Confirm your e-mail address", "Registration received: Test dialogue"]


def _register_twice(app, data: dict, prepare=lambda client: None) -> list:
    """The form sent twice, the second copy with the cookies of before the first answer."""
    first_client, second_client = app.test_client(), app.test_client()
    prepare(first_client)
    prepare(second_client)
    responses = [_request(c.post, "/events/idm/register", data=data)
                 for c in (first_client, second_client)]
    pages = [html.unescape(_request(c.get, "/me/registrations").get_data(as_text=True))
             for c in (first_client, second_client)]
    return [(r.status_code, r.headers.get("Location"), _flashed(p))
            for r, p in zip(responses, pages, strict=True)]


def _request(method: Callable, *args: object, **kwargs: object):
    """One request as a browser of its own: the test's app context keeps `g` between
    requests, and Flask-Login keeps the signed-in user there."""
    g.pop("_login_user", None)
    try:
        return method(*args, **kwargs)
    finally:
        g.pop("_login_user", None)


def _flashed(page: str) -> list[str]:
    return re.findall(r'<p class="flash[^"]*"[^>]*>([^<]*)<', page)


def test_registration_sent_twice_anonymously_answers_the_same_page(app_ctx, factory):
    factory.event(slug="idm", capacity=10, auto_approve=True)
    first, second = _register_twice(app_ctx, _form(factory))
    assert first == second
    assert first[:2] == (302, "/me/registrations")
    assert first[2] == ["You are registered and your place is confirmed."]
    assert (_count(User), _count(Registration)) == (1, 1)


def test_registration_sent_twice_when_logged_in_answers_the_same_page(app_ctx, factory,
                                                                     participant):
    factory.event(slug="idm", capacity=10, auto_approve=True)
    data = _form(factory, password=None, confirm=None, email=participant.email)
    first, second = _register_twice(app_ctx, data, prepare=_logged_in(participant))
    assert first == second == (302, "/me/registrations",
                               ["You are registered and your place is confirmed."])
    assert _count(Registration) == 1


def test_registration_with_a_taken_address_and_another_password_says_log_in(app_ctx, factory):
    factory.event(slug="idm", capacity=10, auto_approve=True)
    client = app_ctx.test_client()
    assert _request(client.post, "/events/idm/register", data=_form(factory)).status_code == 302
    other = app_ctx.test_client()
    answer = _request(other.post, "/events/idm/register", data=_form(
        factory, password="another long password", confirm="another long password"))
    assert answer.status_code == 200
    assert f"{EXISTS} Log in first to register with it." in html.unescape(
        answer.get_data(as_text=True))


def _content(body: str) -> str:
    return html.unescape(re.search(r'name="content" type="hidden" value="([^"]+)"', body)[1])


def test_simultaneous_participant_import_confirms_import_once(app_ctx, factory, organizer):
    factory.event(slug="idm", capacity=10)
    factory.categories()
    preview_client = app_ctx.test_client()
    login(preview_client, organizer)
    preview = preview_client.post(
        "/organize/events/idm/registrations/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(GOOD.encode()), "people.csv")})
    content = _content(preview.get_data(as_text=True))
    url = "/organize/events/idm/registrations/import/confirm"
    results = _at_once(app_ctx, [lambda c: c.post(url, data={"content": content})] * 2,
                       prepare=_logged_in(organizer))
    assert _statuses(results) == [302, 302], results
    assert _count(Registration) == 3
    # One message per person whose status the import set, however many confirms ran.
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient == "ana@example.org")) == 1


def test_simultaneous_programme_import_confirms_import_once(app_ctx, factory, organizer):
    factory.categories()
    factory.event("idm")
    content = csv_text([row(), row(session="Panel B", start="12:00", end="13:00",
                                   name="Bo Chen")])
    client = app_ctx.test_client()
    login(client, organizer)
    preview = client.post("/organize/events/idm/import", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(content.encode()), "p.csv")})
    carried = _content(preview.get_data(as_text=True))
    url = "/organize/events/idm/import/confirm"
    results = _at_once(app_ctx, [lambda c: c.post(url, data={"content": carried})] * 2,
                       prepare=_logged_in(organizer))
    assert _statuses(results) == [302, 302], results
    assert _count(Session) == 2


def test_simultaneous_approvals_approve_once_and_mail_once(app_ctx, factory, organizer):
    event = factory.event(slug="idm", capacity=10)
    registration = factory.registration(event, factory.person(email="pat@example.org"),
                                        status="pending")
    url = f"/organize/events/idm/registrations/{registration.id}"
    results = _at_once(app_ctx, [lambda c: c.post(url, data={"status": "approved"})] * 2,
                       prepare=_logged_in(organizer))
    assert _statuses(results) == [302, 302], results
    assert db.session.get(Registration, registration.id).status == "approved"
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient == "pat@example.org")) == 1
