"""Forms of the balance pages: the report's scope (GET) and the event's targets (POST)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from eventapp.balance.metrics import Scope, SessionInfo
from eventapp.form_choices import options
from eventapp.programme.models import SESSION_KIND_LABELS

PERCENT_MESSAGE = _l("Enter a percentage between 0 and 100, or leave it empty.")


class PercentField(FloatField):
    """A percentage, empty meaning "no target"; a decimal comma is accepted too."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        raw = valuelist[0].strip().rstrip("%").strip().replace(",", ".")
        try:
            self.data = float(raw)
        except ValueError as exc:
            self.data = None
            raise ValueError(str(PERCENT_MESSAGE)) from exc


class ScopeForm(Form):
    """Read from the query string; no CSRF because it changes nothing."""

    day = SelectField(_l("Day"), choices=[], default="", validate_choice=False)
    kinds = SelectMultipleField(_l("Session kinds"),
                                choices=options(SESSION_KIND_LABELS.items()),
                                description=_l("Leave all unselected for every kind."))
    session = SelectField(_l("Session"), choices=[], default="", validate_choice=False)

    def set_choices(self, days: list[tuple[str, str]], sessions: list[SessionInfo]) -> None:
        self.day.choices = options([("", _l("Whole event")), *days])
        self.session.choices = options(
            [("", _l("All sessions"))] + [(str(s.id), s.title) for s in sessions])

    def validate_day(self, field: SelectField) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the event's days."))

    def validate_session(self, field: SelectField) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the event's scheduled sessions."))

    def scope(self) -> Scope:
        return Scope(
            day=date.fromisoformat(self.day.data) if self.day.data else None,
            kinds=frozenset(self.kinds.data or ()),
            session_id=int(self.session.data) if self.session.data else None,
        )


class TargetRowForm(Form):
    category_id = HiddenField()
    min_percent = PercentField(_l("Minimum share of speaking time (%)"),
                               validators=[Optional(), NumberRange(0, 100, PERCENT_MESSAGE)])
    max_percent = PercentField(_l("Maximum share of speaking time (%)"),
                               validators=[Optional(), NumberRange(0, 100, PERCENT_MESSAGE)])
    required_on_panels = BooleanField(_l("Every panel should include this category"))

    def validate_max_percent(self, field: PercentField) -> None:
        low = self.min_percent.data
        if field.data is not None and low is not None and low > field.data:
            raise ValidationError(_l("The maximum must be at least the minimum."))


class TargetsForm(FlaskForm):
    rows = FieldList(FormField(TargetRowForm))
    requires_local_voice = BooleanField(
        _l("Every session with speakers should include a local or regional voice"),
        description=_l("Sessions without a speaker from a local or regional authority or "
                       "organization are flagged in the report (breaks are left out)."))
    balance_is_public = BooleanField(
        _l("Publish a summary of the speaking balance"),
        description=_l("Shows categories, roles, governance levels and regions on the event's "
                       "public pages once the event is published."))
    submit = SubmitField(_l("Save targets"))
