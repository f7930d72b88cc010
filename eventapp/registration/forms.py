"""Participant-side forms: registering for an event and changing one's details."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    PasswordField,
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
    EqualTo,
    Length,
    Optional,
    ValidationError,
)

from eventapp.accounts.service import MIN_PASSWORD_LENGTH
from eventapp.email_address import ValidEmail
from eventapp.form_choices import options
from eventapp.i18n.content import localized
from eventapp.i18n.escaped import escaped
from eventapp.people.models import GENDER_CHOICES, GOVERNANCE_LABELS, MIGRANT_EXPERIENCE_CHOICES
from eventapp.registration.models import DELEGATION_ROLES

NO_ORGANIZATION = "none"
NEW_ORGANIZATION = "new"

SELF_ID_PURPOSE = _l(
    "Optional. Used only in anonymous balance statistics: it is never shown next to your "
    "name, and only the organizers can see your answer."
)


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class DetailsForm(FlaskForm):
    """What a participant can see and change after registering."""

    class Meta:
        # Leading and trailing spaces are never meaningful in these fields.
        def bind_field(self, form: BaseForm, unbound_field: UnboundField,
                       options: MutableMapping[str, Any]) -> Field:
            filters = options.get("filters", ())
            if unbound_field.field_class in (StringField, TextAreaField, EmailField):
                options["filters"] = (_strip, *filters)
            return unbound_field.bind(form=form, **options)

    honorific = StringField(
        _l("Honorific"),
        description=_l("For example Ms, Mr, Dr or H.E. Leave empty if you prefer."),
        validators=[Optional(), Length(max=40)],
    )
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=120)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)])
    delegation_role = RadioField(
        _l("Delegation role"), choices=options(DELEGATION_ROLES), default="delegate",
        validators=[DataRequired(message=_l("Choose a delegation role."))],
    )
    wishes_to_speak = BooleanField(_l("I wish to take the floor"))
    speaking_topic = StringField(
        _l("Topic of my intervention"),
        description=_l("Needed if you wish to take the floor: a line the chair can read."),
        validators=[Length(max=300)],
    )
    accessibility_needs = TextAreaField(
        _l("Accessibility needs"),
        description=_l("Step-free access, sign language, captioning, a quiet room... "
                       "Only the organizers see this."),
        validators=[Optional(), Length(max=2000)],
    )
    consent_public_list = BooleanField(
        _l("Show my name, organization and category in the public participant list")
    )
    gender = RadioField(
        _l("Gender"), choices=options(GENDER_CHOICES), validators=[Optional()],
        validate_choice=True,
    )
    gender_description = StringField(
        _l("In your own words"), validators=[Optional(), Length(max=100)],
        description=_l("Only if you chose “I describe myself another way”."),
    )
    migrant_experience = RadioField(
        _l("Lived experience as a migrant or member of a diaspora"),
        choices=options(MIGRANT_EXPERIENCE_CHOICES), validators=[Optional()],
    )
    submit = SubmitField(_l("Save changes"))

    def validate_speaking_topic(self, field: StringField) -> None:
        if self.wishes_to_speak.data and not field.data:
            raise ValidationError(_("Tell us the topic you wish to speak on."))


class RegistrationForm(DetailsForm):
    """Registering for an event; the account fields are removed for logged-in users."""

    password = PasswordField(
        _l("Password"),
        description=escaped(_l("At least %(num)d characters.", num=MIN_PASSWORD_LENGTH)),
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=200,
                   message=escaped(_l("The password must have at least %(num)d characters.",
                                      num=MIN_PASSWORD_LENGTH))),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(),
                    EqualTo("password", message=_l("The passwords do not match.")),
                    Length(max=200)],
    )
    category = RadioField(
        _l("I take part as"), coerce=int, validate_choice=False,
        validators=[
            DataRequired(message=_l("Choose the stakeholder category you take part as.")),
        ],
    )
    organization = SelectField(
        _l("Organization"),
        description=_l("Choose yours, or add it if it is not in the list."),
        validators=[DataRequired(message=_l("Choose an organization or an option."))],
    )
    new_organization_name = StringField(
        _l("Name of the organization"), validators=[Length(max=200)]
    )
    new_organization_country = StringField(
        _l("Country (two-letter ISO code)"),
        description=_l("For example KE for Kenya, DE for Germany, MX for Mexico."),
        validators=[Length(max=2, message=_l("Use the two-letter code."))],
    )
    new_organization_level = SelectField(
        _l("Governance level"), choices=options(GOVERNANCE_LABELS.items()), default="national"
    )
    submit = SubmitField(_l("Register"))

    def set_choices(self, categories: list, organizations: list) -> None:
        self.category.choices = options((c.id, localized(c, "name")) for c in categories)
        self.organization.choices = options([
            ("", _l("Choose…")),
            (NO_ORGANIZATION, _l("I take part as an individual (no organization)")),
            *[(str(o.id), f"{o.name} ({o.country})" if o.country else o.name)
              for o in organizations],
            (NEW_ORGANIZATION, _l("My organization is not in the list: add it")),
        ])

    def validate_category(self, field: RadioField) -> None:
        # The choices are the event's offered, active categories: anything else was retired,
        # is not offered here, or never existed.
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError(_("This category is not offered for this event; choose one "
                                    "of those listed."))

    def validate_new_organization_name(self, field: StringField) -> None:
        if self.organization.data == NEW_ORGANIZATION and not field.data:
            raise ValidationError(_("Enter the name of your organization."))

    def validate_new_organization_country(self, field: StringField) -> None:
        if self.organization.data != NEW_ORGANIZATION:
            return
        if not field.data:
            raise ValidationError(_("Enter the country of your organization."))
        if not re.fullmatch(r"[A-Za-z]{2}", field.data):
            raise ValidationError(_("Use the two-letter code, for example KE or DE."))


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Yes, cancel my registration"))
