"""Organizer side of registration: the list, accreditation, export/import, settings, merge."""

from __future__ import annotations

from datetime import datetime

from flask import (
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from eventapp.audit.context import source as audit_source
from eventapp.audit.queries import history as audit_history
from eventapp.extensions import db
from eventapp.form_choices import options
from eventapp.i18n.content import localized
from eventapp.people.models import (
    GENDER_LABELS,
    MIGRANT_EXPERIENCE_CHOICES,
    Person,
)
from eventapp.people.service import all_categories
from eventapp.programme.event_scope import current_event, event_slug, loads_own_event
from eventapp.programme.models import Event
from eventapp.registration import (
    bulk_report,
    csv_import,
    organize_list,
    queries,
)
from eventapp.registration.csv_export import IMPORT_COLUMNS, registrations_csv_chunks
from eventapp.registration.errors import RegistrationError
from eventapp.registration.merge import MergeError, merge_people
from eventapp.registration.models import (
    DELEGATION_ROLES,
    ORGANIZER_STATUSES,
    Registration,
)
from eventapp.registration.organize_blueprint import bp
from eventapp.registration.organize_forms import (
    STATUS_LABELS,
    BulkForm,
    ImportConfirmForm,
    ImportForm,
    MergeForm,
    RepresentationForm,
    SettingsForm,
    StatusForm,
)
from eventapp.registration.places import places_summary
from eventapp.registration.quotas import QuotaSetting, client_texts, describe
from eventapp.registration.representation import accredit_level
from eventapp.registration.settings import (
    RegistrationSettings,
    SettingsError,
    current_quotas,
    quota_problems,
    save_settings,
)
from eventapp.registration.settings import check as check_settings
from eventapp.registration.statuses import change_statuses, change_statuses_detailed
from eventapp.request_input import parse_id
from eventapp.spreadsheets import carry, uncarry
from eventapp.timeutil import local_to_utc
from eventapp.xlsx import read_upload


@bp.context_processor
def _labels() -> dict:
    return {
        "STATUS_LABELS": STATUS_LABELS,
        "DELEGATION_ROLE_LABELS": dict(DELEGATION_ROLES),
        "GENDER_LABELS": GENDER_LABELS,
        "MIGRANT_LABELS": dict(MIGRANT_EXPERIENCE_CHOICES),
    }


# --- list, bulk actions, detail -------------------------------------------------------


def _filters(args: MultiDict[str, str]) -> queries.RegistrationFilters:
    return queries.filters_from_args(args)


@bp.get("/events/<slug>/registrations")
@loads_own_event
def registrations() -> str:
    # The list finds its event with the versions of its cached body, in one query.
    stamp = organize_list.list_stamp(event_slug())
    body = organize_list.list_body(event_slug(), stamp, _filters(request.args),
                                   request.args.get("page", 1, type=int))
    return render_template("registration_organize/list.html", title=stamp.title, body=body)


@bp.post("/events/<slug>/registrations/bulk")
def bulk() -> BaseResponse | str:
    event = current_event()
    form = BulkForm()
    filters = _filters(request.args)
    back = url_for(".registrations", slug=event_slug(), **filters.as_args())
    if not form.validate_on_submit():
        flash(_("Choose an action from the list."), "error")
        return redirect(back)
    if form.all_matching.data:
        ids = queries.matching_ids(event, filters)
    else:
        ids = [i for i in map(parse_id, request.form.getlist("ids")) if i is not None]
    if not ids:
        flash(_("Select at least one registration first."), "error")
        return redirect(back)
    before = bulk_report.snapshot(event, ids)
    places = places_summary(event)
    change_statuses(event, ids, form.action.data, message=form.message.data or "")
    report = bulk_report.build_report(
        form.action.data, before, bulk_report.statuses(ids), places)
    return render_template("registration_organize/bulk_result.html", event=event,
                           report=report, back=back, filters=filters)


@bp.route("/events/<slug>/registrations/<int:registration_id>", methods=["GET", "POST"])
def detail(registration_id: int) -> BaseResponse | str:
    event = current_event()
    registration = queries.registration_of_event_or_404(event, registration_id)
    form = StatusForm(data={"status": registration.status})
    if form.validate_on_submit():
        wanted = form.status.data
        outcome = change_statuses_detailed(
            event, [registration.id], wanted, message=form.message.data or ""
        ).outcome(registration.id)
        if outcome is not None and outcome.reason is not None:
            flash(_("%(reason)s, so the registration is on the waiting list; it will be "
                    "promoted automatically when a place frees.", reason=outcome.reason.label),
                  "warning")
        elif outcome is not None:
            flash(_("The registration is %(status)s.",
                    status=STATUS_LABELS[outcome.new_status].lower()), "success")
        return redirect(url_for(".detail", slug=event_slug(), registration_id=registration_id))
    return render_template("registration_organize/detail.html", event=event,
                           registration=registration, form=form,
                           level_form=_level_form(registration),
                           history=audit_history(event.id, f"registration:{registration.id}"),
                           history_subject=f"registration:{registration.id}")


def _level_form(registration: Registration) -> RepresentationForm:
    return RepresentationForm(formdata=None,
                              data={"delegation_role": registration.delegation_role})


@bp.post("/events/<slug>/registrations/<int:registration_id>/representation")
def representation(registration_id: int) -> BaseResponse | tuple[str, int]:
    event = current_event()
    registration = queries.registration_of_event_or_404(event, registration_id)
    level_form = RepresentationForm()
    if level_form.validate():
        accredit_level(registration, level_form.delegation_role.data)
        flash(_("The accredited level of representation is %(level)s.",
                level=dict(DELEGATION_ROLES)[registration.delegation_role]), "success")
        return redirect(url_for(".detail", slug=event_slug(), registration_id=registration_id))
    return render_template("registration_organize/detail.html", event=event,
                           registration=registration, level_form=level_form,
                           form=StatusForm(data={"status": registration.status})), 422


# --- export and import ----------------------------------------------------------------


@bp.get("/events/<slug>/registrations.csv")
def export() -> Response:
    event = current_event()
    rows = queries.export_rows(event, _filters(request.args))
    # Streamed: the rows are read from the cursor while the response is being sent.
    chunks = registrations_csv_chunks(rows, event.zone)
    return Response(stream_with_context(chunks), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-registrations.csv"',
        "Cache-Control": "no-store",
    })


def _preview(event: Event, text: str, plan: csv_import.ImportPlan,
             status: int = 200, filename: str = "") -> ResponseReturnValue:
    confirm = ImportConfirmForm(formdata=None, content=carry(text), filename=filename)
    return render_template("registration_organize/import_preview.html", event=event,
                           plan=plan, confirm=confirm), status


@bp.route("/events/<slug>/registrations/import", methods=["GET", "POST"])
def import_upload() -> ResponseReturnValue:
    event = current_event()
    form = ImportForm()
    if form.validate_on_submit():
        try:
            text = read_upload(form.file.data.read())
            plan = csv_import.parse_and_validate(event, text)
        except csv_import.ImportFileError as exc:
            form.file.errors.append(str(exc))
        else:
            return _preview(event, text, plan, filename=form.file.data.filename or "")
    status = 400 if form.is_submitted() else 200
    return render_template("registration_organize/import.html", event=event, form=form,
                           columns=IMPORT_COLUMNS, statuses=ORGANIZER_STATUSES), status


@bp.post("/events/<slug>/registrations/import/confirm")
def import_confirm() -> ResponseReturnValue:
    event = current_event()
    form = ImportConfirmForm()
    text = uncarry(form.content.data or "") if form.validate_on_submit() else None
    if text is None:
        flash(_("The import could not be confirmed. Upload the file again."), "error")
        return redirect(url_for(".import_upload", slug=event_slug()))
    try:
        # Checked again: people may have registered since the preview.
        plan = csv_import.parse_and_validate(event, text)
    except csv_import.ImportFileError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".import_upload", slug=event_slug()))
    filename = form.filename.data or ""
    if not plan.is_valid:
        return _preview(event, text, plan, 409, filename)
    with audit_source(filename or "import"):
        result = csv_import.apply(event, plan)
    flash(" ".join([_("Participants imported."), *result.lines()]), "success")
    return redirect(url_for(".registrations", slug=event_slug()))


# --- settings -------------------------------------------------------------------------


def _local_input(moment: datetime | None, event: Event) -> datetime | None:
    return None if moment is None else moment.astimezone(event.zone).replace(tzinfo=None)


def _utc(local: datetime | None, event: Event) -> datetime | None:
    return None if local is None else local_to_utc(local.date(), local.time(), event.zone)


@bp.route("/events/<slug>/registration-settings", methods=["GET", "POST"])
def settings() -> BaseResponse | str:
    event = current_event()
    quotas = current_quotas(event)
    # A retired category keeps a quota it already has (so it can be cleared) but gets no new one.
    categories = [c for c in all_categories() if not c.is_retired or c.id in quotas]
    form_class = SettingsForm.with_quotas(categories)
    form = form_class(data={
        "opens_at": _local_input(event.registration_opens_at, event),
        "closes_at": _local_input(event.registration_closes_at, event),
        "capacity": event.capacity,
        "auto_approve": event.auto_approve,
        "require_verified_email": event.require_verified_email,
        **{f"quota_{c.id}": quotas[c.id].amount for c in categories if c.id in quotas},
        **{f"quota_unit_{c.id}": quotas[c.id].unit for c in categories if c.id in quotas},
    })
    if form.validate_on_submit():
        wanted = RegistrationSettings(
            opens_at=_utc(form.opens_at.data, event),
            closes_at=_utc(form.closes_at.data, event),
            capacity=form.capacity.data,
            auto_approve=bool(form.auto_approve.data),
            require_verified_email=bool(form.require_verified_email.data),
            quotas={c.id: QuotaSetting(amount.data, unit.data)
                    for c, amount, unit in form.quota_fields(categories)
                    if amount.data is not None},
        )
        try:
            outcome = save_settings(event, wanted)
        except SettingsError as exc:
            db.session.rollback()
            problems = quota_problems(wanted, {c.id: localized(c, "name") for c in categories})
            for c, amount, _unit in form.quota_fields(categories):
                if c.id in problems:
                    amount.errors = [*amount.errors, problems[c.id]]
            if not problems:
                form.form_errors.append(str(exc))
        else:
            flash(_("Registration settings saved."), "success")
            if outcome.promoted:
                # English keeps its one form with "(s)"; other languages get their plurals.
                flash(ngettext("%(num)d waitlisted registration(s) promoted to the free places.",
                               "%(num)d waitlisted registration(s) promoted to the free places.",
                               outcome.promoted), "success")
            if outcome.over_capacity_by:
                flash(ngettext("%(num)d more people are approved than the new capacity allows. "
                               "Nobody was removed; new registrations wait until places free.",
                               "%(num)d more people are approved than the new capacity allows. "
                               "Nobody was removed; new registrations wait until places free.",
                               outcome.over_capacity_by), "warning")
            return redirect(url_for(".settings", slug=event_slug()))
    elif form.is_submitted():
        # Some fields were refused: the rules still speak about the others in this submission.
        kept = {f.name: None if f.errors else f.data
                for f in (form.opens_at, form.closes_at, form.capacity)}
        form.form_errors.extend(check_settings(RegistrationSettings(
            _utc(kept["opens_at"], event), _utc(kept["closes_at"], event), kept["capacity"],
            auto_approve=False)))
    return render_template("registration_organize/settings.html", event=event, form=form,
                           quota_fields=form.quota_fields(categories),
                           quota_notes={c: describe(q, event.capacity) for c, q in quotas.items()},
                           quota_texts=client_texts(),
                           places=places_summary(event)), 400 if form.errors else 200


# --- merge ----------------------------------------------------------------------------


@bp.route("/events/<slug>/registrations/merge", methods=["GET", "POST"])
def merge() -> BaseResponse | str:
    event = current_event()
    search = " ".join(request.args.get("q", "").split())[:100]
    candidates = queries.person_candidates(search) if search else []
    form = MergeForm()
    choices = options((p.id, _("%(name)s (record %(id)d)", name=p.display_name, id=p.id))
                      for p, _n in candidates)
    form.keep.choices = choices
    form.drop.choices = choices
    if request.method == "GET" and (keep_id := parse_id(request.args.get("keep"))) is not None:
        form.keep.data = keep_id
    if form.validate_on_submit():
        keep = db.session.get(Person, form.keep.data)
        drop = db.session.get(Person, form.drop.data)
        try:
            if keep is None or drop is None:
                raise MergeError(_("One of the records no longer exists. Search again."))
            name = keep.display_name
            result = merge_people(keep, drop, event_id=event.id)
        except MergeError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(_("Records merged into %(name)s: %(moved)d registration(s) moved, "
                    "%(combined)d combined, %(slots)d speaking slot(s) moved.", name=name,
                    moved=result.moved_registrations,
                    combined=result.combined_registrations, slots=result.moved_slots),
                  "success")
            return redirect(url_for(".merge", slug=event_slug(), q=search))
    return render_template("registration_organize/merge.html", event=event, form=form,
                           search=search, candidates=candidates,
                           by_id={p.id: (p, n) for p, n in candidates}), \
        400 if form.is_submitted() and form.errors else 200


@bp.errorhandler(RegistrationError)
def _registration_error(error: RegistrationError) -> BaseResponse:
    db.session.rollback()
    flash(str(error), "error")
    slug = g.get("event_slug")
    return redirect(url_for(".registrations", slug=slug) if slug
                    else url_for("organize.dashboard"))


# --- categories offered ---------------------------------------------------------------


@bp.route("/events/<slug>/registration/categories", methods=["GET", "POST"])
def offered_categories() -> BaseResponse | tuple[str, int]:
    from eventapp.people import categories as category_service
    from eventapp.people.forms import OfferedCategoriesForm

    event = current_event()
    active = category_service.active_categories()
    form = OfferedCategoriesForm()
    form.set_choices(active)
    chosen = category_service.offered_category_ids(event.id)
    if request.method == "GET":
        form.categories.data = [c.id for c in active if c.id in chosen]
    elif form.validate_on_submit():
        try:
            category_service.set_offered_categories(event.id, form.categories.data or [])
            db.session.commit()
        except category_service.CategoryError as exc:
            db.session.rollback()
            form.categories.errors = [*form.categories.errors, str(exc)]
        else:
            flash(_("Categories offered saved.") if form.categories.data else
                  _("Categories offered saved: every active category is offered."), "success")
            return redirect(url_for(".offered_categories", slug=event_slug()))
    return render_template("registration_organize/categories.html", event=event, form=form,
                           offered=category_service.offered_among(active, chosen)), \
        400 if form.errors else 200


# The organizations pages register on this blueprint from their own module.
from eventapp.registration import organize_organizations  # noqa: E402, F401
