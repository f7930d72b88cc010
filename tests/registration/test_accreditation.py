"""Accreditation rules: places, quotas, the waiting list and invited speakers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.service import add_speaker
from eventapp.registration.accreditation import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
    change_status,
    change_statuses,
    ensure_invited_registration,
    places_summary,
    promote_waitlisted,
    quota_places,
    register,
)
from eventapp.registration.models import CategoryQuota, Registration
from tests.registration.outbox import outbox  # noqa: F401 - fixture


def _status(registration: Registration) -> str:
    db.session.expire_all()
    return db.session.get(Registration, registration.id).status


def _quota(event, key: str, percent: int, factory) -> None:  # noqa: ANN001
    db.session.add(CategoryQuota(event_id=event.id, category_id=factory.category(key).id,
                                 max_percent=percent))
    db.session.commit()


@pytest.mark.parametrize(("capacity", "percent", "expected"),
                         [(25, 40, 10), (7, 50, 3), (10, 100, 10), (3, 10, 0), (None, 40, None),
                          (10, None, None)])
def test_quota_places_floor_of_share(capacity, percent, expected):  # noqa: ANN001
    assert quota_places(capacity, percent) == expected


def test_register_auto_approve_with_place_approves(factory):  # noqa: ANN001
    event = factory.event(capacity=2, auto_approve=True)
    registration = register(event, factory.person(), factory.category("academia"),
                            delegation_role="observer", wishes_to_speak=True,
                            speaking_topic="Data", consent_public_list=True)
    assert registration.status == "approved"
    assert registration.delegation_role == "observer"
    assert registration.speaking_topic == "Data"
    assert registration.consent_public_list is True


def test_register_manual_accreditation_is_pending_and_takes_no_place(factory):  # noqa: ANN001
    event = factory.event(capacity=1, auto_approve=False)
    first = register(event, factory.person(), factory.category())
    second = register(event, factory.person(), factory.category())
    assert (first.status, second.status) == ("pending", "pending")
    summary = places_summary(event)
    assert (summary.approved, summary.left, summary.pending) == (0, 1, 2)


def test_register_when_full_waitlists(factory):  # noqa: ANN001
    event = factory.event(capacity=1, auto_approve=True)
    register(event, factory.person(), factory.category())
    assert register(event, factory.person(), factory.category()).status == "waitlisted"


def test_register_twice_raises_already_registered(factory):  # noqa: ANN001
    event = factory.event(auto_approve=True)
    person = factory.person()
    first = register(event, person, factory.category())
    with pytest.raises(AlreadyRegistered) as caught:
        register(event, person, factory.category())
    assert caught.value.registration.id == first.id
    assert db.session.scalar(select(db.func.count(Registration.id))) == 1


def test_register_after_cancelling_reopens_the_same_registration(factory):  # noqa: ANN001
    event = factory.event(capacity=1, auto_approve=True)
    person = factory.person()
    first = register(event, person, factory.category())
    change_status(first, "cancelled")
    again = register(event, person, factory.category("academia"))
    assert again.id == first.id
    assert again.status == "approved"
    assert again.category.key == "academia"


def test_register_window_not_open_or_closed_raises(factory):  # noqa: ANN001
    now = utcnow()
    later = factory.event(registration_opens_at=now + timedelta(days=1))
    over = factory.event(registration_closes_at=now - timedelta(minutes=1))
    with pytest.raises(RegistrationClosed, match="has not opened yet"):
        register(later, factory.person(), factory.category())
    with pytest.raises(RegistrationClosed, match="is closed"):
        register(over, factory.person(), factory.category())


def test_register_unpublished_event_raises(factory):  # noqa: ANN001
    with pytest.raises(RegistrationClosed):
        register(factory.event(published=False), factory.person(), factory.category())


def test_register_unknown_delegation_role_raises(factory):  # noqa: ANN001
    with pytest.raises(RegistrationError, match="delegation role"):
        register(factory.event(), factory.person(), factory.category(), delegation_role="king")


def test_change_status_approving_when_full_waitlists(factory):  # noqa: ANN001
    event = factory.event(capacity=1)
    first = register(event, factory.person(), factory.category())
    second = register(event, factory.person(), factory.category())
    assert change_status(first, "approved").status == "approved"
    assert change_status(second, "approved").status == "waitlisted"


def test_change_status_same_status_twice_sends_once(factory, outbox):  # noqa: ANN001, F811
    event = factory.event(capacity=3)
    person = factory.person(email="amina@example.org")
    registration = register(event, person, factory.category())
    change_status(registration, "approved", message="Welcome!")
    change_status(registration, "approved", message="Welcome!")
    assert outbox.summary() == [
        ("amina@example.org", "Registration received: Test dialogue"),
        ("amina@example.org", "Test dialogue: registration approved"),
    ]
    body = outbox.messages()[1].get_content()
    assert "Message from the organizers:\nWelcome!" in body


def test_change_status_decline_promotes_first_waitlisted_and_notifies(factory, outbox):  # noqa: ANN001, F811
    event = factory.event(capacity=1, auto_approve=True)
    approved = register(event, factory.person(email="a@example.org"), factory.category())
    first_waiting = register(event, factory.person(email="b@example.org"), factory.category())
    second_waiting = register(event, factory.person(email="c@example.org"), factory.category())
    change_status(approved, "declined", message="Sorry")
    assert [_status(r) for r in (approved, first_waiting, second_waiting)] == [
        "declined", "approved", "waitlisted"]
    assert outbox.summary()[3:] == [
        ("a@example.org", "Test dialogue: registration declined"),
        ("b@example.org", "Test dialogue: registration approved"),
    ]


def test_change_statuses_bulk_counts_and_arrival_order(factory):  # noqa: ANN001
    event = factory.event(capacity=2)
    regs = [register(event, factory.person(), factory.category()) for _ in range(4)]
    other_event_reg = register(factory.event(), factory.person(), factory.category())
    counts = change_statuses(event, [r.id for r in reversed(regs)] + [other_event_reg.id],
                             "approved", message="Welcome")
    assert counts == {"approved": 2, "waitlisted": 2}
    assert [_status(r) for r in regs] == ["approved", "approved", "waitlisted", "waitlisted"]
    assert _status(other_event_reg) == "pending"


def test_change_statuses_unknown_status_raises(factory):  # noqa: ANN001
    with pytest.raises(RegistrationError):
        change_statuses(factory.event(), [], "maybe")


def test_promotion_skips_category_over_quota(factory):  # noqa: ANN001
    event = factory.event(capacity=4, auto_approve=True)
    _quota(event, "government", 50, factory)  # 2 places
    gov = [register(event, factory.person(), factory.category("government")) for _ in range(3)]
    civil = [register(event, factory.person(), factory.category("civil-society"))
             for _ in range(3)]
    assert [_status(r) for r in gov + civil] == [
        "approved", "approved", "waitlisted", "approved", "approved", "waitlisted"]
    change_status(civil[0], "cancelled")
    # gov[2] arrived first but Government is at its quota: the civil-society person moves up.
    assert [_status(r) for r in (gov[2], civil[2])] == ["waitlisted", "approved"]


def test_promote_waitlisted_after_capacity_raised(factory):  # noqa: ANN001
    event = factory.event(capacity=1, auto_approve=True)
    regs = [register(event, factory.person(), factory.category()) for _ in range(4)]
    event.capacity = 3
    db.session.commit()
    promoted = promote_waitlisted(event)
    assert [r.id for r in promoted] == [regs[1].id, regs[2].id]
    assert _status(regs[3]) == "waitlisted"


def test_places_summary_counts_per_category(factory):  # noqa: ANN001
    event = factory.event(capacity=10, auto_approve=True)
    _quota(event, "government", 40, factory)
    for _ in range(3):
        register(event, factory.person(), factory.category("government"))
    register(event, factory.person(), factory.category("academia"))
    ensure_invited_registration(event, factory.person(category="academia"))
    db.session.commit()
    summary = places_summary(event)
    assert (summary.capacity, summary.approved, summary.left, summary.is_full) == (
        10, 4, 6, False)
    by_key = {c.name: (c.used, c.limit, c.left) for c in summary.categories}
    assert by_key["Government"] == (3, 4, 1)
    assert by_key["Academia"] == (1, None, None)


def test_ensure_invited_registration_takes_no_place(factory):  # noqa: ANN001
    event = factory.event(capacity=1, auto_approve=True)
    org = factory.organization("Ministry of Labour", category="government")
    speaker = factory.person("Ana Silva", organization=org)
    invited = ensure_invited_registration(event, speaker)
    db.session.commit()
    assert (invited.status, invited.is_invited_speaker) == ("approved", True)
    assert invited.category.key == "government"
    assert invited.organization_id == org.id
    assert register(event, factory.person(), factory.category()).status == "approved"


def test_ensure_invited_registration_without_category_returns_none(factory):  # noqa: ANN001
    assert ensure_invited_registration(factory.event(), factory.person()) is None


def test_ensure_invited_registration_upgrades_existing_registration(factory):  # noqa: ANN001
    event = factory.event()
    person = factory.person(category="academia")
    pending = register(event, person, factory.category("civil-society"))
    invited = ensure_invited_registration(event, person)
    db.session.commit()
    assert invited.id == pending.id
    assert (invited.status, invited.is_invited_speaker, invited.category.key) == (
        "approved", True, "civil-society")


def test_add_speaker_registers_the_speaker_as_invited(factory):  # noqa: ANN001
    event = factory.event()
    session = factory.session(event)
    speaker = factory.person("Kofi Mensah", category="migrants-diaspora")
    add_speaker(session, speaker, "panelist", 10)
    add_speaker(session, speaker, "respondent", 5)
    db.session.commit()
    rows = db.session.scalars(select(Registration)).all()
    assert [(r.person_id, r.status, r.is_invited_speaker) for r in rows] == [
        (speaker.id, "approved", True)]


def _invite_all(factory, count: int) -> tuple[int, dict]:  # noqa: ANN001
    from eventapp.registration.accreditation import ensure_invited_registrations
    from tests.conftest import count_queries

    event = factory.event()
    people = [factory.person(category="academia") for _ in range(count)]
    register(event, people[0], factory.category("academia"))
    for person in people:
        person.category  # noqa: B018 - loaded up front, as an importer would
    with count_queries() as counter:
        made = ensure_invited_registrations(event, people)
    db.session.commit()
    assert sorted(made) == sorted(p.id for p in people)
    assert {(r.status, r.is_invited_speaker) for r in made.values()} == {("approved", True)}
    return counter.count, made


def test_ensure_invited_registrations_bulk_uses_fixed_statement_count(factory):  # noqa: ANN001
    small, _ = _invite_all(factory, 5)
    large, made = _invite_all(factory, 60)
    assert len(made) == 60
    assert small == large
