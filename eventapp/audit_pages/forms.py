"""The trail's filters: a GET form read from the query string."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import Select

from eventapp.audit.labels import ACTION_LABELS, TYPE_LABELS
from eventapp.audit.queries import AuditFilters
from eventapp.form_choices import options
from eventapp.i18n import current_language

# Each list drawn, per field, language and chosen key: the same few dozen pieces of HTML,
# which WTForms built option by option (and inspected its own widget's signature) at each
# rendering. Only offered keys are kept, so what a visitor types does not grow the dict.
_DRAWN: dict[tuple[str, str, str], Markup] = {}


class _KeptSelect(Select):
    def __call__(self, field: SelectField, **kwargs: object) -> Markup:
        chosen = field.data or ""
        if kwargs or chosen not in {choice.value for choice in field.choices}:
            return super().__call__(field, **kwargs)
        key = (field.name, current_language(), chosen)
        drawn = _DRAWN.get(key)
        if drawn is None:
            drawn = _DRAWN[key] = super().__call__(field)
        return drawn


class AuditFilterForm(Form):
    """Plain WTForms (no CSRF): it only reads."""

    who = StringField(_l("Who (account address or command-line user)"),
                      validators=[Optional(), Length(max=100)])
    action = SelectField(_l("Action"), validators=[Optional()], widget=_KeptSelect(),
                         choices=options(
        [("", _l("Any action"))] + list(ACTION_LABELS.items())))
    type = SelectField(_l("Kind of object"), validators=[Optional()], widget=_KeptSelect(),
                       choices=options(
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


# The choices of the two lists in each language, translated once: as lazy strings, each of
# their thirty-odd options was translated again at every rendering of the page.
_TRANSLATED: dict[tuple[str, str], list[SelectChoice]] = {}


def _translated(field: SelectField, language: str) -> list[SelectChoice]:
    key = (field.name, language)
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED[key] = options(
            (choice.value, str(choice.label)) for choice in field.choices)
    return found


def read_filters(args: MultiDict[str, str]) -> tuple[AuditFilterForm, AuditFilters]:
    """The form as filled from the URL and the filters it asks for (a bad day is left out
    and its field says why)."""
    form = AuditFilterForm(args)
    language = current_language()
    for select in (form.action, form.type):
        select.choices = _translated(select, language)
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
