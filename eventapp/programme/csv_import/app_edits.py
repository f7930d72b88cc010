"""What importing the file would undo of the edits made in the app since the last import.

A session the last import wrote and the app changed afterwards (its updated_at is later
than its imported_at) is put back as the file says: each such change is told in the
preview, as a warning on the session's line, rather than folded into "1 updated".
"""

from __future__ import annotations

from flask_babel import gettext as _

from eventapp.i18n.formatting import local_datetime
from eventapp.people.service import normalise_label
from eventapp.programme.csv_import.context import ImportContext
from eventapp.programme.csv_import.plan import ImportPlan, PlannedSession
from eventapp.programme.csv_import.reading import Issue
from eventapp.programme.models import SESSION_KIND_LABELS


def app_edits_undone(plan: ImportPlan, context: ImportContext) -> None:
    """A warning for each change the file makes to a session edited in the app since."""
    room_names = {room.id: room.name for room in context.rooms.values()}
    for session in plan.sessions:
        old = session.existing
        if (old is None or not session.changed or old.imported_at is None
                or old.updated_at <= old.imported_at):
            continue
        when = local_datetime(old.updated_at, context.zone)
        for message in _changes(session, context, room_names, when):
            plan.issues.append(Issue(session.line, message, is_warning=True))


def _changes(session: PlannedSession, context: ImportContext, room_names: dict[int, str],
             when: str) -> list[str]:
    old = session.existing
    assert old is not None
    zone = context.zone
    changes = []
    if normalise_label(old.title) != session.key[2]:
        changes.append(_("“%(old)s” is renamed back to “%(new)s”, changed in the app on "
                         "%(when)s.", old=old.title, new=session.title, when=when))
    title = session.title
    old_start, new_start = old.starts_at.astimezone(zone), session.starts_at.astimezone(zone)
    if old_start != new_start:
        shown = "%H:%M" if old_start.date() == new_start.date() else "%Y-%m-%d %H:%M"
        changes.append(_(
            "“%(title)s” moves back from %(old)s to %(new)s, changed in the app on %(when)s.",
            title=title, when=when, old=old_start.strftime(shown),
            new=new_start.strftime(shown)))
    if old.ends_at - old.starts_at != session.ends_at - session.starts_at:
        changes.append(_(
            "“%(title)s” ends at %(new)s again instead of %(old)s, changed in the app on "
            "%(when)s.", title=title, when=when,
            old=old.ends_at.astimezone(zone).strftime("%H:%M"),
            new=session.ends_at.astimezone(zone).strftime("%H:%M")))
    old_room = room_names.get(old.room_id) if old.room_id else None
    new_room = session.room_text or None
    if normalise_label(old_room or "") != normalise_label(new_room or ""):
        changes.append(_(
            "“%(title)s” goes back from %(old)s to %(new)s, changed in the app on %(when)s.",
            title=title, when=when, old=old_room or _("no room"), new=new_room or _("no room")))
    if old.kind != session.kind:
        changes.append(_(
            "The kind of “%(title)s” goes back from %(old)s to %(new)s, changed in the app "
            "on %(when)s.", title=title, when=when,
            old=str(SESSION_KIND_LABELS.get(old.kind, old.kind)).lower(),
            new=str(SESSION_KIND_LABELS.get(session.kind, session.kind)).lower()))
    return changes
