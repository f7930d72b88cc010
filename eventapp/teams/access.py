"""Who may reach which event's organizer pages: site administrators every event, everyone
else the events of their teams, with the role they hold there.

The roles are read once per request (one statement, only for accounts that are not
administrators) and kept on the request, so a removal or a changed role counts from the
next request on (not in `g`: an application context may outlive a request).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_login import current_user
from sqlalchemy import ColumnElement, column, exists, select, table

from eventapp.accounts.login_sessions import login_fact
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.teams.models import EventMember
from eventapp.teams.roles import ROLE_CAPABILITIES, Capability, allows

# The events table as far as this package needs it (the model lives in the programme, above).
_events = table("events", column("id"), column("slug"))


@dataclass(frozen=True)
class TeamRole:
    event_id: int
    role: str


def is_admin() -> bool:
    """Whether this request's account is a site administrator."""
    return bool(current_user.is_authenticated and current_user.is_admin)


def my_team_roles() -> dict[str, TeamRole]:
    """This request's account's roles, by event slug (empty for visitors and admins)."""
    cached = getattr(request, "team_roles", None)
    if cached is None:
        roles: dict[str, TeamRole] = {}
        if current_user.is_authenticated and not current_user.is_admin:
            rows = db.session.execute(
                select(_events.c.slug, EventMember.event_id, EventMember.role)
                .join(_events, _events.c.id == EventMember.event_id)
                .where(EventMember.user_id == current_user.id))
            roles = {slug: TeamRole(event_id, role) for slug, event_id, role in rows}
        request.team_roles = cached = roles
    return cached


def role_for(slug: str) -> str | None:
    """This request's account's role on the event (None: no role, or an administrator)."""
    found = my_team_roles().get(slug)
    return found.role if found else None


def may_see_event(slug: str) -> bool:
    """Administrators and every member of the event's team (drafts, the room's screen)."""
    return is_admin() or slug in my_team_roles()


def may_anywhere(needed: frozenset[Capability]) -> bool:
    """Whether some role of this account grants one of `needed` (slug-less pages)."""
    if is_admin():
        return True
    return any(ROLE_CAPABILITIES[found.role] & needed for found in my_team_roles().values())


def may(capability: str, *, reading: bool = False) -> bool:
    """For pages of this request's event: whether the account may use what needs
    `capability` (a form), or with `reading` open it (a link). Hides what a role cannot use."""
    if is_admin():
        return True
    slug = g.get("event_slug")
    return slug is not None and allows(role_for(slug), frozenset({Capability(capability)}),
                                       "GET" if reading else "POST")


IN_A_TEAM = "in_a_team"


def in_a_team_column() -> ColumnElement[bool]:
    """Whether the login's account is on some event's team: read with the login itself
    (composition.py), so a participant's own pages ask nothing more for the menu."""
    return exists().where(EventMember.user_id == User.id)


def may_organize_somewhere() -> bool:
    """Administrators and members of some event's team: the "Organize" menu entry."""
    if is_admin():
        return True
    if not current_user.is_authenticated:
        return False
    try:
        return bool(login_fact(current_user._get_current_object(), IN_A_TEAM))
    except LookupError:  # logged in during this request: no fact read with the login
        return bool(my_team_roles())
