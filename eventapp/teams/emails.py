"""The invitation to join an event's team, queued in the outbox in the invitee's language."""

from __future__ import annotations

from flask_babel import gettext as _

from eventapp.i18n.recipient import in_language
from eventapp.links import public_url
from eventapp.outbox.queue import queue_mail
from eventapp.teams import service
from eventapp.teams.models import TeamInvitation
from eventapp.teams.roles import ROLE_DESCRIPTIONS, ROLE_LABELS

INVITATION_KIND = "team-invitation"


def invitation_body(invitation: TeamInvitation, event_title: str, inviter: str) -> str:
    link = public_url("team_invitations.accept", token=service.invitation_token(invitation))
    days = service.INVITATION_MAX_AGE_SECONDS // 86400
    return "\n\n".join((
        _("Hello,"),
        _("%(inviter)s invites you to the team of “%(title)s”.", inviter=inviter,
          title=event_title),
        _("Your role: %(role)s. %(what)s", role=ROLE_LABELS[invitation.role],
          what=ROLE_DESCRIPTIONS[invitation.role]),
        _("Open this link to accept. Log in with this address, or create an account with it "
          "first:"),
        link,
        _("The link works once, for %(num)d days. If you do not know why you received this "
          "message, you can ignore it.", num=days),
    )) + "\n"


def queue_invitation(invitation: TeamInvitation, event_title: str, inviter: str) -> None:
    with in_language(invitation.language):
        subject = _("Join the team of “%(title)s”", title=event_title)
        body = invitation_body(invitation, event_title, inviter)
    queue_mail(invitation.email, subject, body, kind=INVITATION_KIND,
               event_id=invitation.event_id)
