"""Organizer side: confirm the organizations participants typed in, or merge them away."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from eventapp.accounts.access import safe_next_url
from eventapp.extensions import db
from eventapp.people.models import Organization
from eventapp.programme.event_scope import current_event, event_slug
from eventapp.registration import organizations
from eventapp.registration.organize_blueprint import bp
from eventapp.request_input import parse_id


class ActionForm(FlaskForm):
    """Only the CSRF token: the organization is in the URL, the target a parsed id."""


def _waiting(organization_id: int) -> Organization | None:
    organization = organizations.unconfirmed_of_event_or_none(current_event(), organization_id)
    if organization is None:
        # Already confirmed or merged (a second click), or not this event's: say so, no error.
        flash(_("This organization is no longer waiting for confirmation."), "info")
    return organization


def _back() -> BaseResponse:
    # The URL's slug: after a commit, the event's own would be read from the database again.
    return redirect(safe_next_url(request.form.get("next"))
                    or url_for(".organizations_to_confirm", slug=event_slug()))


@bp.get("/events/<slug>/organizations")
def organizations_to_confirm() -> str:
    event = current_event()
    waiting = organizations.to_confirm(event)
    by_country: dict[str, list[Organization]] = {}
    for target in organizations.merge_targets() if waiting else []:
        by_country.setdefault(target.country, []).append(target)
    return render_template("registration_organize/organizations.html", event=event,
                           waiting=waiting, by_country=by_country)


@bp.post("/events/<slug>/organizations/<int:organization_id>/confirm")
def confirm_organization(organization_id: int) -> BaseResponse:
    organization = _waiting(organization_id)
    if organization is not None and ActionForm().validate_on_submit():
        name = organization.name
        organizations.confirm(organization)
        db.session.commit()
        flash(_("“%(name)s” is confirmed and now offered to every participant.", name=name),
              "success")
    return _back()


@bp.post("/events/<slug>/organizations/<int:organization_id>/merge")
def merge_organization(organization_id: int) -> BaseResponse:
    organization = _waiting(organization_id)
    if organization is None or not ActionForm().validate_on_submit():
        return _back()
    into = parse_id(request.form.get("into", ""))
    keep = db.session.get(Organization, into) if into is not None else None
    if keep is None:
        flash(_("Choose the organization to merge into."), "error")
        return _back()
    name, keep_name = organization.name, keep.name
    try:
        moved = organizations.merge_into(organization, keep)
    except organizations.OrganizationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back()
    db.session.commit()
    # English keeps its one form with "(s)"; other languages get their plurals.
    flash(ngettext("“%(name)s” was merged into “%(into)s”: %(num)d registration(s) moved.",
                   "“%(name)s” was merged into “%(into)s”: %(num)d registration(s) moved.",
                   moved, name=name, into=keep_name), "success")
    return _back()
