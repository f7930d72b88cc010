"""Badge codes: signed per registration and event, refused when forged, revoked or elsewhere."""

from __future__ import annotations

import pytest

from eventapp.attendance.badge_codes import (
    FORGED,
    OTHER_EVENT,
    REVOKED,
    badge_code_for,
    parse_badge_code,
    reissue_badge,
    resolve_badge_code,
    revoke_badge,
)
from eventapp.extensions import db
from tests.conftest import count_queries


def test_badge_code_for_approved_registration_resolves_to_it(factory):
    event = factory.event()
    registration = factory.registration(event)
    code = badge_code_for(registration)
    lookup = resolve_badge_code(event, code)
    assert lookup.accepted is True
    assert lookup.refusal is None
    assert lookup.registration.id == registration.id
    assert code.startswith(f"{event.id}-{registration.id}-1-")
    assert len(code.rsplit("-", 1)[1]) == 24


def test_badge_code_uses_only_qr_alphanumeric_characters(factory):
    registration = factory.registration(factory.event())
    code = badge_code_for(registration)
    assert set(code) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-")


@pytest.mark.parametrize("status", ["pending", "declined", "waitlisted", "cancelled",
                                    "unverified"])
def test_badge_code_for_registration_not_approved_is_none(factory, status):
    registration = factory.registration(factory.event(), status=status)
    assert badge_code_for(registration) is None


@pytest.mark.parametrize("status", ["pending", "declined", "waitlisted", "cancelled"])
def test_resolve_badge_code_after_status_change_is_refused_with_status(factory, status):
    event = factory.event()
    registration = factory.registration(event)
    code = badge_code_for(registration)
    registration.status = status
    db.session.commit()
    lookup = resolve_badge_code(event, code)
    assert lookup.accepted is False
    assert lookup.refusal == status
    assert lookup.registration.id == registration.id


def test_resolve_badge_code_forged_signature_is_refused(factory):
    event = factory.event()
    registration = factory.registration(event)
    code = badge_code_for(registration)
    prefix, signature = code.rsplit("-", 1)
    forged = prefix + "-" + ("A" if signature[0] != "A" else "B") + signature[1:]
    lookup = resolve_badge_code(event, forged)
    assert (lookup.accepted, lookup.refusal, lookup.registration) == (False, FORGED, None)


def test_resolve_badge_code_other_registration_id_with_same_signature_is_forged(factory):
    event = factory.event()
    first = factory.registration(event)
    second = factory.registration(event)
    signature = badge_code_for(first).rsplit("-", 1)[1]
    lookup = resolve_badge_code(event, f"{event.id}-{second.id}-1-{signature}")
    assert lookup.refusal == FORGED


@pytest.mark.parametrize("text", ["", "hello", "1-2-3", "1-2-3-" + "A" * 23,
                                  "1-2-3-" + "1" * 24, "x" * 5000, "1-2-3-" + "A" * 24 + "\x00"])
def test_resolve_badge_code_garbage_is_forged(factory, text):
    event = factory.event()
    assert resolve_badge_code(event, text).refusal == FORGED


def test_resolve_badge_code_of_another_event_is_refused(factory):
    event = factory.event()
    other = factory.event()
    registration = factory.registration(other)
    lookup = resolve_badge_code(event, badge_code_for(registration))
    assert (lookup.accepted, lookup.refusal) == (False, OTHER_EVENT)
    assert lookup.registration.id == registration.id


def test_resolve_badge_code_revoked_is_refused(factory):
    event = factory.event()
    registration = factory.registration(event)
    code = badge_code_for(registration)
    revoke_badge(registration)
    db.session.commit()
    assert badge_code_for(registration) is None
    lookup = resolve_badge_code(event, code)
    assert (lookup.accepted, lookup.refusal) == (False, REVOKED)


def test_reissued_badge_code_works_and_old_code_is_revoked(factory):
    event = factory.event()
    registration = factory.registration(event)
    old = badge_code_for(registration)
    revoke_badge(registration)
    new = reissue_badge(registration)
    db.session.commit()
    assert new != old
    assert new == badge_code_for(registration)
    assert new.startswith(f"{event.id}-{registration.id}-2-")
    assert resolve_badge_code(event, new).accepted is True
    assert resolve_badge_code(event, old).refusal == REVOKED


def test_reissue_without_revoking_first_replaces_the_code(factory):
    event = factory.event()
    registration = factory.registration(event)
    old = badge_code_for(registration)
    reissue_badge(registration)
    db.session.commit()
    assert resolve_badge_code(event, old).refusal == REVOKED


def test_badge_code_depends_on_the_app_secret(app, factory):
    event = factory.event()
    registration = factory.registration(event)
    code = badge_code_for(registration)
    secret = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another-secret"
    try:
        assert badge_code_for(registration) != code
        assert resolve_badge_code(event, code).refusal == FORGED
    finally:
        app.config["SECRET_KEY"] = secret


def test_parse_badge_code_reads_lowercase_and_spaces(factory):
    registration = factory.registration(factory.event())
    code = badge_code_for(registration)
    assert parse_badge_code(f"  {code.lower()} \n") == parse_badge_code(code)


def test_resolve_badge_code_uses_one_query(factory):
    event = factory.event()
    registration = factory.registration(event)
    code = badge_code_for(registration)
    db.session.expire_all()
    assert event.id
    with count_queries() as counter:
        lookup = resolve_badge_code(event, code)
        assert lookup.registration.person.last_name
        assert lookup.registration.category.key == "government"
    assert counter.count == 1
