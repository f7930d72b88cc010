"""Organizer-side forms: filters, accreditation actions, settings, import, merge."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eventapp.form_choices import options
from eventapp.input_bounds import InDateWindow
from eventapp.people.models import GOVERNANCE_LABELS, GOVERNANCE_LEVELS, StakeholderCategory
from eventapp.registration.models import REGISTRATION_STATUSES
from eventapp.registration.quotas import UNIT_PLACES, UNITS

STATUS_LABELS = {
    "pending": "Pending",
    "approved": "Approved",
    "waitlisted": "Waitlisted",
    "declined": "Declined",
    "cancelled": "Cancelled",
}
# What an organizer can do to a selection; cancelling is the participant's own act.
BULK_ACTIONS = (("approved", "Approve"), ("declined", "Decline"), ("waitlisted", "Waitlist"))


class FilterForm(Form):
    """GET form: plain WTForms (no CSRF), read from the query string."""

    status = SelectField("Status", choices=options([("", "Any status")]
                         + [(s, STATUS_LABELS[s]) for s in REGISTRATION_STATUSES]),
                         validators=[Optional()])
    category = SelectField("Category", validators=[Optional()])
    country = SelectField("Country", validators=[Optional()])
    level = SelectField("Governance level", choices=options([("", "Any level")]
                        + [(lv, GOVERNANCE_LABELS[lv]) for lv in GOVERNANCE_LEVELS]),
                        validators=[Optional()])
    q = StringField("Name, email or organization", validators=[Optional(), Length(max=100)])

    def set_choices(self, categories: list[StakeholderCategory], countries: list[str]) -> None:
        self.category.choices = options(
            [("", "Any category")] + [(str(c.id), c.name) for c in categories])
        self.country.choices = options([("", "Any country")] + [(c, c) for c in countries])


class BulkForm(FlaskForm):
    action = SelectField("Action for the selected registrations", choices=options(BULK_ACTIONS),
                         validators=[DataRequired()])
    message = TextAreaField(
        "Message to the participants (optional)",
        description="Sent with the status change, for example the reason for a decision.",
        validators=[Optional(), Length(max=2000)],
    )
    # Without JavaScript this is the plain way to act on the whole filtered list; the
    # server re-applies the filters from the query string, never a list of ids.
    all_matching = BooleanField("Apply to every registration matching the filters, "
                                "not only the ticked ones")
    submit = SubmitField("Apply to selected")


class StatusForm(FlaskForm):
    status = RadioField("New status",
                        choices=options((s, STATUS_LABELS[s]) for s in REGISTRATION_STATUSES),
                        validators=[DataRequired(message="Choose a status.")])
    message = TextAreaField("Message to the participant (optional)",
                            validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Change status")


class SettingsForm(FlaskForm):
    opens_at = DateTimeLocalField("Registration opens", format="%Y-%m-%dT%H:%M",
                                  validators=[Optional(), InDateWindow()])
    closes_at = DateTimeLocalField("Registration closes", format="%Y-%m-%dT%H:%M",
                                   validators=[Optional(), InDateWindow()])
    capacity = IntegerField(
        "Capacity (places for participants)",
        description="Leave empty for no limit. Invited speakers do not take places.",
        validators=[Optional(), NumberRange(min=0, max=1_000_000)],
    )
    auto_approve = BooleanField(
        "Approve registrations automatically while places are free",
        description="Otherwise every registration waits for your review.",
    )
    submit = SubmitField("Save settings")

    @classmethod
    def with_quotas(cls, categories: list[StakeholderCategory]) -> type[SettingsForm]:
        """A form class with a quota (an amount and its unit) per category (categories are data).

        What the amount means in places is checked by the settings rules, which know the
        capacity and name the category in their message.
        """

        class _Form(cls):
            pass

        for category in categories:
            setattr(_Form, f"quota_{category.id}", IntegerField(
                category.name,
                validators=[Optional(), NumberRange(
                    min=1, max=1_000_000,
                    message="A quota is at least 1 place (leave the field empty for no quota).",
                )],
                description="Most places this category may hold",
            ))
            setattr(_Form, f"quota_unit_{category.id}", SelectField(
                f"Unit of the {category.name} quota", choices=options(UNITS),
                default=UNIT_PLACES,
            ))
        return _Form

    def quota_fields(self, categories: list[StakeholderCategory]) -> list:
        """(category, amount field, unit field) per category."""
        return [(c, self[f"quota_{c.id}"], self[f"quota_unit_{c.id}"]) for c in categories]


class ImportForm(FlaskForm):
    file = FileField(
        "Participants file (CSV)",
        validators=[FileRequired("Choose a CSV file to upload.")],
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField("Check the file")


class ImportConfirmForm(FlaskForm):
    # The file travels back with the confirmation, so any worker process can finish it.
    content = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Import these participants")


class MergeForm(FlaskForm):
    keep = RadioField("Record to keep", coerce=int,
                      validators=[InputRequired(message="Choose the record to keep.")])
    drop = RadioField("Record to merge into it (it is deleted afterwards)", coerce=int,
                      validators=[InputRequired(message="Choose the record to merge.")])
    confirm = BooleanField(
        "I have checked that these two records are the same person",
        validators=[DataRequired(message="Confirm that the records are the same person.")],
    )
    submit = SubmitField("Merge the records")
