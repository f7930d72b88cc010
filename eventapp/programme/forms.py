"""Back-office forms for events, rooms, sessions and speakers.

Only the shape of the input is checked here; the programme's rules (clashes, dates,
planned minutes) live in rules.py and service.py so the CSV import and CLI share them.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from eventapp.form_choices import options
from eventapp.input_bounds import InDateWindow
from eventapp.people.models import GENDER_CHOICES, GOVERNANCE_LABELS, GOVERNANCE_LEVELS
from eventapp.programme.models import SESSION_KINDS, SPEAKER_ROLES
from eventapp.programme.rescheduling import (
    KEEP_LOCAL_TIMES,
    OUTSIDE_ACTIONS,
    OUTSIDE_KEEP,
    ZONE_MODES,
)

NO_CHOICE = ""
NEW_ORGANIZATION = "new"
DESCRIPTION_HINT = ("Plain text. A blank line starts a new paragraph; lines starting with "
                    "\"- \" make a bulleted list and \"1. \" a numbered one; web addresses "
                    "become links.")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _optional_int(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[arg-type]


class _Form(FlaskForm):
    class Meta:
        # Leading and trailing spaces are never meaningful in these forms.
        def bind_field(self, form, unbound_field, options):  # noqa: ANN001, ANN201
            if unbound_field.field_class in (StringField, TextAreaField):
                options["filters"] = (_strip, *options.get("filters", ()))
            return unbound_field.bind(form=form, **options)


class EventForm(_Form):
    slug = StringField(
        "Short name",
        description="Used in web addresses: lower-case letters, digits and hyphens, "
        "for example idm-2018-new-york.",
        validators=[DataRequired("Give the event a short name."), Length(max=80)],
    )
    title = StringField("Title", validators=[DataRequired("Give the event a title."),
                                             Length(max=200)])
    theme = StringField("Theme", validators=[Optional(), Length(max=300)])
    description = TextAreaField(
        "Description", validators=[Optional(), Length(max=20000)],
        description=DESCRIPTION_HINT)
    venue = StringField("Venue", validators=[Optional(), Length(max=200)])
    city = StringField("City", validators=[Optional(), Length(max=120)])
    country = StringField(
        "Country", description="Two-letter ISO 3166 code, such as US or CH.",
        validators=[Optional(), Length(max=2)],
    )
    timezone = StringField(
        "Time zone",
        description="The IANA name of the venue's zone: type a city or a region to search the "
        "list, for example America/New_York, or Europe/Zurich for Geneva. Every time in the "
        "programme is shown in it.",
        validators=[DataRequired("Give the event's time zone."), Length(max=64)],
        render_kw={"list": "timezone-options", "autocomplete": "off", "spellcheck": "false"},
    )
    start_date = DateField("First day", validators=[InputRequired("Give the first day."),
                                                    InDateWindow()])
    end_date = DateField("Last day", validators=[InputRequired("Give the last day."),
                                                 InDateWindow()])
    submit = SubmitField("Save event")


class RoomForm(_Form):
    name = StringField("Room name", validators=[DataRequired("Give the room a name."),
                                                Length(max=120)])
    capacity = IntegerField(
        "Capacity", description="Seats, if known.",
        validators=[Optional(), NumberRange(min=1, max=100000, message="Give a number of seats.")],
    )
    submit = SubmitField("Save room")


class WarningsMixin:
    accept_warnings = BooleanField("I accept this and want to save anyway")


class SessionForm(WarningsMixin, _Form):
    title = StringField("Title", validators=[DataRequired("Give the session a title."),
                                             Length(max=300)])
    kind = SelectField("Kind", choices=options(SESSION_KINDS), default="panel")
    day = DateField("Date", validators=[InputRequired("Give the session's date."),
                                        InDateWindow()])
    start_time = TimeField("Starts at", validators=[InputRequired("Give a start time.")])
    end_time = TimeField("Ends at", validators=[InputRequired("Give an end time.")])
    room = SelectField("Room", coerce=_optional_int, validate_choice=True)
    description = TextAreaField(
        "Description", validators=[Optional(), Length(max=20000)],
        description=DESCRIPTION_HINT)
    submit = SubmitField("Save session")

    def set_rooms(self, rooms: list) -> None:
        self.room.choices = options([(NO_CHOICE, "No room yet")] + [(r.id, r.name) for r in rooms])


_minutes_validators = [
    Optional(), NumberRange(min=0, max=24 * 60, message="Give the minutes as a whole number "
                            "from 0 to 1440."),
]


class _SpeakerFields(WarningsMixin, _Form):
    role = SelectField("Role", choices=options(SPEAKER_ROLES), default="panelist")
    planned_minutes = IntegerField("Planned minutes", validators=_minutes_validators)


class ExistingSpeakerForm(_SpeakerFields):
    person = SelectField(
        "Person", coerce=_optional_int,
        validators=[InputRequired("Choose a person.")],
    )
    submit = SubmitField("Add speaker")

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        # Two speaker forms share the editor page: prefixes keep their field ids apart.
        kwargs.setdefault("prefix", "existing")
        super().__init__(*args, **kwargs)

    def set_people(self, people: list) -> None:
        self.person.choices = options([(NO_CHOICE, "Choose a person…")] + [
            (p.id, p.full_name + (f" ({p.organization.name})" if p.organization else ""))
            for p in people
        ])


class NewSpeakerForm(_SpeakerFields):
    honorific = StringField("Honorific", description="For example Ms, Mr, Dr or H.E.",
                            validators=[Optional(), Length(max=40)])
    first_name = StringField("First name", validators=[Optional(), Length(max=120)])
    last_name = StringField("Last name", validators=[DataRequired("Give the last name."),
                                                     Length(max=120)])
    job_title = StringField("Job title", validators=[Optional(), Length(max=200)])
    gender = SelectField(
        "Gender", description="Optional; only ever reported in aggregate.",
        choices=options([(NO_CHOICE, "Not given")] + list(GENDER_CHOICES)), default=NO_CHOICE,
    )
    organization = SelectField("Organization", default=NO_CHOICE)
    category = SelectField(
        "Speaks for (without an organization)",
        description="The stakeholder category of a speaker who comes in their own right, "
        "a migrant for example.", default=NO_CHOICE,
    )
    org_name = StringField("New organization's name", validators=[Length(max=200)])
    org_category = SelectField("New organization's category", default=NO_CHOICE)
    org_country = StringField(
        "New organization's country", description="Two-letter ISO code; empty if none.",
        validators=[Optional(), Length(max=2, message="Use a two-letter ISO 3166 country "
                                       "code, such as US or CH."),
                    Regexp(r"^[A-Za-z]{2}$", message="Use a two-letter ISO "
                           "3166 country code, such as US or CH.")],
    )
    org_governance_level = SelectField(
        "New organization's governance level",
        choices=options((level, GOVERNANCE_LABELS[level]) for level in GOVERNANCE_LEVELS),
        default="national",
    )
    submit = SubmitField("Add new speaker")

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)

    def set_choices(self, organizations: list, categories: list) -> None:
        self.organization.choices = options(
            [(NO_CHOICE, "No organization"), (NEW_ORGANIZATION, "A new organization…")]
            + [(str(o.id), o.name + (f" ({o.country})" if o.country else ""))
               for o in organizations]
        )
        category_choices = [(str(c.id), c.name) for c in categories]
        self.category.choices = options([(NO_CHOICE, "Choose…")] + category_choices)
        self.org_category.choices = options([(NO_CHOICE, "Choose…")] + category_choices)

    def validate_org_name(self, field) -> None:  # noqa: ANN001
        if self.organization.data == NEW_ORGANIZATION and not field.data:
            raise ValidationError("Give the new organization's name.")

    def validate_org_category(self, field) -> None:  # noqa: ANN001
        if self.organization.data == NEW_ORGANIZATION and not field.data:
            raise ValidationError("Choose the new organization's stakeholder category.")


class SlotForm(_SpeakerFields):
    submit = SubmitField("Save speaker")


class EventChangeForm(Form):
    """The confirmation step of an event edit that moves or leaves out sessions.

    Plain WTForms: it travels in the same POST as the EventForm, whose token covers it.
    """

    zone_mode = RadioField("What should happen to the sessions' times?",
                           choices=options(ZONE_MODES), default=KEEP_LOCAL_TIMES)
    outside_action = RadioField("What should happen to the sessions outside the new dates?",
                                choices=options(OUTSIDE_ACTIONS), default=OUTSIDE_KEEP)
    fingerprint = HiddenField()
