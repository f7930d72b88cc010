"""Forms of the chair's budgets and interjections (see floor.budgets, floor.interjections).

Neither carries the list's version: each names its own intent (these budgets; a point of
order while this request speaks; end this interjection).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, Optional

from eventapp.form_choices import options
from eventapp.input_bounds import database_int

BUDGET_MODES = (("minutes", _l("Minutes per category")),
                ("percent", _l("Percent of the session's scheduled time")))
INTERJECTION_CHOICES = (("order", _l("Point of order")), ("reply", _l("Right of reply")))
# The per-category amounts are fields named budget-<category id>, read by the view.
BUDGET_FIELD_PREFIX = "budget-"


class BudgetsForm(FlaskForm):
    mode = SelectField(_l("Budgets in"), choices=options(BUDGET_MODES), default="minutes")


class InterjectForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=options(INTERJECTION_CHOICES), default="order")
    person_id = SelectField(_l("Participant"), validators=[InputRequired()],
                            validate_choice=False)
    # Who had the floor on the chair's page: the point of order interrupts that speaker.
    speaker_request_id = IntegerField(_l("Speaker"),
                                      validators=[Optional(), database_int(min=1)])


class EndInterjectionForm(FlaskForm):
    interjection_id = IntegerField(_l("Point of order or reply"),
                                   validators=[InputRequired(), database_int(min=1)])
