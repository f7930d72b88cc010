"""Forms of the floor: the chair's console actions and the participant's request.

Every chair form carries the list's version in a hidden field: the action applies only to
the state the chair saw (see floor.locking).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from eventapp.floor.models import ORDER_POLICIES
from eventapp.form_choices import options
from eventapp.input_bounds import database_int
from eventapp.people.models import GOVERNANCE_LABELS, GOVERNANCE_LEVELS
from eventapp.registration.models import DELEGATION_ROLES


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ChairForm(FlaskForm):
    version = IntegerField("Version", validators=[InputRequired(), database_int()])
    request_id = IntegerField("Request", validators=[Optional(), database_int(min=1)])


class MoveForm(ChairForm):
    direction = SelectField("Direction", choices=options([("up", "Up"), ("down", "Down")]),
                            validators=[Optional()])
    to_index = IntegerField("New place", validators=[Optional(), NumberRange(0, 100000)])


class OpenForm(FlaskForm):
    policy = SelectField("Order of speakers", choices=options(ORDER_POLICIES),
                         validators=[Optional()])


class SettingsForm(ChairForm):
    policy = SelectField("Order of speakers", choices=options(ORDER_POLICIES))
    default_limit_seconds = IntegerField(
        "Time per intervention (seconds)", validators=[InputRequired(), NumberRange(10, 3600)],
        description="180 seconds is three minutes.")
    per_category_limit = IntegerField(
        "At most this many interventions per stakeholder category", validators=[
            Optional(), NumberRange(1, 1000)], description="Leave empty for no limit.")
    per_organization_limit = IntegerField(
        "At most this many interventions per organization or delegation", validators=[
            Optional(), NumberRange(1, 1000)], description="Leave empty for no limit.")


NEW_PERSON = ""


class WalkInForm(ChairForm):
    person_id = SelectField("Participant", validators=[Optional()], validate_choice=False)
    first_name = StringField("First name", filters=[_strip], validators=[Length(max=120)])
    last_name = StringField("Last name", filters=[_strip], validators=[Length(max=120)])
    organization = StringField("Organization or delegation", filters=[_strip],
                               validators=[Length(max=200)])
    country = StringField("Country code of the organization (two letters)", filters=[_strip],
                          validators=[Optional(), Length(min=2, max=2)])
    governance_level = SelectField(
        "Governance level",
        choices=options([(k, GOVERNANCE_LABELS[k]) for k in GOVERNANCE_LEVELS]),
        default="national")
    category_id = SelectField("Stakeholder category", validators=[Optional()],
                              validate_choice=False)
    delegation_role = SelectField("Level of representation", choices=options(DELEGATION_ROLES),
                                  default="delegate")


class PlannedForm(ChairForm):
    slot_id = SelectField("Planned speaker", validators=[InputRequired()],
                          validate_choice=False)


class FloorRequestForm(FlaskForm):
    delegation_role = SelectField("Level of representation",
                                  choices=options(DELEGATION_ROLES))


class WithdrawForm(FlaskForm):
    confirm = HiddenField(default="1")
