"""Telling participants that sessions in their agenda changed in a published version.

One message per participant per version, in the participant's language, listing only the
sessions they starred that changed; queued in the publishing transaction (see outbox).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.i18n.recipient import in_language
from eventapp.links import public_url
from eventapp.outbox.queue import QueuedMail, queue_mails
from eventapp.programme import schedule_version_texts as texts
from eventapp.programme.models import AgendaStar, Event
from eventapp.programme.schedule_versions import SessionChange
from eventapp.programme.version_models import ScheduleVersion

KIND = "schedule-version"


def version_mail(event: Event, version: ScheduleVersion, changes: Sequence[SessionChange],
                 *, to: str, link: str) -> QueuedMail:
    """The message for one participant, in the current language."""
    name = localized(event, "title")
    lines = [_("The programme of %(title)s was updated: version %(number)d.",
               title=name, number=version.number), ""]
    if version.note:
        lines += [_("Note from the organizers:"), version.note, ""]
    lines += [_("Sessions in your agenda that changed:"), ""]
    for change in changes:
        lines.append(f"* {texts.title(change)}")
        lines.append(f"  {texts.place(change, event.zone)}")
        lines += [f"  {line}" for line in texts.describe(change, event.zone)]
        lines.append("")
    lines.append(_("Every change, version by version: %(link)s", link=link))
    subject = _("%(title)s: the programme changed (version %(number)d)",
                title=name, number=version.number)
    return QueuedMail(kind=KIND, to=to, subject=subject, body="\n".join(lines) + "\n",
                      event_id=event.id)


def queue_version_mails(event: Event, version: ScheduleVersion,
                        changes: Sequence[SessionChange]) -> int:
    """Queue one message per participant who starred a changed session; returns how many."""
    by_session = {change.session_id: change for change in changes}
    if not by_session:
        return 0
    rows = db.session.execute(
        select(AgendaStar.user_id, AgendaStar.session_id, User.email, User.language)
        .join(User, User.id == AgendaStar.user_id)
        .where(AgendaStar.session_id.in_(by_session))
        .order_by(AgendaStar.user_id)
    ).all()
    starred: dict[int, tuple[str, str | None, set[int]]] = {}
    for user_id, session_id, email, language in rows:
        starred.setdefault(user_id, (email, language, set()))[2].add(session_id)
    mails = []
    for email, language, session_ids in starred.values():
        mine = [change for change in changes if change.session_id in session_ids]
        with in_language(language):
            link = public_url("schedule_versions.versions", slug=event.slug)
            mails.append(version_mail(event, version, mine, to=email, link=link))
    return queue_mails(mails)
