"""One registration flow at the opening rush: the form, its submit and the page after.

Requests run in a thread of their own, so each one has its own app context and session, as
in a worker process (in the test's own context the identity map would hide statements).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from eventapp import fragment_cache
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.i18n.recipient import in_language
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queue import encode_attachments
from eventapp.people.models import Person
from eventapp.registration.models import CategoryQuota, Registration
from eventapp.registration.notifications import confirmation_message
from eventapp.registration.notify import load_for_mail
from eventapp.registration.places import waitlist_reasons
from tests.conftest import count_queries, login

# The event, the login's user (with whether it is on a team, for the menu's "Organize"
# entry, and whether it has a person yet), the offered categories with the version of the
# organizations list (the kept blank form is keyed on it: the list itself is not read).
FORM_STATEMENTS = 3
# The event, the login's user, the person (with the holder of the submitted address), the
# offered categories, the person's insert and its audit entry; then the lock, which raises the
# registrations version in the same statement on PostgreSQL (on SQLite the version's upsert
# takes the write lock, then the event is read); the places, the registration, its audit
# entry (named after the person already read), its message.
SUBMIT_STATEMENTS = {"postgresql": 11, "sqlite": 12}
# The login's user, the registrations with their events and categories.
PAGE_STATEMENTS = 2


def _in_own_context(call: Callable[[], object]) -> object:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _user(factory, email: str, language: str = "en"):
    user = factory.user(email=email)
    user.email_verified_at = utcnow()
    user.language = language
    db.session.commit()
    return user


def _form(category_id: int, email: str, **extra: str) -> dict[str, str]:
    return {"email": email, "first_name": "Ada", "last_name": "Okafor",
            "category": str(category_id), "organization": "none",
            "delegation_role": "delegate", **extra}


def _flow_counts(app, client, slug: str, data: dict[str, str]) -> tuple[int, int, int]:
    counts = []
    for method, path, body in (("get", f"/events/{slug}/register", None),
                               ("post", f"/events/{slug}/register", data),
                               ("get", "/me/registrations", None)):
        with count_queries() as counter:
            response = _in_own_context(
                lambda method=method, path=path, body=body: getattr(client, method)(
                    path, data=body))
        assert response.status_code == (302 if method == "post" else 200), path
        counts.append(counter.count)
    return tuple(counts)


def _event_of_size(factory, slug: str, sessions: int, registrations: int):
    event = factory.event(slug, capacity=1000, auto_approve=True)
    for _ in range(sessions):
        factory.slot(factory.session(event))
    for _ in range(registrations):
        factory.registration(event)
    return event


def test_register_flow_statements_same_for_small_and_large_events(app_ctx, factory):
    category = factory.category("civil-society")
    factory.organization("Ministry of Labour")
    small = _event_of_size(factory, "small", sessions=1, registrations=2)
    large = _event_of_size(factory, "large", sessions=12, registrations=40)
    dialect = db.engine.dialect.name
    # The process's first form renders the kept blank form: the organizations are read once.
    fragment_cache.cache.clear()
    warm = app_ctx.test_client()
    login(warm, _user(factory, "warm@example.org"))
    with count_queries() as counter:
        _in_own_context(lambda: warm.get("/events/small/register"))
    assert counter.count == FORM_STATEMENTS + 1
    for event in (small, large):
        email = f"first-{event.slug}@example.org"
        user = _user(factory, email)
        client = app_ctx.test_client()
        login(client, user)
        assert _flow_counts(app_ctx, client, event.slug, _form(category.id, email)) == (
            FORM_STATEMENTS, SUBMIT_STATEMENTS[dialect], PAGE_STATEMENTS)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def _confirmation_as_built_from_the_saved_registration(registration_id: int) -> tuple:
    registration = load_for_mail([registration_id])[0]
    reason = waitlist_reasons([registration]).get(registration_id)
    # The request that registered spoke the person's language; the outbox keeps a subject
    # on one line of plain spaces.
    with in_language(registration.person.user.language):
        mail = confirmation_message(registration, reason=reason)
    return (mail.to, " ".join(mail.subject.split()), mail.body,
            encode_attachments(mail.attachments))


def _queued(registration_id: int) -> tuple:
    registration = db.session.get(Registration, registration_id)
    row = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "registration-received",
        OutboxMessage.recipient == registration.person.user.email)).one()
    return row.recipient, row.subject, row.body_text, row.attachments


def test_register_confirmation_drafted_before_the_lock_equals_one_built_after(
        app_ctx, factory):
    # Approved in English, then waitlisted by the full quota in French and in Spanish: the
    # message written before the decision is the one the saved registration gives.
    event = factory.event("idm", capacity=10, auto_approve=True, title="Dialogue",
                          title_fr="Dialogue FR", venue="Palais", city="Genève")
    government = factory.category("government")
    db.session.add(CategoryQuota(event_id=event.id, category_id=government.id, max_places=1))
    db.session.commit()
    organization = factory.organization("Ministry of Labour")
    organization.is_confirmed = True
    db.session.commit()
    ids, form = [], {"honorific": "Dr", "organization": str(organization.id)}
    government_id = government.id
    for number, language in enumerate(("en", "fr", "es")):
        email = f"person{number}@example.org"
        client = app_ctx.test_client()
        login(client, _user(factory, email, language))
        response = _in_own_context(lambda client=client, email=email: client.post(
            "/events/idm/register", data=_form(government_id, email, **form)))
        assert response.status_code == 302
        db.session.expire_all()
        ids.append(db.session.scalar(select(Registration.id).join(Registration.person).where(
            Person.email == email)))
    statuses = [db.session.get(Registration, i).status for i in ids]
    assert statuses == ["approved", "waitlisted", "waitlisted"]
    for registration_id in ids:
        assert _queued(registration_id) == \
            _confirmation_as_built_from_the_saved_registration(registration_id)


def test_register_concurrent_submits_through_the_form_never_overbook(app_ctx, factory,
                                                                     monkeypatch):
    # Every submit at once in this one process: no gate pacing them (see gate.py), as across
    # worker processes, where only the event's lock keeps the count.
    monkeypatch.setitem(app_ctx.config, "REGISTRATION_REQUESTS_PER_PROCESS", 0)
    event = factory.event("rush", capacity=5, auto_approve=True)
    category_id = factory.category("academia").id
    users = [_user(factory, f"rush{i}@example.org") for i in range(12)]
    emails = [user.email for user in users]
    clients = []
    for user in users:
        client = app_ctx.test_client()
        login(client, user)
        clients.append(client)
    barrier = threading.Barrier(len(clients))

    def submit(number: int) -> int:
        barrier.wait(timeout=60)
        return clients[number].post("/events/rush/register", data=_form(
            category_id, emails[number])).status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        statuses = list(pool.map(submit, range(len(clients))))
    assert statuses == [302] * len(clients)
    db.session.expire_all()
    rows = db.session.execute(select(Registration.status, func.count(Registration.id))
                              .where(Registration.event_id == event.id)
                              .group_by(Registration.status)).all()
    assert dict(rows) == {"approved": 5, "waitlisted": 7}
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.kind == "registration-received")) == 12

