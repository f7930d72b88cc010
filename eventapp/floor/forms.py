"""Forms of the floor: the chair's console actions and the participant's request.

Every chair form names what it acts on (request_id; for "give the floor to the next", the
suggestion the chair saw in expected_request_id). The list's version is still posted, as
information only: participants asking in the meantime never refuse a chair's action.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from eventapp.floor.models import ORDER_POLICIES, SCREEN_NEXT_MAX
from eventapp.form_choices import options
from eventapp.i18n.escaped import escaped
from eventapp.input_bounds import database_int
from eventapp.people.models import GOVERNANCE_LABELS, GOVERNANCE_LEVELS
from eventapp.registration.models import DELEGATION_ROLES


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ChairForm(FlaskForm):
    version = IntegerField(_l("Version"), validators=[Optional(), database_int()])
    request_id = IntegerField(_l("Request"), validators=[Optional(), database_int(min=1)])
    expected_request_id = IntegerField(_l("Suggested request"),
                                       validators=[Optional(), database_int(min=1)])


class MoveForm(ChairForm):
    direction = SelectField(_l("Direction"),
                            choices=options([("up", _l("Up")), ("down", _l("Down"))]),
                            validators=[Optional()])
    to_index = IntegerField(_l("New place"), validators=[Optional(), NumberRange(0, 100000)])


class OpenForm(FlaskForm):
    policy = SelectField(_l("Order of speakers"), choices=options(ORDER_POLICIES),
                         validators=[Optional()])


class SettingsForm(ChairForm):
    policy = SelectField(_l("Order of speakers"), choices=options(ORDER_POLICIES))
    default_limit_seconds = IntegerField(
        _l("Time per intervention (seconds)"),
        validators=[InputRequired(), NumberRange(10, 3600)],
        description=_l("180 seconds is three minutes."))
    per_category_limit = IntegerField(
        _l("At most this many interventions per stakeholder category"), validators=[
            Optional(), NumberRange(1, 1000)], description=_l("Leave empty for no limit."))
    per_organization_limit = IntegerField(
        _l("At most this many interventions per organization or delegation"), validators=[
            Optional(), NumberRange(1, 1000)], description=_l("Leave empty for no limit."))
    # Optional: a form posted without them (an older page) leaves the screen as it was.
    screen_next_count = IntegerField(
        _l("Next speakers named on the room's screen"),
        validators=[Optional(), NumberRange(0, SCREEN_NEXT_MAX)],
        description=escaped(_l("From 0 to %(max)s; 3 by default.", max=SCREEN_NEXT_MAX)))
    screen_show_previous = BooleanField(_l("Also name the last two speakers on the screen"))
    present_only = BooleanField(_l("Only participants checked in at the desk today may ask"))


NEW_PERSON = ""


class WalkInForm(ChairForm):
    person_id = SelectField(_l("Participant"), validators=[Optional()], validate_choice=False)
    first_name = StringField(_l("First name"), filters=[_strip], validators=[Length(max=120)])
    last_name = StringField(_l("Last name"), filters=[_strip], validators=[Length(max=120)])
    organization = StringField(_l("Organization or delegation"), filters=[_strip],
                               validators=[Length(max=200)])
    country = StringField(_l("Country code of the organization (two letters)"), filters=[_strip],
                          validators=[Optional(), Length(min=2, max=2)])
    governance_level = SelectField(
        _l("Governance level"),
        choices=options([(k, GOVERNANCE_LABELS[k]) for k in GOVERNANCE_LEVELS]),
        default="national")
    category_id = SelectField(_l("Stakeholder category"), validators=[Optional()],
                              validate_choice=False)
    delegation_role = SelectField(_l("Level of representation"),
                                  choices=options(DELEGATION_ROLES),
                                  default="delegate")


class PlannedForm(ChairForm):
    slot_id = SelectField(_l("Planned speaker"), validators=[InputRequired()],
                          validate_choice=False)


class HeardForm(FlaskForm):
    """Mark a planned speaker heard without timing, or take the mark back: the slot is named,
    so no version of the list is needed."""

    slot_id = IntegerField(_l("Planned speaker"), validators=[InputRequired(),
                                                               database_int(min=1)])
    heard = SelectField(_l("Heard"), choices=options([("1", _l("Heard")),
                                                      ("0", _l("Not heard"))]),
                        default="1")


class FloorRequestForm(FlaskForm):
    """Asking has no field of its own: the organization, category and level of
    representation come from the accredited registration."""


class WithdrawForm(FlaskForm):
    confirm = HiddenField(default="1")
