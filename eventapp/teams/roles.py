"""The roles of an event's team and what each may do: a pure table, read by the access
check of every organizer blueprint (programme.event_scope) and by the pages that hide what
a role cannot use."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Capability(StrEnum):
    """What a view needs; a role grants a set of these for its event."""

    # The team page: members, roles, invitations.
    MANAGE_TEAM = "manage_team"
    DELETE_EVENT = "delete_event"
    # Slug-less: creating a new event (the creator becomes its owner).
    CREATE_EVENTS = "create_events"
    # Every organizer page of the event: programme, registrations, reports, mail, imports.
    ORGANIZE = "organize"
    # The lists of speakers: the floor console and the chair's room console.
    RUN_FLOOR = "run_floor"
    # The door: check-in and badge details.
    CHECK_IN = "check_in"
    # GET of the organizer pages and report downloads (views that need ORGANIZE).
    READ = "read"


OWNER = "owner"
ORGANIZER = "organizer"
CHAIR = "chair"
DESK = "desk"
VIEWER = "viewer"
# Most powerful first: the order of the team page and of the role menus.
TEAM_ROLES = (OWNER, ORGANIZER, CHAIR, DESK, VIEWER)

ROLE_LABELS = {
    OWNER: _l("Owner"),
    ORGANIZER: _l("Organizer"),
    CHAIR: _l("Chair"),
    DESK: _l("Desk"),
    VIEWER: _l("Viewer"),
}
ROLE_DESCRIPTIONS = {
    OWNER: _l("Everything, including the team and deleting the event."),
    ORGANIZER: _l("Everything except the team and deleting the event."),
    CHAIR: _l("The lists of speakers and the session pages."),
    DESK: _l("Check-in and badge details."),
    VIEWER: _l("Reads the organizer pages and reports; changes nothing."),
}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    OWNER: frozenset(Capability),
    ORGANIZER: frozenset({Capability.ORGANIZE, Capability.RUN_FLOOR, Capability.CHECK_IN,
                          Capability.READ}),
    CHAIR: frozenset({Capability.RUN_FLOOR}),
    DESK: frozenset({Capability.CHECK_IN}),
    VIEWER: frozenset({Capability.READ}),
}

READ_METHODS = frozenset({"GET", "HEAD"})


def allows(role: str | None, needed: frozenset[Capability], method: str) -> bool:
    """Whether `role` may run a view that needs any of `needed`, by this HTTP method.

    READ lets a viewer GET what needs ORGANIZE, never send a form to it.
    """
    granted = ROLE_CAPABILITIES.get(role or "", frozenset())
    if granted & needed:
        return True
    return (method in READ_METHODS and Capability.ORGANIZE in needed
            and Capability.READ in granted)
