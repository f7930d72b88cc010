"""GET /organize/events/<slug>/audit (.csv, .xlsx): the event's trail, filtered.

Organizers of the event only (the blueprint's loader checks access, then loads the event).
Each page is one query for its entries (keyset pages by entry id), whatever the trail's size.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context
from werkzeug.wrappers import Response as BaseResponse

from eventapp.audit.queries import audit_page, export_entries
from eventapp.audit_pages.exports import csv_chunks, workbook_chunks
from eventapp.audit_pages.forms import read_filters
from eventapp.audit_pages.rows import trail_rows
from eventapp.programme.event_scope import attach_event_loader, current_event
from eventapp.request_input import parse_id
from eventapp.teams.roles import Capability
from eventapp.xlsx import XLSX_MIMETYPE

bp = Blueprint("audit", __name__, url_prefix="/organize")
attach_event_loader(bp, organizer=True, capability=Capability.ORGANIZE)

@bp.get("/events/<slug>/audit")
def trail() -> str:
    event = current_event()
    form, filters = read_filters(request.args)
    page = audit_page(event.id, filters, event.zone,
                      before=parse_id(request.args.get("before", "")),
                      after=parse_id(request.args.get("after", "")))
    rows = trail_rows(page.entries, event.zone, event.slug, batch_links=not filters.batch)
    return render_template("audit/trail.html", event=event, form=form, filters=filters,
                           page=page, rows=rows)


def _download(body: object, mimetype: str, extension: str) -> BaseResponse:
    event = current_event()
    return Response(stream_with_context(body), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-audit.{extension}"',
        "Cache-Control": "no-store",
    })


@bp.get("/events/<slug>/audit.csv")
def export_csv() -> BaseResponse:
    event = current_event()
    _form, filters = read_filters(request.args)
    entries = export_entries(event.id, filters, event.zone)
    return _download(csv_chunks(entries, event.zone), "text/csv", "csv")


@bp.get("/events/<slug>/audit.xlsx")
def export_workbook() -> BaseResponse:
    event = current_event()
    _form, filters = read_filters(request.args)
    entries = export_entries(event.id, filters, event.zone)
    return _download(workbook_chunks(entries, event.zone), XLSX_MIMETYPE, "xlsx")
