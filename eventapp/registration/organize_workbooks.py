"""Organizer downloads as Excel workbooks: the registrations (with the list's filters) and the
participants import template (as .xlsx and CSV). They route on the organizer blueprint, so
their endpoints are `registration_organize.` ones."""

from __future__ import annotations

from flask import Response, request, stream_with_context

from eventapp.programme.event_scope import current_event
from eventapp.registration import queries
from eventapp.registration.organize_blueprint import bp
from eventapp.registration.organize_views import _filters as list_filters
from eventapp.registration.xlsx_export import (
    import_template_csv,
    import_template_xlsx,
    registrations_xlsx_chunks,
)
from eventapp.xlsx import XLSX_MIMETYPE


@bp.get("/events/<slug>/registrations.xlsx")
def export_workbook() -> Response:
    event = current_event()
    rows = queries.export_rows(event, list_filters(request.args))
    # Rows are read from the cursor while the workbook is written, as for the CSV export.
    chunks = registrations_xlsx_chunks(rows, event.zone)
    return Response(stream_with_context(chunks), mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-registrations.xlsx"',
        "Cache-Control": "no-store",
    })


# The event is checked by the blueprint's loader (404 for an unknown one); the template is the
# same for every event.
@bp.get("/events/<slug>/registrations/import/template.csv")
def import_template() -> Response:
    return Response(import_template_csv(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="participants-template.csv"'})


@bp.get("/events/<slug>/registrations/import/template.xlsx")
def import_template_workbook() -> Response:
    return Response(import_template_xlsx(), mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": 'attachment; filename="participants-template.xlsx"'})
