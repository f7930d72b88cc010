"""Back office: upload a programme (CSV or .xlsx), preview what it would do, confirm to import."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired

from eventapp.audit.context import source as audit_source
from eventapp.programme.csv_import import (
    ImportFileError,
    ImportPlan,
    apply,
    parse_programme,
    read_upload,
    template_csv,
    template_xlsx,
    validate,
)
from eventapp.programme.event_scope import attach_event_loader, current_event, event_slug
from eventapp.programme.models import SESSION_KINDS, SPEAKER_ROLES, Event
from eventapp.row_lock import locked_row
from eventapp.spreadsheets import carry, uncarry
from eventapp.teams.roles import Capability
from eventapp.xlsx import UPLOAD_ACCEPT, XLSX_MIMETYPE

bp = Blueprint("programme_import", __name__, url_prefix="/organize")
# Organizers only; the event of the URL is loaded once, after that check.
attach_event_loader(bp, organizer=True, capability=Capability.ORGANIZE)


class UploadForm(FlaskForm):
    file = FileField(
        _l("Programme file (CSV or Excel .xlsx)"),
        validators=[FileRequired(_l("Choose a CSV or .xlsx file to upload."))],
        description=_l("One row per speaker; a row without a name is a session without "
                       "speakers, such as a break. Upload an Excel workbook (.xlsx, its first "
                       "sheet is read) or a file saved as “CSV UTF-8”."),
        render_kw={"accept": UPLOAD_ACCEPT},
    )


class ConfirmForm(FlaskForm):
    # The file travels back with the confirmation, so any worker process can finish the import.
    content = HiddenField(validators=[DataRequired()])
    # Named on the audit trail beside the import's entries.
    filename = HiddenField()


def _preview(event: Event, text: str, plan: ImportPlan,
             filename: str = "") -> ResponseReturnValue:
    confirm = ConfirmForm(formdata=None, content=carry(text), filename=filename)
    return render_template("programme_import/preview.html", event=event, plan=plan,
                           summary=plan.summary(), confirm=confirm, zone=event.zone)


@bp.route("/events/<slug>/import", methods=["GET", "POST"])
def upload() -> ResponseReturnValue:
    event = current_event()
    form = UploadForm()
    if form.validate_on_submit():
        try:
            text = read_upload(form.file.data.read())
        except ImportFileError as exc:
            form.file.errors.append(str(exc))
        else:
            return _preview(event, text, validate(event, parse_programme(text)),
                            form.file.data.filename or "")
    status = 400 if form.is_submitted() else 200
    return render_template("programme_import/upload.html", event=event, form=form,
                           kinds=SESSION_KINDS, roles=SPEAKER_ROLES), status


@bp.post("/events/<slug>/import/confirm")
def confirm() -> ResponseReturnValue:
    event = current_event()
    form = ConfirmForm()
    text = uncarry(form.content.data or "") if form.validate_on_submit() else None
    if text is None:
        flash(_("The import could not be confirmed. Upload the file again."), "error")
        return redirect(url_for(".upload", slug=event_slug()))
    # Checked again under the event's lock: the programme may have changed since the
    # preview, and a second click (or a second worker) must find the first one's sessions
    # rather than insert them again.
    filename = form.filename.data or ""
    with locked_row(Event, event.id) as locked, audit_source(filename or "import"):
        plan = validate(locked, parse_programme(text))
        summary = apply(locked, plan) if plan.is_valid else None
    if summary is None:
        return _preview(event, text, plan, filename), 409
    flash(_("Programme imported. %(summary)s", summary=" ".join(summary.lines())), "success")
    # Straight to what the import produced.
    return redirect(url_for("organize.event", slug=event_slug()))


@bp.get("/events/<slug>/import/template.csv")
def template() -> Response:
    event = current_event()
    return Response(
        template_csv(event),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="programme-template.csv"'},
    )


@bp.get("/events/<slug>/import/template.xlsx")
def template_workbook() -> Response:
    return Response(
        template_xlsx(current_event()),
        mimetype=XLSX_MIMETYPE,
        headers={"Content-Disposition": 'attachment; filename="programme-template.xlsx"'},
    )
