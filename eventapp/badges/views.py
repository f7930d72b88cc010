"""Badges to print (organizers) and the participant's own badge page.

`GET /organize/events/<slug>/badges.pdf` takes the registrations list's filters and `ids=`
for a selection (repeated or comma-separated); `layout=a6` prints one badge per A6 page
instead of four per A4 sheet. Only approved registrations get a badge. The PDF is streamed:
pages leave as they are drawn, from registrations read in batches.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from eventapp.attendance.badge_codes import badge_code_for
from eventapp.badges.data import badge_page_etag, category_looks, country_name, event_badges
from eventapp.badges.layout import LAYOUTS, badges_pdf
from eventapp.badges.qr import qr_svg
from eventapp.extensions import db
from eventapp.i18n import language_etag
from eventapp.programme.event_scope import attach_event_loader, current_event, event_slug
from eventapp.registration import queries
from eventapp.registration.models import Registration
from eventapp.registration.participants import own_registration_or_404
from eventapp.registration.views import STATUS_LABELS
from eventapp.request_input import parse_id
from eventapp.security_headers import owner_may_keep
from eventapp.teams.roles import Capability

organize_bp = Blueprint("badges_organize", __name__, url_prefix="/organize")
attach_event_loader(organize_bp, organizer=True, capability=Capability.ORGANIZE)
bp = Blueprint("badges", __name__)

# More ids than this in one address is not a selection made by hand: use the filters.
MAX_IDS = 2000


class _BadSelection(ValueError):
    """A selection that cannot be printed; the message is meant for the organizer."""


def _selected_ids() -> list[int] | None:
    """The ids= of the request (None: no selection).

    The list's selection posts its ticked boxes (the bulk form, with its CSRF token);
    "all matching" ticked there means the filters, not the boxes.
    """
    source = request.form if request.method == "POST" else request.args
    if source.get("all_matching"):
        return None
    values = [part.strip() for value in source.getlist("ids") for part in value.split(",")
              if part.strip()]
    if not values:
        if request.method == "POST":
            raise _BadSelection(_("Select at least one registration first."))
        return None
    ids = [parse_id(value) for value in values]
    if any(i is None for i in ids):
        raise _BadSelection(_("The selection names something that is not a registration."))
    if len(ids) > MAX_IDS:
        raise _BadSelection(_("Select at most %(num)d registrations, or print by the filters.",
                              num=MAX_IDS))
    return sorted({i for i in ids if i is not None})


@organize_bp.route("/events/<slug>/badges.pdf", methods=["GET", "POST"])
def badges() -> ResponseReturnValue:
    event = current_event()
    filters = queries.filters_from_args(request.args)
    back = url_for("registration_organize.registrations", slug=event_slug(),
                   **filters.as_args())
    try:
        ids = _selected_ids()
    except _BadSelection as exc:
        flash(str(exc), "error")
        return redirect(back)
    layout = request.args.get("layout", "sheet")
    if layout not in LAYOUTS:
        layout = "sheet"
    if ids is not None:
        # Every id must be one of this event's registrations.
        found = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.id.in_(ids), Registration.event_id == event.id)) or 0
        if found != len(ids):
            abort(404)
    if not queries.has_approved(event, filters, ids):
        flash(_("Badges are printed for approved registrations only, and none of those "
                "chosen is approved."), "error")
        return redirect(back)
    chunks = badges_pdf(event_badges(event, filters, ids), layout,
                        title=_("Badges: %(event)s", event=event.title))
    return Response(stream_with_context(chunks), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{event.slug}-badges.pdf"',
        "Cache-Control": "no-store",
    })


@bp.get("/registrations/badge-offline.js")
def offline_worker() -> ResponseReturnValue:
    """The worker that shows a badge page again offline, served under /registrations/ so its
    scope may cover the badge pages (a worker's scope is at most its own folder)."""
    response = current_app.send_static_file("js/badge-offline-worker.js")
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    return response


@bp.get("/registrations/<int:registration_id>/badge")
@login_required
@owner_may_keep
def participant_badge(registration_id: int) -> ResponseReturnValue:
    registration = own_registration_or_404(current_user, registration_id)
    name, colour = category_looks().get(registration.category_id, ("", "#000000"))
    organization = registration.organization
    country = country_name(organization.country) if organization else ""
    tag = language_etag(badge_page_etag(registration, name, country))
    if request.if_none_match.contains(tag):
        # The browser's copy is current: no QR code drawn, nothing sent.
        not_modified = Response(status=304)
        not_modified.set_etag(tag)
        return not_modified
    code = badge_code_for(registration)
    title = _("QR code of the badge of %(name)s", name=registration.person.full_name)
    response = make_response(render_template(
        "badges/participant.html", registration=registration, event=registration.event,
        code=code, qr=qr_svg(code, title) if code else None, category_name=name,
        band_colour=colour, status_label=STATUS_LABELS.get(registration.status, ""),
        country=country))
    response.set_etag(tag)
    return response
