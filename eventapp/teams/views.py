"""Accepting an invitation to an event's team: the link of the invitation mail.

The page is not an event's organizer page (the invitee is in no team yet), so it loads the
invitation, not the event: anyone may open it; accepting needs the invited address's login.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import column, select, table

from eventapp.extensions import db
from eventapp.teams import service
from eventapp.teams.forms import ButtonForm
from eventapp.teams.models import TeamInvitation

bp = Blueprint("team_invitations", __name__)

# The events table as far as this page needs it (the model lives in the programme, above).
_events = table("events", column("id"), column("title"))


def _title_of(invitation: TeamInvitation) -> str:
    return db.session.execute(select(_events.c.title)
                              .where(_events.c.id == invitation.event_id)).scalar_one()


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str) -> ResponseReturnValue:
    invitation = service.invitation_for(token)
    if invitation is None:
        # Gone: used, cancelled, expired or never issued; the page says what to do.
        return render_template("teams/invitation_invalid.html"), 410
    title = _title_of(invitation)
    form = ButtonForm()
    problem = None
    if current_user.is_authenticated and current_user.email != invitation.email:
        problem = _("This invitation is for %(email)s, and you are logged in as %(me)s. Log "
                    "out, then log in with the invited address (or create an account with "
                    "it).", email=invitation.email, me=current_user.email)
    elif (current_user.is_authenticated and request.method == "POST"
          and form.validate_on_submit()):
        try:
            service.accept(invitation, current_user)
        except service.TeamError as exc:
            db.session.rollback()
            problem = str(exc)
        else:
            db.session.commit()
            flash(_("You joined the team of “%(title)s”.", title=title), "success")
            return redirect(url_for("organize.dashboard"))
    status = 200 if problem is None and request.method == "GET" else 400
    return render_template("teams/invitation.html", invitation=invitation, title=title,
                           form=form, problem=problem, token=token), status
