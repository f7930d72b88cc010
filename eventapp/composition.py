"""Start-up wiring: the packages at the top fill the registries that lower ones offer.

A lower package that must reach the ones above it (people asks "is this category used?";
the programme tells "speakers were added" and shows other packages' parts on its session
pages) offers a registry and never imports them; `register_all` fills the registries once
the app is built, the way an extension registers with a Flask app. See docs/LAYERS.md.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TypeVar

from flask import render_template
from flask_babel import ngettext
from sqlalchemy import ColumnElement, select

from eventapp.accounts.login_sessions import add_login_fact
from eventapp.people.categories import register_category_use
from eventapp.programme.editor_boxes import add_session_editor_box
from eventapp.programme.models import Session
from eventapp.programme.session_parts import add_session_page_part
from eventapp.registration.mail_parts import add_approval_mail_part
from eventapp.registration.representation import on_level_accredited
from eventapp.teams.access import IN_A_TEAM, in_a_team_column

T = TypeVar("T")


def register_all() -> None:
    from eventapp.attendance import wiring as attendance_wiring
    from eventapp.badges.mail_part import badge_mail_part
    from eventapp.balance.impact import panel_impact
    from eventapp.balance.models import BalanceTarget
    from eventapp.floor.models import FloorBudget, FloorRequest
    from eventapp.floor.representation import follow_accredited_level
    from eventapp.registration import wiring as registration_wiring

    registration_wiring.register()
    attendance_wiring.register()
    # The menu's "Organize" entry asks whether the account is on a team: read with the login.
    add_login_fact(IN_A_TEAM, in_a_team_column)
    # Balance and the floor answer here until each package holds its own answer, as
    # registration does in registration/wiring.py.
    register_category_use(
        "balance targets",
        lambda n: ngettext("%(num)d balance target", "%(num)d balance targets", n),
        BalanceTarget.category_id)
    register_category_use(
        "floor requests",
        lambda n: ngettext("%(num)d floor request", "%(num)d floor requests", n),
        FloorRequest.category_id)
    register_category_use(
        "speaking-time budgets",
        lambda n: ngettext("%(num)d speaking-time budget", "%(num)d speaking-time budgets", n),
        FloorBudget.category_id)
    # Waiting requests for the floor take the level the organizers accredit.
    on_level_accredited("floor", follow_accredited_level)
    # The session editor shows what a change would do to the balance.
    add_session_editor_box("balance_box", panel_impact)
    # The approval mail carries the badge's QR code and the link to the badge page.
    add_approval_mail_part("badge", badge_mail_part)
    # The public session page shows its list of speakers, where it has one.
    add_session_page_part("floor", _has_speakers_list, _session_floor)
    _register_audited_models()


def _register_audited_models() -> None:
    """What the audit trail records at every flush (eventapp/audit/tracking.py)."""
    from eventapp.accounts.models import FeedToken, User
    from eventapp.attendance.models import CheckIn, SessionPresence
    from eventapp.audit.tracking import audit_model
    from eventapp.balance.models import BalanceTarget
    from eventapp.floor.models import FloorBudget, FloorRequest, SpeakersList
    from eventapp.people.models import EventCategory, Organization, Person, StakeholderCategory
    from eventapp.programme.models import Event, Room, SpeakingSlot
    from eventapp.programme.version_models import ScheduleVersion
    from eventapp.registration.models import CategoryQuota, Registration
    from eventapp.teams.models import EventMember, TeamInvitation

    def session_of(session_id: int | None) -> str | None:
        return None if session_id is None else f"session:{session_id}"

    def person_name(obj: object) -> str:
        person = _related(obj, "person", Person, "person_id")
        return person.full_name if person is not None else ""

    def category_name(obj: object) -> str:
        category = _related(obj, "category", StakeholderCategory, "category_id")
        return category.name if category is not None else ""

    def session_title(obj: object) -> str:
        session = _related(obj, "session", Session, "session_id")
        return session.title if session is not None else ""

    def slot_event(slot: SpeakingSlot) -> int | None:
        session = _related(slot, "session", Session, "session_id")
        return session.event_id if session is not None else None

    def list_of(obj: object) -> SpeakersList | None:
        return _related(obj, "speakers_list", SpeakersList, "list_id")

    def request_subject(request: FloorRequest) -> str | None:
        speakers_list = list_of(request)
        return session_of(speakers_list.session_id) if speakers_list is not None else None

    def budget_event(budget: FloorBudget) -> int | None:
        speakers_list = list_of(budget)
        return speakers_list.event_id if speakers_list is not None else None

    audit_model(Event, "event", label=lambda e: e.title, event_id=lambda e: e.id)
    audit_model(Room, "room", label=lambda r: r.name)
    audit_model(Session, "session", label=lambda s: s.title,
                subject=lambda s: session_of(s.id),
                ignore=("uid", "sequence", "content_version", "imported_at", "import_key"))
    audit_model(SpeakingSlot, "speaker",
                label=lambda s: f"{person_name(s)} ({s.role})",
                event_id=slot_event, subject=lambda s: session_of(s.session_id),
                # Positions follow every reordering; seconds are the floor's own entries.
                ignore=("position", "actual_seconds"))
    audit_model(Registration, "registration", label=person_name,
                subject=lambda r: f"registration:{r.id}", ignore=("status_changed_at",))
    audit_model(CategoryQuota, "quota", label=category_name)
    audit_model(EventCategory, "offered category", label=category_name,
                object_id=lambda c: c.category_id)
    audit_model(StakeholderCategory, "category", label=lambda c: c.name,
                event_id=lambda c: None)
    # The search text follows the names: a change of name says everything.
    audit_model(Person, "person", label=lambda p: p.full_name, ignore=("search_key",))
    audit_model(Organization, "organization", label=lambda o: o.name, ignore=("search_key",))
    audit_model(BalanceTarget, "balance target", label=category_name)
    audit_model(SpeakersList, "list of speakers", label=session_title,
                subject=lambda s: session_of(s.session_id), ignore=("version",))
    audit_model(FloorRequest, "floor request", label=person_name, subject=request_subject,
                # The clock's ticks and the queue's renumbering: "moved" names a move.
                ignore=("position", "running_since", "elapsed_seconds"))
    audit_model(FloorBudget, "speaking-time budget", label=category_name,
                event_id=budget_event)
    audit_model(ScheduleVersion, "programme version", label=lambda v: f"#{v.number}",
                ignore=("snapshot",))
    audit_model(FeedToken, "calendar feed", label=lambda t: f"user {t.user_id}",
                event_id=lambda t: None)
    # The event's team: who joined, left or changed role, and the invitations sent.
    def member_address(member: EventMember) -> str:
        user = _related(member, "user", User, "user_id")
        return user.email if user is not None else f"user {member.user_id}"

    audit_model(EventMember, "team member", label=member_address)
    audit_model(TeamInvitation, "team invitation", label=lambda i: i.email,
                sensitive=("nonce",))
    # Check-ins are written by one INSERT ... ON CONFLICT (attendance/checkins.py, which puts
    # each on the trail itself); their undoing is an ORM change, seen here.
    audit_model(CheckIn, "check-in", label=lambda c: f"registration {c.registration_id}",
                subject=lambda c: f"registration:{c.registration_id}")
    # Presences in a session likewise (attendance/presence.py); their undoing is seen here.
    audit_model(SessionPresence, "session presence",
                label=lambda p: f"registration {p.registration_id}",
                subject=lambda p: session_of(p.session_id))


def _related(obj: object, name: str, model: type[T], key: str) -> T | None:
    """A many-to-one of the object, by its key when the relation is not set (a new row)."""
    from eventapp.extensions import db

    found = getattr(obj, name, None)
    if found is None and getattr(obj, key, None) is not None:
        found = db.session.get(model, getattr(obj, key))
    return found


def _has_speakers_list() -> ColumnElement[bool]:
    from eventapp.floor.models import SpeakersList

    return (select(SpeakersList.id).where(SpeakersList.session_id == Session.id)
            .scalar_subquery().is_not(None))


def _session_floor(slug: str, session_id: int) -> str:
    """The list of speakers with this visitor's place on it; nothing when the session has none."""
    from eventapp.floor.views import session_floor_context

    event, session = SimpleNamespace(slug=slug), SimpleNamespace(id=session_id)
    floor = session_floor_context(event, session)
    if floor["floor_list"] is None:
        return ""
    return render_template("floor/_session_floor.html", event=event, session=session, **floor)
