"""The blank registration form of a signed-in visitor is kept rendered; theirs are only
their address and CSRF token (eventapp/registration/blank_form.py)."""

from __future__ import annotations

import re

from eventapp import fragment_cache
from tests.conftest import csrf_guarded_client

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


_SIGNED = re.compile(r'value="[\w-]+\.[\w-]+\.[\w-]+"')


def _masked(page: str) -> str:
    """The page with every CSRF token (the form's and the log-out button's) masked."""
    return _SIGNED.sub('value="TOKEN"', page)


def test_blank_form_kept_equals_the_form_rendered_fresh(database_url, tmp_path, factory):
    factory.event("kept", auto_approve=True)
    civil = factory.category("civil-society")
    first = factory.user(email="first&co@example.org")
    second = factory.user(email="second@example.org")
    fragment_cache.cache.clear()
    with csrf_guarded_client(database_url, tmp_path, second) as client:
        fresh = client.get("/events/kept/register").get_data(as_text=True)
    fragment_cache.cache.clear()
    with csrf_guarded_client(database_url, tmp_path, first) as client:
        first_page = client.get("/events/kept/register").get_data(as_text=True)
    builds = fragment_cache.cache.builds
    with csrf_guarded_client(database_url, tmp_path, second) as client:
        kept = client.get("/events/kept/register").get_data(as_text=True)
        assert fragment_cache.cache.builds == builds  # nothing rendered anew
        assert _masked(kept) == _masked(fresh)
        # The kept form's token is this visitor's own: the submit is accepted.
        response = client.post("/events/kept/register", data={
            "csrf_token": _TOKEN.search(kept).group(1), "email": "second@example.org",
            "first_name": "Second", "last_name": "Visitor", "category": str(civil.id),
            "organization": "none", "delegation_role": "delegate"})
        assert response.status_code == 302
    assert 'value="first&amp;co@example.org"' in first_page
    assert "first&amp;co@example.org" not in kept
    assert 'value="second@example.org"' in kept


def test_blank_form_rendered_anew_when_the_categories_change(participant_client, factory):
    factory.event("kept")
    categories = factory.categories()
    fragment_cache.cache.clear()
    participant_client.get("/events/kept/register")
    builds = fragment_cache.cache.builds
    categories["academia"].description = "Universities and research institutes worldwide."
    from eventapp.extensions import db

    db.session.commit()
    page = participant_client.get("/events/kept/register").get_data(as_text=True)
    assert fragment_cache.cache.builds == builds + 1
    assert "Universities and research institutes worldwide." in page


def test_blank_form_rendered_anew_when_an_organization_is_confirmed_not_when_one_is_typed_in(
        participant_client, factory):
    # The organizations list is not read for a kept form: its version, read with the
    # categories, says when it changed. One typed in by a participant is offered to nobody
    # else until confirmed, so it leaves the kept form as it is.
    from eventapp.extensions import db
    from eventapp.people.models import Organization

    factory.event("kept")
    factory.categories()
    fragment_cache.cache.clear()
    participant_client.get("/events/kept/register")
    builds = fragment_cache.cache.builds
    typed = Organization(name="Typed In", name_key=Organization.key_for("Typed In"),
                         category=factory.category("academia"), country="FR",
                         governance_level="national", is_confirmed=False)
    db.session.add(typed)
    db.session.commit()
    page = participant_client.get("/events/kept/register").get_data(as_text=True)
    assert (fragment_cache.cache.builds, "Typed In (FR)" in page) == (builds, False)
    typed.is_confirmed = True
    db.session.commit()
    page = participant_client.get("/events/kept/register").get_data(as_text=True)
    assert (fragment_cache.cache.builds, "Typed In (FR)" in page) == (builds + 1, True)
