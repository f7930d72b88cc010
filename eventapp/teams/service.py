"""The rules of a team: adding and removing members, changing roles, invitations.

Nothing here commits: the caller commits, so an invitation's mail (queued in the outbox in
the same transaction) leaves only with the invitation itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select, update

from eventapp.accounts.models import User, normalise_email
from eventapp.accounts.service import confirm_email
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.teams.models import EventMember, TeamInvitation
from eventapp.teams.roles import OWNER, TEAM_ROLES

INVITATION_SALT = "teams.invitation"
INVITATION_MAX_AGE_SECONDS = 14 * 24 * 3600
MAX_TOKEN_LENGTH = 500


class TeamError(ValueError):
    """A change the team's rules refuse; the message says why."""


def _rank(role: str) -> int:
    return TEAM_ROLES.index(role)


def members_of(event_id: int) -> list[EventMember]:
    """The team, most powerful roles first, then by address (each with its account)."""
    members = db.session.scalars(
        select(EventMember).where(EventMember.event_id == event_id)).all()
    return sorted(members, key=lambda m: (_rank(m.role), m.user.email))


def member_or_none(event_id: int, member_id: int) -> EventMember | None:
    member = db.session.get(EventMember, member_id)
    return member if member is not None and member.event_id == event_id else None


def pending_invitations(event_id: int) -> Sequence[TeamInvitation]:
    """Invitations not yet accepted and not expired, newest first."""
    return db.session.scalars(
        select(TeamInvitation)
        .where(TeamInvitation.event_id == event_id, TeamInvitation.accepted_at.is_(None),
               TeamInvitation.created_at > utcnow() - _max_age())
        .order_by(TeamInvitation.id.desc())).all()


def add_member(event_id: int, user: User, role: str) -> EventMember:
    """Give the account this role on the event (a member keeps one role: it is replaced)."""
    _check_role(role)
    member = db.session.scalar(select(EventMember).where(
        EventMember.event_id == event_id, EventMember.user_id == user.id))
    if member is None:
        member = EventMember(event_id=event_id, user=user, role=role)
        db.session.add(member)
    elif member.role != role:
        change_role(member, role)
    db.session.flush()
    return member


def change_role(member: EventMember, role: str) -> None:
    _check_role(role)
    if member.role == OWNER and role != OWNER:
        _keep_an_owner(member)
    member.role = role


def remove_member(member: EventMember) -> None:
    """Out of the team; the account loses its access at its next request."""
    if member.role == OWNER:
        _keep_an_owner(member)
    db.session.delete(member)


def _keep_an_owner(member: EventMember) -> None:
    owners = db.session.scalar(select(func.count()).select_from(EventMember).where(
        EventMember.event_id == member.event_id, EventMember.role == OWNER))
    if (owners or 0) <= 1:
        raise TeamError(_("%(email)s is the event's only owner. Name another owner first.",
                          email=member.user.email))


def _check_role(role: str) -> None:
    if role not in TEAM_ROLES:
        raise TeamError(_("Choose one of the roles offered."))


# --- Invitations -------------------------------------------------------------------------


def invite(event_id: int, email: str, role: str, *, language: str,
           invited_by: User | None) -> TeamInvitation:
    """A new invitation (flushed, so it has its id); the caller queues its mail."""
    _check_role(role)
    email = normalise_email(email)
    already = db.session.scalar(
        select(EventMember.role).join(User, User.id == EventMember.user_id)
        .where(EventMember.event_id == event_id, User.email == email))
    if already is not None:
        raise TeamError(_("%(email)s is already in the team.", email=email))
    invitation = TeamInvitation(event_id=event_id, email=email, role=role, language=language,
                                nonce=secrets.token_urlsafe(32),
                                invited_by_id=invited_by.id if invited_by else None)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def cancel_invitation(event_id: int, invitation_id: int) -> bool:
    """Forget a pending invitation, so its link stops working; False when there was none."""
    result = db.session.execute(delete(TeamInvitation).where(
        TeamInvitation.id == invitation_id, TeamInvitation.event_id == event_id,
        TeamInvitation.accepted_at.is_(None)))
    return bool(result.rowcount)


def _max_age() -> timedelta:
    return timedelta(seconds=current_app.config.get("TEAM_INVITATION_MAX_AGE_SECONDS",
                                                    INVITATION_MAX_AGE_SECONDS))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT)


def invitation_token(invitation: TeamInvitation) -> str:
    return _serializer().dumps({"i": invitation.id, "n": invitation.nonce})


def invitation_for(token: str) -> TeamInvitation | None:
    """The pending invitation the link was made for; None when the link is wrong, expired,
    already used or its invitation was cancelled."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        data = _serializer().loads(token, max_age=int(_max_age().total_seconds()))
    except BadSignature:  # also covers expired links
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    invitation = db.session.get(TeamInvitation, data["i"])
    if (invitation is None or invitation.accepted_at is not None
            or not secrets.compare_digest(invitation.nonce, str(data.get("n", "")))):
        return None
    return invitation


def accept(invitation: TeamInvitation, user: User) -> EventMember:
    """The invited account joins the team with the invitation's role; the link is spent.

    Only the account with the invited address may accept; the mailed link also confirms that
    the account's owner reads that address.
    """
    if user.email != invitation.email:
        raise TeamError(_("This invitation is for %(email)s. Log in with that address to "
                          "accept it.", email=invitation.email))
    # Spent by one conditional UPDATE, so two clicks at once cannot both use the link.
    spent = db.session.execute(
        update(TeamInvitation)
        .where(TeamInvitation.id == invitation.id, TeamInvitation.accepted_at.is_(None))
        .values(accepted_at=utcnow(), accepted_by_id=user.id)
        .execution_options(synchronize_session=False))
    if not spent.rowcount:
        raise TeamError(_("This invitation has already been used."))
    db.session.expire(invitation)
    member = add_member(invitation.event_id, user, invitation.role)
    confirm_email(user)
    return member
