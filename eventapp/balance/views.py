"""Balance pages: the organizer's report (HTML, CSV, JSON), targets, and the public summary."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from eventapp.balance.exports import build_csv, build_json, build_xlsx_report, report_to_dict
from eventapp.balance.floor_metrics import with_floor
from eventapp.balance.forms import ScopeForm, TargetsForm
from eventapp.balance.funnel import FUNNEL_RULE, build_funnel, with_funnel
from eventapp.balance.measures import suppress_small
from eventapp.balance.metrics import NOT_STATED, BalanceReport, build_report
from eventapp.balance.pieces import (
    ReportVersions,
    funnel_facts,
    presence_facts,
    report_data,
    report_versions,
)
from eventapp.balance.queries import (
    BalanceData,
    count_speakers_with_migrant_experience,
    load_balance_data,
    load_categories,
    load_not_reached,
    load_sessions,
)
from eventapp.balance.report_page import render_report_body
from eventapp.balance.service import (
    TargetError,
    TargetInput,
    minimum_total_problem,
    save_targets,
    typed_percent,
)
from eventapp.extensions import db
from eventapp.fragment_cache import cache
from eventapp.i18n import formatting
from eventapp.i18n.formatting import long_date
from eventapp.programme.event_scope import (
    attach_event_loader,
    current_event,
    event_slug,
    public_view,
)
from eventapp.programme.models import SESSION_KIND_LABELS, Event
from eventapp.programme.rules import listed_days
from eventapp.request_input import parse_id
from eventapp.teams.roles import Capability
from eventapp.xlsx import XLSX_MIMETYPE

bp = Blueprint("balance", __name__)
attach_event_loader(bp, organizer=True, capability=Capability.ORGANIZE)


# Rounded by Python first, then only laid out by the locale: Babel would round the decimal
# text of the float half-to-even (0.05 → "0.0"), Python rounds the float itself (→ "0.1"),
# and the figures must not change with the language.
@bp.app_template_filter("balance_pct")
def percent(value: float | None, digits: int = 1) -> str:
    """A share (0..1) in the visitor's language: '25.0%', '25,0 %'; 'n/a' when undefined."""
    if value is None:
        return _("n/a")
    return formatting.percent(Decimal(f"{100 * value:.{digits}f}") / 100, digits)


@bp.app_template_filter("balance_num")
def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return _("n/a")
    return formatting.number(Decimal(f"{value:.{digits}f}"), digits)


@bp.app_template_filter("balance_small")
def small(count: int) -> int | str:
    """A count of people in the public summary: "fewer than 5" below the threshold."""
    return suppress_small(count)


@bp.app_template_global("target_range")
def target_range(low: float | None, high: float | None) -> str:
    """A category's target in words: 'at least 20%', 'at most 30%', or both."""
    if low is not None and high is not None:
        return _("at least %(low)s, at most %(high)s",
                 low=typed_percent(low), high=typed_percent(high))
    if low is not None:
        return _("at least %(low)s", low=typed_percent(low))
    if high is not None:
        return _("at most %(high)s", high=typed_percent(high))
    return ""


@bp.app_template_filter("balance_kind")
def kind_label(kind: str) -> str:
    return str(SESSION_KIND_LABELS.get(kind, kind))


@bp.app_template_filter("balance_lower_first")
def lower_first(title: str) -> str:
    """'Governance level' → 'governance level', to sit inside a sentence."""
    text = str(title)
    return text[:1].lower() + text[1:]


def _event_days(event: Event) -> list[tuple[str, str]]:
    days = listed_days(event.start_date, event.end_date)
    return [(day.isoformat(), long_date(day)) for day in days]


def _report(event: Event, args: MultiDict,
            versions: ReportVersions | None) -> tuple[BalanceReport, ScopeForm, BalanceData]:
    """The report for the scope in the query string; a bad scope falls back to the whole event."""
    data = report_data(event, versions)
    form = ScopeForm(args)
    form.set_choices(_event_days(event), data.sessions)
    valid = form.validate() if args else True
    scope = form.scope() if valid else None
    report = build_report(
        data.facts, categories=data.category_list, registration_counts=data.registration_counts,
        targets=data.targets, sessions=data.sessions, scope=scope,
        requires_local_voice=event.requires_local_voice,
    )
    report = with_floor(report, data.facts, data.floor_facts, categories=data.category_list,
                        sessions=data.sessions)
    return _with_funnel(event, report, data, versions), form, data


def _with_funnel(event: Event, report: BalanceReport, data: BalanceData,
                 versions: ReportVersions | None) -> BalanceReport:
    """The report with its funnel for the same scope."""
    scope = report.scope
    funnel = build_funnel(
        funnel_facts(event, data, scope, versions),
        presence_facts(event, data.categories, versions),
        categories=data.category_list, category_labels={c.key: c.name for c in data.categories},
        event_days=listed_days(event.start_date, event.end_date), day=scope.day)
    return with_funnel(report, funnel)


def _scope_errors(form: ScopeForm) -> str:
    return " ".join(_("%(field)s: %(errors)s", field=form[name].label.text,
                      errors=" ".join(str(e) for e in errors))
                    for name, errors in form.errors.items())


def _report_versions(event: Event) -> tuple[str | None, ...] | None:
    """The versions the report depends on, in one query; None (do not cache) if one is unset."""
    versions = report_versions(event)
    return None if versions is None else versions.key


def _versioned(event: Event, name: str,
               build: Callable[[ReportVersions | None], tuple[int, str]]) -> tuple[int, str]:
    """Reuse output built for the same scope while nothing the report reads has changed.

    Slots, sessions, targets and event settings raise the programme version (and a session's
    own); registrations their own; a person or organization the versions of the events where
    they speak or registered; categories the people version; lists of speakers and floor
    requests the floor version; check-ins (and their undoing) the attendance version. When
    the output must be built, `balance.pieces` reuses the figures of what did not change.
    """
    versions = report_versions(event)
    if versions is None:
        return build(None)
    args: Hashable = tuple(sorted(request.args.items(multi=True)))
    return cache.get_or_build(("balance", name, event.id, args, versions.key),
                              lambda: build(versions))


@bp.get("/organize/events/<slug>/balance")
def report() -> str:
    event = current_event()

    def build(versions: ReportVersions | None) -> tuple[int, str]:
        result, form, _ = _report(event, request.args, versions)
        export_args = request.args.to_dict(flat=False) if not form.errors else {}
        return 200, render_report_body(event, result, form, export_args)

    _, body = _versioned(event, "html", build)
    # The body is our own template's output, escaped when it was rendered.
    return render_template("balance/report.html", event=event, body=Markup(body))  # noqa: S704


def _export(builder: Callable[[dict[str, Any]], str | bytes], mimetype: str,
            extension: str) -> Response:
    event = current_event()

    def build(versions: ReportVersions | None) -> tuple[int, str]:
        result, form, data = _report(event, request.args, versions)
        if form.errors:
            return 400, _scope_errors(form)
        # Names of those not reached: organizer exports only, never the public summary.
        names = load_not_reached(event, data.categories, data.sessions)
        return 200, builder(report_to_dict(result, event_slug=event.slug, not_reached=names))

    status, body = _versioned(event, extension, build)
    if status != 200:
        return Response(body, status=status, mimetype="text/plain")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-speaking-balance.{extension}"')
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/organize/events/<slug>/balance.csv")
def report_csv() -> Response:
    return _export(build_csv, "text/csv", "csv")


@bp.get("/organize/events/<slug>/balance.xlsx")
def report_xlsx() -> Response:
    zone = current_event().zone
    return _export(lambda data: build_xlsx_report(data, zone), XLSX_MIMETYPE, "xlsx")


@bp.get("/organize/events/<slug>/balance.json")
def report_json() -> Response:
    return _export(build_json, "application/json", "json")


@bp.get("/organize/events/<slug>/balance/not-reached")
def not_reached() -> str:
    """Who asked for the floor and was still waiting when the list closed, per session."""
    event = current_event()
    categories = load_categories()
    sessions = load_sessions(event)
    names = load_not_reached(event, categories, sessions)
    titles = {s.id: s.title for s in sessions}
    labels = {c.key: c.name for c in categories}
    by_session: dict[int, list] = {}
    for row in names:
        by_session.setdefault(row.session_id, []).append(row)
    return render_template("balance/not_reached.html", event=event, titles=titles,
                           labels=labels, by_session=by_session, count=len(names))


def _row_category_id(value: str | None) -> int:
    """A row's hidden category id; a missing or malformed one means the page is stale."""
    category_id = parse_id(value)
    if category_id is None:
        raise ValueError("no category id")
    return category_id


def _total_problem(form: TargetsForm) -> str | None:
    """Some shares were refused: still add up the accepted minimums, so one submit tells
    every mistake."""
    if not form.is_submitted() or "csrf_token" in form.errors:
        return None
    return minimum_total_problem([
        TargetInput(0, row.min_percent.data)
        for row in form.rows if not row.min_percent.errors and row.min_percent.data is not None])


@bp.route("/organize/events/<slug>/balance/targets", methods=["GET", "POST"])
def targets() -> Response | str:
    event = current_event()
    data = load_balance_data(event)
    names = {c.id: c.name for c in data.target_categories}
    form = TargetsForm()
    if request.method == "GET":
        form.requires_local_voice.data = event.requires_local_voice
        form.balance_is_public.data = event.balance_is_public
        for category in data.target_categories:
            target = data.targets.get(category.key)
            form.rows.append_entry({
                "category_id": str(category.id),
                "min_percent": target.min_percent if target else None,
                "max_percent": target.max_percent if target else None,
                "required_on_panels": target.required_on_panels if target else False,
            })
    elif form.validate_on_submit():
        try:
            rows = [TargetInput(_row_category_id(row.category_id.data), row.min_percent.data,
                                row.max_percent.data, bool(row.required_on_panels.data))
                    for row in form.rows]
            save_targets(event, rows, names,
                         requires_local_voice=bool(form.requires_local_voice.data),
                         balance_is_public=bool(form.balance_is_public.data))
        except (TargetError, ValueError) as exc:
            db.session.rollback()
            message = str(exc) if isinstance(exc, TargetError) else (
                _("The list of categories has changed; reload the page and try again."))
            return render_template("balance/targets.html", event=event, form=form, names=names,
                                   problem=message), 400
        db.session.commit()
        flash(_("Balance targets saved."), "success")
        return redirect(url_for("balance.report", slug=event_slug()))
    status = 400 if request.method == "POST" else 200
    return render_template("balance/targets.html", event=event, form=form, names=names,
                           problem=_total_problem(form)), status


@bp.get("/events/<slug>/balance")
@public_view
def public_summary() -> ResponseReturnValue:
    event = current_event()
    if not event.balance_is_public:
        # Not found as a resource, but said in words with the way back to the event.
        return render_template("balance/not_public.html", event=event), 404
    versions = report_versions(event)
    data = report_data(event, versions)
    result = build_report(data.facts, categories=data.category_list, sessions=data.sessions)
    result = with_floor(result, data.facts, data.floor_facts, categories=data.category_list,
                        sessions=data.sessions)
    result = _with_funnel(event, result, data, versions)
    migrants = suppress_small(count_speakers_with_migrant_experience(event))
    return render_template("balance/public.html", event=event, report=result,
                           migrant_speakers=migrants, not_stated=NOT_STATED,
                           funnel_rule=FUNNEL_RULE)
