"""Every organizer route, for every kind of visitor: allowed, 403, 404 or the login page.

The routes come from the app's URL map, so a new organizer route without a line in
EXPECTED fails `test_every_organizer_route_has_an_expected_rule`; the table says, for each
endpoint, which access rule it follows, and RULES says what each rule answers each visitor.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from eventapp.attendance.models import CheckIn, SessionPresence
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queue import queue_mail
from eventapp.teams.models import EventMember, TeamInvitation
from tests.conftest import login
from tests.factories import speakers_list, utc

VISITORS = ("admin", "owner", "organizer", "chair", "desk", "viewer", "other_team",
            "participant", "anonymous")

OK, FORBIDDEN, NOT_FOUND, LOGIN = "ok", 403, 404, "login"
# Viewers read: GET allowed, anything sent refused.
READ_ONLY = "read-only"

# What each access rule answers each visitor (other_team: the owner of another event).
RULES: dict[str, dict[str, object]] = {
    # The pages of the event's organizers: programme, registrations, reports, mail, imports.
    "organize": {"admin": OK, "owner": OK, "organizer": OK, "chair": FORBIDDEN,
                 "desk": FORBIDDEN, "viewer": READ_ONLY, "other_team": NOT_FOUND,
                 "participant": FORBIDDEN, "anonymous": LOGIN},
    # The event's overview and a session's page: read by chairs too.
    "organize_or_chair": {"admin": OK, "owner": OK, "organizer": OK, "chair": OK,
                          "desk": FORBIDDEN, "viewer": READ_ONLY, "other_team": NOT_FOUND,
                          "participant": FORBIDDEN, "anonymous": LOGIN},
    # The floor console and the chair's room console.
    "floor": {"admin": OK, "owner": OK, "organizer": OK, "chair": OK, "desk": FORBIDDEN,
              "viewer": FORBIDDEN, "other_team": NOT_FOUND, "participant": FORBIDDEN,
              "anonymous": LOGIN},
    # The team page and deleting the event: owners and administrators.
    "owner": {"admin": OK, "owner": OK, "organizer": FORBIDDEN, "chair": FORBIDDEN,
              "desk": FORBIDDEN, "viewer": FORBIDDEN, "other_team": NOT_FOUND,
              "participant": FORBIDDEN, "anonymous": LOGIN},
    # The list of one's events: every team member.
    "any_team": {"admin": OK, "owner": OK, "organizer": OK, "chair": OK, "desk": OK,
                 "viewer": OK, "other_team": OK, "participant": FORBIDDEN,
                 "anonymous": LOGIN},
    # A new event: administrators and owners of some event.
    "create": {"admin": OK, "owner": OK, "organizer": FORBIDDEN, "chair": FORBIDDEN,
               "desk": FORBIDDEN, "viewer": FORBIDDEN, "other_team": OK,
               "participant": FORBIDDEN, "anonymous": LOGIN},
    # The check-in desk: desk staff and the organizers, not chairs or viewers.
    "desk": {"admin": OK, "owner": OK, "organizer": OK, "chair": FORBIDDEN, "desk": OK,
             "viewer": FORBIDDEN, "other_team": NOT_FOUND, "participant": FORBIDDEN,
             "anonymous": LOGIN},
    # The arrivals dashboard: the desk's, and read by viewers too.
    "desk_or_read": {"admin": OK, "owner": OK, "organizer": OK, "chair": FORBIDDEN,
                     "desk": OK, "viewer": READ_ONLY, "other_team": NOT_FOUND,
                     "participant": FORBIDDEN, "anonymous": LOGIN},
    # The stakeholder categories every event shares: administrators only.
    "site": {"admin": OK, "owner": FORBIDDEN, "organizer": FORBIDDEN, "chair": FORBIDDEN,
             "desk": FORBIDDEN, "viewer": FORBIDDEN, "other_team": FORBIDDEN,
             "participant": FORBIDDEN, "anonymous": LOGIN},
}

EXPECTED: dict[str, str] = {
    "organize.dashboard": "any_team",
    "organize.new_event": "create",
    "organize.event": "organize_or_chair",
    "organize.session": "organize_or_chair",
    "organize.edit_event": "organize",
    "organize.publish_event": "organize",
    "organize.unpublish_event": "organize",
    "organize.delete_event": "owner",
    "organize.team": "owner",
    "organize.invite": "owner",
    "organize.change_role": "owner",
    "organize.remove_member": "owner",
    "organize.cancel_invitation": "owner",
    "organize.rooms": "organize",
    "organize.edit_room": "organize",
    "organize.delete_room": "organize",
    "organize.new_session": "organize",
    "organize.edit_session": "organize",
    "organize.session_status": "organize",
    "organize.restore_session": "organize",
    "organize.add_existing_speaker": "organize",
    "organize.add_new_speaker": "organize",
    "organize.edit_slot": "organize",
    "organize.move_slot": "organize",
    "organize.remove_slot": "organize",
    "organize.timetable": "organize",
    "organize.timetable_check": "organize",
    "organize.timetable_move": "organize",
    "organize.schedule_versions": "organize",
    "programme_import.upload": "organize",
    "programme_import.confirm": "organize",
    "programme_import.template": "organize",
    "programme_import.template_workbook": "organize",
    "registration_organize.registrations": "organize",
    "registration_organize.bulk": "organize",
    "registration_organize.detail": "organize",
    "registration_organize.representation": "organize",
    "registration_organize.export": "organize",
    "registration_organize.export_workbook": "organize",
    "registration_organize.import_upload": "organize",
    "registration_organize.import_confirm": "organize",
    "registration_organize.import_template": "organize",
    "registration_organize.import_template_workbook": "organize",
    "registration_organize.merge": "organize",
    "registration_organize.settings": "organize",
    "registration_organize.offered_categories": "organize",
    "registration_organize.organizations_to_confirm": "organize",
    "registration_organize.confirm_organization": "organize",
    "registration_organize.merge_organization": "organize",
    "balance.report": "organize",
    "balance.report_csv": "organize",
    "balance.report_json": "organize",
    "balance.report_xlsx": "organize",
    "balance.targets": "organize",
    "balance.not_reached": "organize",
    "outbox.event_outbox": "organize",
    "outbox.retry": "organize",
    "floor_console.console": "floor",
    "floor_console.open_list": "floor",
    "floor_console.act": "floor",
    "floor_console.add_planned": "floor",
    "floor_console.add_walk_in": "floor",
    "floor_console.mark_heard": "floor",
    "floor_console.move": "floor",
    "floor_console.settings": "floor",
    "floor_room.interject": "floor",
    "floor_room.end_interjection": "floor",
    "floor_room.save_budgets": "floor",
    "categories.index": "site",
    "categories.edit": "site",
    "categories.delete": "site",
    "categories.move": "site",
    "categories.retire": "site",
    "categories.unretire": "site",
    "categories.reviewed": "site",
    "audit.trail": "organize",
    "audit.export_csv": "organize",
    "audit.export_workbook": "organize",
    "badges_organize.badges": "organize",
    "desk.desk_page": "desk",
    "desk.check_in": "desk",
    "desk.badge_details": "desk",
    "desk.dashboard": "desk_or_read",
    "desk.dashboard_json": "desk_or_read",
    # Revoking or re-issuing a badge and undoing a check-in are an organizer's decisions.
    "desk.revoke": "organize",
    "desk.reissue": "organize",
    "desk.undo": "organize",
    # A session's door: the desk's; turning it on or off and undoing a presence are an
    # organizer's.
    "desk.door_page": "desk",
    "desk.door_scan": "desk",
    "desk.door_settings": "organize",
    "desk.undo_door_scan": "organize",
}

# Sent last, in this order: each may remove what the requests before it use.
DESTRUCTIVE = ("organize.remove_slot", "organize.delete_room", "organize.session_status",
               "organize.remove_member", "organize.cancel_invitation", "categories.delete",
               "organize.delete_event")


def _needs_an_organizer(rule) -> bool:
    return rule.rule.startswith("/organize")


def test_every_organizer_route_has_an_expected_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if _needs_an_organizer(rule)}
    assert endpoints - set(EXPECTED) == set(), "a new organizer route needs a line in EXPECTED"
    assert set(EXPECTED) - endpoints == set()


def _world(factory) -> tuple[dict[str, object], dict[str, object]]:
    """The event every visitor tries, with one of everything its routes name; and the
    visitors: an account per role, an owner of another event, a participant."""
    event = factory.event("ev")
    room = factory.room(event)
    session = factory.session(event, room=room)
    session.door_scanning = True
    speakers_list(session)
    slot = factory.slot(session, factory.person(category="academia"))
    registration = factory.registration(event, slot.person)
    organization = factory.organization("Unconfirmed NGO", category="civil-society")
    category = factory.category("academia")
    queue_mail("someone@example.org", "Subject", "Body", kind="test", event_id=event.id)
    db.session.execute(update(OutboxMessage).values(status="failed"))
    db.session.commit()
    people = {name: factory.member(event, role=name)
              for name in ("owner", "organizer", "chair", "desk", "viewer")}
    people["admin"] = factory.user(role="admin")
    people["participant"] = factory.user()
    people["other_team"] = factory.member(factory.event("other"), role="owner")
    target = factory.member(event, role="viewer")
    db.session.add(TeamInvitation(event_id=event.id, email="new@example.org", role="chair",
                                  language="en", nonce="n" * 43))
    db.session.add(CheckIn(event_id=event.id, registration_id=registration.id,
                           day=event.start_date, checked_in_at=utc(2030, 1, 1, 9),
                           desk="Door A"))
    db.session.add(SessionPresence(event_id=event.id, session_id=session.id,
                                   registration_id=registration.id,
                                   scanned_at=utc(2030, 1, 1, 10), desk="Room door"))
    db.session.commit()
    values = {
        "slug": event.slug, "session_id": session.id, "slot_id": slot.id, "room_id": room.id,
        "registration_id": registration.id, "organization_id": organization.id,
        "category_id": category.id,
        "message_id": db.session.scalar(select(OutboxMessage.id)),
        "member_id": db.session.scalar(select(EventMember.id).where(
            EventMember.user_id == target.id)),
        "invitation_id": db.session.scalar(select(TeamInvitation.id)),
        "check_in_id": db.session.scalar(select(CheckIn.id)),
        "presence_id": db.session.scalar(select(SessionPresence.id)),
    }
    return values, people


def _requests(app, values: dict[str, object]) -> list[tuple[str, str, str]]:
    gets, posts, last = [], [], []
    for rule in app.url_map.iter_rules():
        if not _needs_an_organizer(rule):
            continue
        defaults = rule.defaults or {}
        _, path = rule.build({name: defaults.get(name) or values[name]
                              for name in rule.arguments}, append_unknown=False)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            request = (rule.endpoint, method, path)
            if method == "GET":
                gets.append(request)
            elif rule.endpoint in DESTRUCTIVE:
                last.append(request)
            else:
                posts.append(request)
    last.sort(key=lambda r: (DESTRUCTIVE.index(r[0]), r[2].endswith("/delete")))
    return gets + posts + last


def _outcome(response) -> object:
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return LOGIN
    if response.status_code in (FORBIDDEN, NOT_FOUND):
        return response.status_code
    return OK


def _expected(endpoint: str, method: str, visitor: str) -> object:
    answer = RULES[EXPECTED[endpoint]][visitor]
    if answer == READ_ONLY:
        return OK if method == "GET" else FORBIDDEN
    return answer


@pytest.mark.parametrize("visitor", VISITORS)
def test_each_organizer_route_answers_each_visitor_as_the_table_says(client, factory, visitor):
    values, people = _world(factory)
    if visitor != "anonymous":
        login(client, people[visitor])
    requests = _requests(client.application, values)
    assert len(requests) >= 90
    wrong = []
    for endpoint, method, path in requests:
        outcome = _outcome(client.open(path, method=method))
        expected = _expected(endpoint, method, visitor)
        if outcome != expected:
            wrong.append((method, path, outcome, expected))
    assert wrong == []
