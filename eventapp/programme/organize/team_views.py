"""The event's team: its members and roles, invitations by e-mail (owners and site
administrators only; the rules are in eventapp.teams.service)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eventapp.extensions import db
from eventapp.i18n import current_language
from eventapp.programme.event_scope import current_event, event_slug, requires
from eventapp.programme.organize.common import bp
from eventapp.teams import service
from eventapp.teams.emails import queue_invitation
from eventapp.teams.forms import ButtonForm, InviteForm, RoleForm
from eventapp.teams.models import EventMember
from eventapp.teams.roles import ROLE_LABELS, Capability


def _render(invite_form: InviteForm | None = None, status: int = 200) -> ResponseReturnValue:
    event = current_event()
    members = service.members_of(event.id)
    role_forms = {m.id: RoleForm(formdata=None, role=m.role, prefix=f"m{m.id}")
                  for m in members}
    if invite_form is None:
        invite_form = InviteForm(formdata=None, language=current_language())
    return render_template(
        "organize/team.html", event=event, members=members, role_forms=role_forms,
        invitations=service.pending_invitations(event.id), invite_form=invite_form,
        button=ButtonForm(formdata=None),
    ), status


def _back() -> Response:
    return redirect(url_for(".team", slug=event_slug()))


def _member(member_id: int) -> EventMember:
    member = service.member_or_none(current_event().id, member_id)
    if member is None:
        abort(404)
    return member


@bp.get("/events/<slug>/team")
@requires(Capability.MANAGE_TEAM)
def team() -> ResponseReturnValue:
    return _render()


@bp.post("/events/<slug>/team/invite")
@requires(Capability.MANAGE_TEAM)
def invite() -> ResponseReturnValue:
    form = InviteForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    event = current_event()
    title = event.title
    try:
        invitation = service.invite(event.id, form.email.data, form.role.data,
                                    language=form.language.data, invited_by=current_user)
    except service.TeamError as exc:
        db.session.rollback()
        form.email.errors = [*form.email.errors, str(exc)]
        return _render(form, 400)
    queue_invitation(invitation, title, current_user.email)
    email, role = invitation.email, invitation.role
    db.session.commit()
    flash(_("Invitation sent to %(email)s (role: %(role)s).", email=email,
            role=ROLE_LABELS[role]),
          "success")
    return _back()


@bp.post("/events/<slug>/team/<int:member_id>/role")
@requires(Capability.MANAGE_TEAM)
def change_role(member_id: int) -> ResponseReturnValue:
    member = _member(member_id)
    form = RoleForm(prefix=f"m{member.id}")
    if not form.validate_on_submit():
        flash(_("Choose one of the roles offered."), "error")
        return _back()
    email = member.user.email
    try:
        service.change_role(member, form.role.data)
    except service.TeamError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back()
    db.session.commit()
    flash(_("Role of %(email)s: %(role)s.", email=email, role=ROLE_LABELS[form.role.data]),
          "success")
    return _back()


@bp.post("/events/<slug>/team/<int:member_id>/remove")
@requires(Capability.MANAGE_TEAM)
def remove_member(member_id: int) -> ResponseReturnValue:
    member = _member(member_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    email = member.user.email
    try:
        service.remove_member(member)
    except service.TeamError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back()
    db.session.commit()
    flash(_("%(email)s is no longer in the team.", email=email), "success")
    return _back()


@bp.post("/events/<slug>/team/invitations/<int:invitation_id>/cancel")
@requires(Capability.MANAGE_TEAM)
def cancel_invitation(invitation_id: int) -> ResponseReturnValue:
    if not ButtonForm().validate_on_submit():
        abort(400)
    if not service.cancel_invitation(current_event().id, invitation_id):
        abort(404)
    db.session.commit()
    flash(_("The invitation is cancelled: its link no longer works."), "success")
    return _back()
