"""Back-office forms for events, rooms, sessions and speakers.

Only the shape of the input is checked here; the programme's rules (clashes, dates,
planned minutes) live in rules.py and service.py so the CSV import and CLI share them.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from eventapp.email_address import ValidEmail
from eventapp.form_choices import options
from eventapp.form_dates import TypedDateField, TypedTimeField
from eventapp.input_bounds import fits_column
from eventapp.people.models import GENDER_CHOICES, GOVERNANCE_LABELS, GOVERNANCE_LEVELS
from eventapp.programme.models import (
    SESSION_KIND_LABELS,
    SPEAKER_ROLE_LABELS,
    Event,
    Room,
    Session,
)
from eventapp.programme.rescheduling import (
    KEEP_LOCAL_TIMES,
    OUTSIDE_ACTIONS,
    OUTSIDE_KEEP,
    ZONE_MODES,
)
from eventapp.programme.rules import date_window_problem

NO_CHOICE = ""
NEW_ORGANIZATION = "new"
DESCRIPTION_HINT = _l("Plain text. A blank line starts a new paragraph; lines starting with "
                      "\"- \" make a bulleted list and \"1. \" a numbered one; web addresses "
                      "become links.")


class InDateWindow:
    """A date (or date and time) field within the years the app accepts (rules.py); the
    programme owns the rule, and the forms of the packages above it use this validator."""

    def __call__(self, form: object, field: object) -> None:
        value = getattr(field, "data", None)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            message = date_window_problem(value, _("The date"))
            if message:
                raise ValidationError(message)


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _optional_int(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[arg-type]


class _Form(FlaskForm):
    class Meta:
        # Leading and trailing spaces are never meaningful in these forms.
        def bind_field(self, form: BaseForm, unbound_field: UnboundField,
                       options: MutableMapping[str, Any]) -> Field:
            if unbound_field.field_class in (StringField, TextAreaField):
                options["filters"] = (_strip, *options.get("filters", ()))
            return unbound_field.bind(form=form, **options)


def _versions(model: type, name: str, labels: tuple[str, str],
              field_class: type = StringField) -> tuple:
    """The French and Spanish versions of a content field, each bounded by its column.

    Each input says its language (lang=...) so that spelling checkers and screen readers
    read it right; an empty version means "show the original".
    """
    fields = []
    for code, label in zip(("fr", "es"), labels, strict=True):
        column = f"{name}_{code}"
        # Text columns have no declared length: the originals' bound applies to them.
        bounded = getattr(model.__table__.c[column].type, "length", None) is not None
        length = fits_column(model, column) if bounded else Length(max=20000)
        fields.append(field_class(label, validators=[Optional(), length],
                                  render_kw={"lang": code}))
    return tuple(fields)


class EventForm(_Form):
    slug = StringField(
        _l("Short name"),
        description=_l("Used in web addresses: lower-case letters, digits and hyphens, "
                       "for example idm-2018-new-york."),
        validators=[DataRequired(_l("Give the event a short name.")), Length(max=80)],
    )
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the event a title.")),
                                                 Length(max=200)])
    title_fr, title_es = _versions(Event, "title", (_l("Title in French"),
                                                    _l("Title in Spanish")))
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=300)])
    theme_fr, theme_es = _versions(Event, "theme", (_l("Theme in French"),
                                                    _l("Theme in Spanish")))
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=20000)],
        description=DESCRIPTION_HINT)
    description_fr, description_es = _versions(
        Event, "description", (_l("Description in French"), _l("Description in Spanish")),
        TextAreaField)
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    country = StringField(
        _l("Country"), description=_l("Two-letter ISO 3166 code, such as US or CH."),
        validators=[Optional(), Length(max=2)],
    )
    timezone = StringField(
        _l("Time zone"),
        description=_l("The IANA name of the venue's zone: type a city or a region to search "
                       "the list, for example America/New_York, or Europe/Zurich for Geneva. "
                       "Every time in the programme is shown in it."),
        validators=[DataRequired(_l("Give the event's time zone.")), Length(max=64)],
        render_kw={"list": "timezone-options", "autocomplete": "off", "spellcheck": "false"},
    )
    start_date = TypedDateField(_l("First day"), validators=[
        InputRequired(_l("Give the first day.")), InDateWindow()])
    end_date = TypedDateField(_l("Last day"), validators=[
        InputRequired(_l("Give the last day.")), InDateWindow()])
    submit = SubmitField(_l("Save event"))


class NewEventForm(EventForm):
    """A new event; a site administrator may name its owner, who is invited by e-mail
    (otherwise whoever creates the event owns it)."""

    owner_email = EmailField(
        _l("Owner's e-mail address"),
        description=_l("Optional. We mail this address an invitation to own the event; "
                       "without one, you are its owner."),
        validators=[Optional(), ValidEmail(), Length(max=254)])


class RoomForm(_Form):
    name = StringField(_l("Room name"), validators=[DataRequired(_l("Give the room a name.")),
                                                    Length(max=120)])
    name_fr, name_es = _versions(Room, "name", (_l("Room name in French"),
                                                _l("Room name in Spanish")))
    capacity = IntegerField(
        _l("Capacity"), description=_l("Seats, if known."),
        validators=[Optional(), NumberRange(min=1, max=100000,
                                            message=_l("Give a number of seats."))],
    )
    submit = SubmitField(_l("Save room"))


class WarningsMixin:
    accept_warnings = BooleanField(_l("I accept this and want to save anyway"))


class SessionForm(WarningsMixin, _Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the session a title.")),
                                                 Length(max=300)])
    title_fr, title_es = _versions(Session, "title", (_l("Title in French"),
                                                      _l("Title in Spanish")))
    kind = SelectField(_l("Kind"), choices=options(SESSION_KIND_LABELS.items()), default="panel")
    day = TypedDateField(_l("Date"), validators=[
        InputRequired(_l("Give the session's date.")), InDateWindow()])
    start_time = TypedTimeField(_l("Starts at"), validators=[
        InputRequired(_l("Give a start time."))])
    end_time = TypedTimeField(_l("Ends at"), validators=[InputRequired(_l("Give an end time."))])
    room = SelectField(_l("Room"), coerce=_optional_int, validate_choice=True)
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=20000)],
        description=DESCRIPTION_HINT)
    description_fr, description_es = _versions(
        Session, "description", (_l("Description in French"), _l("Description in Spanish")),
        TextAreaField)
    submit = SubmitField(_l("Save session"))

    def set_rooms(self, rooms: list) -> None:
        self.room.choices = options([(NO_CHOICE, _l("No room yet"))]
                                    + [(r.id, r.name) for r in rooms])


_minutes_validators = [
    Optional(), NumberRange(min=0, max=24 * 60, message=_l("Give the minutes as a whole number "
                                                           "from 0 to 1440.")),
]


class _SpeakerFields(WarningsMixin, _Form):
    role = SelectField(_l("Role"), choices=options(SPEAKER_ROLE_LABELS.items()), default="panelist")
    planned_minutes = IntegerField(_l("Planned minutes"), validators=_minutes_validators)


class ExistingSpeakerForm(_SpeakerFields):
    person = SelectField(
        _l("Person"), coerce=_optional_int,
        validators=[InputRequired(_l("Choose a person."))],
    )
    submit = SubmitField(_l("Add speaker"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Two speaker forms share the editor page: prefixes keep their field ids apart.
        kwargs.setdefault("prefix", "existing")
        super().__init__(*args, **kwargs)

    def set_people(self, people: list) -> None:
        self.person.choices = options([(NO_CHOICE, _l("Choose a person…"))] + [
            (p.id, p.full_name + (f" ({p.organization.name})" if p.organization else ""))
            for p in people
        ])


_COUNTRY_CODE_MESSAGE = _l("Use a two-letter ISO 3166 country code, such as US or CH.")


class NewSpeakerForm(_SpeakerFields):
    honorific = StringField(_l("Honorific"), description=_l("For example Ms, Mr, Dr or H.E."),
                            validators=[Optional(), Length(max=40)])
    first_name = StringField(_l("First name"), validators=[Optional(), Length(max=120)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(_l("Give the last name.")),
                                                         Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=200)])
    gender = SelectField(
        _l("Gender"), description=_l("Optional; only ever reported in aggregate."),
        choices=options([(NO_CHOICE, _l("Not given"))] + list(GENDER_CHOICES)),
        default=NO_CHOICE,
    )
    organization = SelectField(_l("Organization"), default=NO_CHOICE)
    category = SelectField(
        _l("Speaks for (without an organization)"),
        description=_l("The stakeholder category of a speaker who comes in their own right, "
                       "a migrant for example."), default=NO_CHOICE,
    )
    org_name = StringField(_l("New organization's name"), validators=[Length(max=200)])
    org_category = SelectField(_l("New organization's category"), default=NO_CHOICE)
    org_country = StringField(
        _l("New organization's country"), description=_l("Two-letter ISO code; empty if none."),
        validators=[Optional(), Length(max=2, message=_COUNTRY_CODE_MESSAGE),
                    Regexp(r"^[A-Za-z]{2}$", message=_COUNTRY_CODE_MESSAGE)],
    )
    org_governance_level = SelectField(
        _l("New organization's governance level"),
        choices=options((level, GOVERNANCE_LABELS[level]) for level in GOVERNANCE_LEVELS),
        default="national",
    )
    submit = SubmitField(_l("Add new speaker"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)

    def set_choices(self, organizations: list, categories: list) -> None:
        self.organization.choices = options(
            [(NO_CHOICE, _l("No organization")), (NEW_ORGANIZATION, _l("A new organization…"))]
            + [(str(o.id), o.name + (f" ({o.country})" if o.country else ""))
               for o in organizations]
        )
        category_choices = [(str(c.id), c.name) for c in categories]
        self.category.choices = options([(NO_CHOICE, _l("Choose…"))] + category_choices)
        self.org_category.choices = options([(NO_CHOICE, _l("Choose…"))] + category_choices)

    def validate_org_name(self, field: Field) -> None:
        if self.organization.data == NEW_ORGANIZATION and not field.data:
            raise ValidationError(_l("Give the new organization's name."))

    def validate_org_category(self, field: Field) -> None:
        if self.organization.data == NEW_ORGANIZATION and not field.data:
            raise ValidationError(_l("Choose the new organization's stakeholder category."))


class SlotForm(_SpeakerFields):
    submit = SubmitField(_l("Save speaker"))


class EventChangeForm(Form):
    """The confirmation step of an event edit that moves or leaves out sessions.

    Plain WTForms: it travels in the same POST as the EventForm, whose token covers it.
    """

    zone_mode = RadioField(_l("What should happen to the sessions' times?"),
                           choices=options(ZONE_MODES), default=KEEP_LOCAL_TIMES)
    outside_action = RadioField(_l("What should happen to the sessions outside the new dates?"),
                                choices=options(OUTSIDE_ACTIONS), default=OUTSIDE_KEEP)
    fingerprint = HiddenField()
