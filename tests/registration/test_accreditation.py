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
    change_statuses_detailed,
    ensure_invited_registration,
    places_summary,
    promote_waitlisted,
    quota_places,
    register,
    waitlist_reasons,
)
from eventapp.registration.models import CategoryQuota, Registration
from eventapp.registration.quotas import QuotaSetting, WaitReason, describe
from tests.registration.outbox import outbox  # noqa: F401 - fixture


def _status(registration: Registration) -> str:
    db.session.expire_all()
    return db.session.get(Registration, registration.id).status


def _quota(event, key: str, percent: int, factory) -> None:
    db.session.add(CategoryQuota(event_id=event.id, category_id=factory.category(key).id,
                                 max_percent=percent))
    db.session.commit()


@pytest.mark.parametrize(("capacity", "percent", "expected"),
                         [(25, 40, 10), (7, 50, 3), (10, 100, 10), (3, 10, 0), (None, 40, None),
                          (10, None, None)])
def test_quota_places_floor_of_share(capacity, percent, expected):
    assert quota_places(capacity, percent) == expected


def test_register_auto_approve_with_place_approves(factory):
    event = factory.event(capacity=2, auto_approve=True)
    registration = register(event, factory.person(), factory.category("academia"),
                            delegation_role="observer", wishes_to_speak=True,
                            speaking_topic="Data", consent_public_list=True)
    assert registration.status == "approved"
    assert registration.delegation_role == "observer"
    assert registration.speaking_topic == "Data"
    assert registration.consent_public_list is True


def test_register_manual_accreditation_is_pending_and_takes_no_place(factory):
    event = factory.event(capacity=1, auto_approve=False)
    first = register(event, factory.person(), factory.category())
    second = register(event, factory.person(), factory.category())
    assert (first.status, second.status) == ("pending", "pending")
    summary = places_summary(event)
    assert (summary.approved, summary.left, summary.pending) == (0, 1, 2)


def test_register_when_full_waitlists(factory):
    event = factory.event(capacity=1, auto_approve=True)
    register(event, factory.person(), factory.category())
    assert register(event, factory.person(), factory.category()).status == "waitlisted"


def test_register_twice_raises_already_registered(factory):
    event = factory.event(auto_approve=True)
    person = factory.person()
    first = register(event, person, factory.category())
    with pytest.raises(AlreadyRegistered) as caught:
        register(event, person, factory.category())
    assert caught.value.registration.id == first.id
    assert db.session.scalar(select(db.func.count(Registration.id))) == 1


def test_register_after_cancelling_reopens_the_same_registration(factory):
    event = factory.event(capacity=1, auto_approve=True)
    person = factory.person()
    first = register(event, person, factory.category())
    change_status(first, "cancelled")
    again = register(event, person, factory.category("academia"))
    assert again.id == first.id
    assert again.status == "approved"
    assert again.category.key == "academia"


def test_register_window_not_open_or_closed_raises(factory):
    now = utcnow()
    later = factory.event(registration_opens_at=now + timedelta(days=1))
    over = factory.event(registration_closes_at=now - timedelta(minutes=1))
    with pytest.raises(RegistrationClosed, match="has not opened yet"):
        register(later, factory.person(), factory.category())
    with pytest.raises(RegistrationClosed, match="is closed"):
        register(over, factory.person(), factory.category())


def test_register_unpublished_event_raises(factory):
    with pytest.raises(RegistrationClosed):
        register(factory.event(published=False), factory.person(), factory.category())


def test_register_unknown_delegation_role_raises(factory):
    with pytest.raises(RegistrationError, match="delegation role"):
        register(factory.event(), factory.person(), factory.category(), delegation_role="king")


def test_change_status_approving_when_full_waitlists(factory):
    event = factory.event(capacity=1)
    first = register(event, factory.person(), factory.category())
    second = register(event, factory.person(), factory.category())
    assert change_status(first, "approved").status == "approved"
    assert change_status(second, "approved").status == "waitlisted"


def test_change_status_same_status_twice_sends_once(factory, outbox):  # noqa: F811
    event = factory.event(capacity=3)
    person = factory.person(email="amina@example.org")
    registration = register(event, person, factory.category())
    change_status(registration, "approved", message="Welcome!")
    change_status(registration, "approved", message="Welcome!")
    assert outbox.summary() == [
        ("amina@example.org", "Registration received: Test dialogue"),
        ("amina@example.org", "Test dialogue: registration approved"),
    ]
    body = outbox.messages()[1].get_body(("plain",)).get_content()
    assert "Message from the organizers:\nWelcome!" in body


def test_change_status_decline_promotes_first_waitlisted_and_notifies(factory, outbox):  # noqa: F811
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


def test_change_statuses_bulk_counts_and_arrival_order(factory):
    event = factory.event(capacity=2)
    regs = [register(event, factory.person(), factory.category()) for _ in range(4)]
    other_event_reg = register(factory.event(), factory.person(), factory.category())
    counts = change_statuses(event, [r.id for r in reversed(regs)] + [other_event_reg.id],
                             "approved", message="Welcome")
    assert counts == {"approved": 2, "waitlisted": 2}
    assert [_status(r) for r in regs] == ["approved", "approved", "waitlisted", "waitlisted"]
    assert _status(other_event_reg) == "pending"


def test_change_statuses_unknown_status_raises(factory):
    with pytest.raises(RegistrationError):
        change_statuses(factory.event(), [], "maybe")


def test_promotion_skips_category_over_quota(factory):
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


def test_promote_waitlisted_after_capacity_raised(factory):
    event = factory.event(capacity=1, auto_approve=True)
    regs = [register(event, factory.person(), factory.category()) for _ in range(4)]
    event.capacity = 3
    db.session.commit()
    promoted = promote_waitlisted(event)
    assert [r.id for r in promoted] == [regs[1].id, regs[2].id]
    assert _status(regs[3]) == "waitlisted"


def test_places_summary_counts_per_category(factory):
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


def test_ensure_invited_registration_takes_no_place(factory):
    event = factory.event(capacity=1, auto_approve=True)
    org = factory.organization("Ministry of Labour", category="government")
    speaker = factory.person("Ana Silva", organization=org)
    invited = ensure_invited_registration(event, speaker)
    db.session.commit()
    assert (invited.status, invited.is_invited_speaker) == ("approved", True)
    assert invited.category.key == "government"
    assert invited.organization_id == org.id
    assert register(event, factory.person(), factory.category()).status == "approved"


def test_ensure_invited_registration_without_category_returns_none(factory):
    assert ensure_invited_registration(factory.event(), factory.person()) is None


def test_ensure_invited_registration_upgrades_existing_registration(factory):
    event = factory.event()
    person = factory.person(category="academia")
    pending = register(event, person, factory.category("civil-society"))
    invited = ensure_invited_registration(event, person)
    db.session.commit()
    assert invited.id == pending.id
    assert (invited.status, invited.is_invited_speaker, invited.category.key) == (
        "approved", True, "civil-society")


def test_add_speaker_registers_the_speaker_as_invited(factory):
    event = factory.event()
    session = factory.session(event)
    speaker = factory.person("Kofi Mensah", category="migrants-diaspora")
    add_speaker(session, speaker, "panelist", 10)
    add_speaker(session, speaker, "respondent", 5)
    db.session.commit()
    rows = db.session.scalars(select(Registration)).all()
    assert [(r.person_id, r.status, r.is_invited_speaker) for r in rows] == [
        (speaker.id, "approved", True)]


def _invite_all(factory, count: int) -> tuple[int, dict]:
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


def test_ensure_invited_registrations_bulk_uses_fixed_statement_count(factory):
    small, _ = _invite_all(factory, 5)
    large, made = _invite_all(factory, 60)
    assert len(made) == 60
    assert small == large


def _places_quota(event, key: str, places: int, factory) -> None:
    db.session.add(CategoryQuota(event_id=event.id, category_id=factory.category(key).id,
                                 max_places=places))
    db.session.commit()


@pytest.mark.parametrize(("capacity", "percent", "places", "expected"),
                         [(150, None, 30, 30), (None, None, 30, 30), (150, 20, None, 30),
                          (50, 1, None, 0)])
def test_quota_places_uses_places_when_set(capacity, percent, places, expected):
    assert quota_places(capacity, percent, places) == expected


@pytest.mark.parametrize(("setting", "capacity", "expected"), [
    (QuotaSetting(20, "percent"), 150, "20% of 150 = 30 places"),
    (QuotaSetting(1, "percent"), 150, "1% of 150 = 1 place"),
    (QuotaSetting(30, "places"), 150, "30 places"),
    (QuotaSetting(20, "percent"), None, "20% of no capacity: set a capacity first"),
])
def test_describe_quota_in_places(setting, capacity, expected):
    assert describe(setting, capacity) == expected


def test_register_quota_in_places_waitlists_beyond_it(factory):
    event = factory.event(capacity=10, auto_approve=True)
    _places_quota(event, "civil-society", 2, factory)
    civil = [register(event, factory.person(), factory.category("civil-society"))
             for _ in range(3)]
    other = register(event, factory.person(), factory.category("academia"))
    assert [_status(r) for r in [*civil, other]] == [
        "approved", "approved", "waitlisted", "approved"]
    by_name = {c.name: (c.used, c.limit, c.max_places, c.max_percent)
               for c in places_summary(event).categories}
    assert by_name["Civil society"] == (2, 2, 2, None)


def test_register_quota_in_places_holds_without_capacity(factory):
    event = factory.event(capacity=None, auto_approve=True)
    _places_quota(event, "civil-society", 1, factory)
    civil = [register(event, factory.person(), factory.category("civil-society"))
             for _ in range(2)]
    assert [_status(r) for r in civil] == ["approved", "waitlisted"]


def test_change_statuses_detailed_names_the_full_quota(factory):
    event = factory.event(capacity=150)
    _places_quota(event, "civil-society", 1, factory)
    factory.registration(event, category="civil-society")
    pending = factory.registration(event, category="civil-society", status="pending")
    other = factory.registration(event, category="academia", status="pending")

    changes = change_statuses_detailed(event, [pending.id, other.id], "approved")

    assert changes.counts == {"waitlisted": 1, "approved": 1}
    outcome = changes.outcome(pending.id)
    assert (outcome.old_status, outcome.new_status, outcome.reason) == (
        "pending", "waitlisted", WaitReason(1, "Civil society"))
    assert outcome.reason.label == "Waitlisted: the Civil society quota (1 place) is full"
    assert changes.outcome(other.id).reason is None


def test_change_statuses_detailed_names_the_full_event(factory):
    event = factory.event(capacity=1)
    _places_quota(event, "civil-society", 1, factory)
    factory.registration(event, category="academia")
    pending = factory.registration(event, category="civil-society", status="pending")

    outcome = change_statuses_detailed(event, [pending.id], "approved").outcome(pending.id)

    assert outcome.reason == WaitReason(1)
    assert outcome.reason.label == "Waitlisted: the event is full (1 place)"


def test_change_statuses_detailed_unchanged_has_no_reason(factory):
    event = factory.event(capacity=1)
    waiting = factory.registration(event, status="waitlisted")
    outcome = change_statuses_detailed(event, [waiting.id], "waitlisted").outcome(waiting.id)
    assert (outcome.changed, outcome.reason) == (False, None)


def test_waitlist_reasons_only_for_what_is_full(factory):
    event = factory.event(capacity=150)
    _quota(event, "civil-society", 20, factory)  # 30 places
    for _ in range(30):
        factory.registration(event, category="civil-society")
    quota_full = factory.registration(event, category="civil-society", status="waitlisted")
    by_hand = factory.registration(event, category="academia", status="waitlisted")

    reasons = waitlist_reasons([quota_full, by_hand])

    assert reasons == {quota_full.id: WaitReason(30, "Civil society")}
    assert reasons[quota_full.id].what_is_full == "the Civil society quota (30 places) is full"


def test_approval_mail_names_the_full_quota(factory, outbox):  # noqa: F811
    event = factory.event(capacity=150)
    _places_quota(event, "civil-society", 1, factory)
    factory.registration(event, category="civil-society")
    pending = factory.registration(event, factory.person(email="amina@example.org"),
                                   category="civil-society", status="pending")

    change_status(pending, "approved")

    [mail] = outbox.messages()
    assert mail["Subject"] == "Test dialogue: registration waitlisted"
    assert ("The Civil society quota (1 place) is full, so you are on the waiting list. If a "
            "place frees, it is given automatically in order of arrival and we will write to "
            "you.") in mail.get_content()


def test_register_when_event_full_mail_names_the_event(factory, outbox):  # noqa: F811
    event = factory.event(capacity=1, auto_approve=True)
    register(event, factory.person(), factory.category())

    register(event, factory.person(email="amina@example.org"), factory.category())

    [mail] = outbox.messages()
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "The event is full (1 place), so you are on the waiting list." in body
