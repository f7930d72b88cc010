"""The trail's filters: a GET form read from the query string."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length, Optional

from eventapp.audit.labels import ACTION_LABELS, TYPE_LABELS
from eventapp.audit.queries import AuditFilters
from eventapp.form_choices import options


class AuditFilterForm(Form):
    """Plain WTForms (no CSRF): it only reads."""

    who = StringField(_l("Who (account address or command-line user)"),
                      validators=[Optional(), Length(max=100)])
    action = SelectField(_l("Action"), validators=[Optional()], choices=options(
        [("", _l("Any action"))] + list(ACTION_LABELS.items())))
    type = SelectField(_l("Kind of object"), validators=[Optional()], choices=options(
        [("", _l("Any kind"))] + list(TYPE_LABELS.items())))
    object = StringField(_l("Object: number or name"), validators=[Optional(), Length(max=100)])
    # Days of the event's calendar, read as YYYY-MM-DD (what a date field sends), as
    # "from" and "to" in the query string.
    since = StringField(_l("From (YYYY-MM-DD)"), name="from",
                        validators=[Optional(), Length(max=10)], render_kw={"type": "date"})
    until = StringField(_l("To (YYYY-MM-DD)"), name="to",
                        validators=[Optional(), Length(max=10)], render_kw={"type": "date"})


def _day(form: AuditFilterForm, name: str) -> date | None:
    field = getattr(form, name)
    value = (field.data or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    # Far years would overflow the conversion to UTC bounds; no entry is that old or new.
    if day is None or not 1900 <= day.year <= 2999:
        field.errors = [*field.errors, _l("Write the day as YYYY-MM-DD, for example 2026-03-26.")]
        return None
    return day


def read_filters(args: MultiDict[str, str]) -> tuple[AuditFilterForm, AuditFilters]:
    """The form as filled from the URL and the filters it asks for (a bad day is left out
    and its field says why)."""
    form = AuditFilterForm(args)
    form.validate()
    for field in (form.action, form.type):
        if field.errors:
            # An action or kind not offered: still a valid filter (keys are open-ended).
            field.errors = []
    since, until = _day(form, "since"), _day(form, "until")
    text = {name: " ".join((getattr(form, name).data or "").split())[:100]
            for name in ("who", "object")}
    filters = AuditFilters(
        who=text["who"], action=(form.action.data or "")[:60],
        object_type=(form.type.data or "")[:40], object=text["object"],
        subject=args.get("subject", "")[:60], batch=args.get("batch", "")[:32],
        since=since, until=until)
    return form, filters
