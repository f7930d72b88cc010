"""Organizer page of an event's outbox: what was queued, sent and failed; retry failures."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.outbox.queries import LISTS, outbox_page, retry_failed
from eventapp.programme.event_scope import attach_event_loader, current_event, event_slug
from eventapp.request_input import parse_id
from eventapp.teams.roles import Capability

bp = Blueprint("outbox", __name__, url_prefix="/organize")
attach_event_loader(bp, organizer=True, capability=Capability.ORGANIZE)

LIST_LABELS = {"queued": _l("Waiting"), "failed": _l("Failed"), "sent": _l("Sent")}


class RetryForm(FlaskForm):
    """CSRF only: the message is named by the URL."""


@bp.get("/events/<slug>/outbox")
def event_outbox() -> str:
    event = current_event()
    status = request.args.get("status", "queued")
    page = outbox_page(event.id, status, parse_id(request.args.get("page", "")) or 1)
    return render_template("outbox/event_outbox.html", event=event, page=page,
                           form=RetryForm(), LIST_LABELS=LIST_LABELS, LISTS=LISTS)


@bp.post("/events/<slug>/outbox/retry")
@bp.post("/events/<slug>/outbox/<int:message_id>/retry")
def retry(message_id: int | None = None) -> BaseResponse:
    event = current_event()
    if message_id is not None and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.id == message_id,
                                       OutboxMessage.event_id == event.id)
    ) is None:
        abort(404)
    if RetryForm().validate_on_submit():
        queued = retry_failed(event.id, message_id)
        db.session.commit()
        if queued:
            flash(ngettext("%(num)d message queued again.", "%(num)d messages queued again.",
                           queued), "success")
        else:
            flash(_("Nothing to retry: the message is no longer failed."), "info")
    else:
        flash(_("The retry could not be confirmed. Try again."), "error")
    return redirect(url_for(".event_outbox", slug=event_slug(), status="failed"))
