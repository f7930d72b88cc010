"""The organizer's registrations list is cached per content version: never stale, never personal."""

from __future__ import annotations

import re

from flask import g
from sqlalchemy import select

from eventapp import fragment_cache
from eventapp.accounts import service
from eventapp.extensions import db
from eventapp.people.models import Organization
from eventapp.programme.models import Event
from eventapp.registration.models import Registration
from eventapp.versioning import bump, registrations_scope
from tests.conftest import count_queries, login
from tests.registration.bulk_c1 import add_registrations

LIST = "/organize/events/idm/registrations"


def _as(client, method: str, url: str, **kwargs):
    # The test's application context outlives requests and would keep the previous
    # browser's login and CSRF token: each request here loads its own browser's.
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    return getattr(client, method)(url, **kwargs)


def _list(client) -> str:
    response = _as(client, "get", LIST)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    """The page as a reader sees it: tags out, white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _places(html: str) -> str:
    return _text(re.search(r'<p class="places">(.*?)</p>', html, re.S).group(1))


def _names(html: str) -> list[str]:
    return re.findall(r'/registrations/\d+">([^<]+)</a>', html)


def _row(html: str, registration_id: int) -> str:
    return re.search(rf'id="select-{registration_id}".*?</tr>', html, re.S).group(0)


def _status(html: str, registration_id: int) -> str:
    return re.search(r'<span class="status status-(\w+)">', _row(html, registration_id)).group(1)


def test_organize_list_second_visit_is_served_from_the_cache(organizer_client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("Ana Lima"), status="pending")
    first = _list(organizer_client)
    builds = fragment_cache.cache.builds

    again = _list(organizer_client)

    assert fragment_cache.cache.builds == builds
    assert again == first
    assert _names(again) == ["Lima, Ana"]


def test_organize_list_never_stale_after_any_write(app, organizer_client, factory):
    event = factory.event(slug="idm", title="IDM 2018", capacity=10, auto_approve=False)
    unconfirmed = Organization(name="Typo Ministry", name_key="typo ministry",
                               category=factory.category("government"), country="KE",
                               governance_level="national", is_confirmed=False)
    db.session.add(unconfirmed)
    db.session.commit()
    ana = factory.registration(event, factory.person("Ana Lima"), status="pending")
    bo_user = factory.user(email="bo@example.org")
    bo = factory.registration(event, factory.person("Bo Chen", user=bo_user,
                                                    organization=unconfirmed),
                              status="approved")
    html = _list(organizer_client)
    assert _names(html) == ["Lima, Ana", "Chen, Bo"]
    assert _places(html) == "1 of 10 places taken · 9 left · 0 waitlisted · 1 pending review"
    assert "E-mail not confirmed" in _row(html, bo.id)
    assert "To confirm" in _row(html, bo.id)

    # A new registration, made by the participant in their own browser.
    participant = factory.user(email="cleo@example.org")
    browser = app.test_client()
    g.pop("_login_user", None)
    login(browser, participant)
    response = _as(browser, "post", "/events/idm/register", data={
        "email": "cleo@example.org", "first_name": "Cleo", "last_name": "Diaz",
        "category": str(factory.category("civil-society").id), "organization": "none",
        "delegation_role": "delegate"})
    assert response.status_code == 302
    html = _list(organizer_client)
    assert _names(html) == ["Lima, Ana", "Diaz, Cleo", "Chen, Bo"]
    assert "3 registrations" in html
    assert _places(html) == "1 of 10 places taken · 9 left · 0 waitlisted · 2 pending review"

    # Bulk approval by the organizer.
    response = _as(organizer_client, "post", "/organize/events/idm/registrations/bulk",
                                     data={"action": "approved", "ids": [str(ana.id)]})
    assert response.status_code == 200
    html = _list(organizer_client)
    assert _status(html, ana.id) == "approved"
    assert _places(html) == "2 of 10 places taken · 8 left · 0 waitlisted · 1 pending review"

    # Waitlisting one from its detail page.
    response = _as(organizer_client, "post", f"/organize/events/idm/registrations/{bo.id}",
                                     data={"status": "waitlisted"})
    assert response.status_code == 302
    html = _list(organizer_client)
    assert _status(html, bo.id) == "waitlisted"
    assert _places(html) == "1 of 10 places taken · 9 left · 1 waitlisted · 1 pending review"

    # The participant corrects their name.
    cleo = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.person.has(last_name="Diaz")))
    response = _as(browser, "post", f"/me/registrations/{cleo.id}/edit", data={
        "first_name": "Cleo", "last_name": "Diaz-Ruiz", "email": "cleo@example.org",
        "delegation_role": "delegate"})
    assert response.status_code == 302
    # Pending first, then waitlisted, then approved.
    assert _names(_list(organizer_client)) == ["Diaz-Ruiz, Cleo", "Chen, Bo", "Lima, Ana"]

    # Bo confirms his e-mail address; the organizer confirms his organization.
    assert service.confirm_email(db.session.get(type(bo_user), bo_user.id))
    db.session.commit()
    html = _list(organizer_client)
    assert "E-mail not confirmed" not in _row(html, bo.id)
    assert "E-mail not confirmed" in _row(html, cleo.id)
    response = _as(organizer_client, "post",
                   f"/organize/events/idm/organizations/{unconfirmed.id}/confirm")
    assert response.status_code == 302
    html = _list(organizer_client)
    assert "To confirm" not in html
    assert "wait for confirmation" not in html and "waits for confirmation" not in html

    # The event's own settings and a category's name.
    db.session.get(Event, event.id).capacity = 4
    db.session.get(Event, event.id).title = "IDM 2018, Geneva"
    db.session.commit()
    html = _list(organizer_client)
    assert _places(html) == "1 of 4 places taken · 3 left · 1 waitlisted · 1 pending review"
    assert "<title>Registrations: IDM 2018, Geneva · eventapp</title>" in html
    factory.category("civil-society").name = "Civil society organizations"
    db.session.commit()
    assert '<th scope="row">Civil society organizations</th>' in _list(organizer_client)


def test_organize_list_token_is_each_visitors_own(app, factory):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        event = factory.event(slug="idm")
        factory.registration(event, factory.person("Ana Lima"))
        tokens = []
        for email in ("one@example.org", "two@example.org"):
            browser = app.test_client()
            organizer = factory.user(email=email, role="organizer")
            page = _as(browser, "get", "/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            assert _as(browser, "post", "/login", data={"email": organizer.email,
                                                "password": "correct horse battery",
                                                "csrf_token": token}).status_code == 302
            html = _as(browser, "get", LIST).get_data(as_text=True)
            form = re.search(r'<form method="post" id="bulk-form".*?</form>', html, re.S).group(0)
            tokens.append(re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                    form).group(1))
            # The token works for this visitor's bulk action.
            response = _as(browser, "post", "/organize/events/idm/registrations/bulk",
                                    data={"action": "approved", "csrf_token": tokens[-1]})
            assert response.status_code == 302  # nothing selected: back to the list
        assert tokens[0] != tokens[1]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_organize_list_cached_query_count_same_at_100_and_10000(app_ctx, factory, organizer):
    categories = list(factory.categories().values())
    for slug, size in (("small", 100), ("large", 10_000)):
        event = factory.event(slug=slug)
        add_registrations(event, categories, size, prefix=slug)
        # Bulk inserts skip the ORM hooks: raise the version as the app's bulk writes do.
        bump(db.session, [registrations_scope(event.id)])
        db.session.commit()
    client = app_ctx.test_client()
    login(client, organizer)

    counts = []
    for slug in ("small", "large"):
        for query in ("", "?q=first1&page=2", "?status=approved&page=3"):
            url = f"/organize/events/{slug}/registrations{query}"
            with count_queries() as built:
                assert _as(client, "get", url).status_code == 200
            with count_queries() as cached:
                assert _as(client, "get", url).status_code == 200
            counts.append((built.count, cached.count))

    # Built: the organizer's account (read with its login session, so never from the test's
    # own session), the stamp, the event, categories, countries, count, page, counts, places
    # (two), organizations to confirm. Cached: the account and the stamp.
    assert counts == [(11, 2)] * 6
