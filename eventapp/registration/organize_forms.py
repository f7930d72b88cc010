"""Organizer-side forms: filters, accreditation actions, settings, import, merge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
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
from eventapp.form_dates import TypedDateTimeLocalField
from eventapp.i18n.content import localized
from eventapp.i18n.escaped import escaped
from eventapp.people.models import GOVERNANCE_LABELS, GOVERNANCE_LEVELS, StakeholderCategory
from eventapp.programme.forms import InDateWindow
from eventapp.registration.models import DELEGATION_ROLES, ORGANIZER_STATUSES, REGISTRATION_STATUSES
from eventapp.registration.quotas import UNIT_PLACES, UNITS
from eventapp.xlsx import UPLOAD_ACCEPT

STATUS_LABELS = {
    "pending": _l("Pending"),
    "approved": _l("Approved"),
    "waitlisted": _l("Waitlisted"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    "unverified": _l("E-mail unconfirmed"),
}
# What an organizer can do to a selection; cancelling is the participant's own act.
BULK_ACTIONS = (("approved", _l("Approve")), ("declined", _l("Decline")),
                ("waitlisted", _l("Waitlist")))


def status_count(status: str, n: int) -> str:
    """"3 approved": how many registrations are in a status, as a whole phrase per status."""
    if status == "approved":
        return ngettext("%(num)d approved", "%(num)d approved", n)
    if status == "waitlisted":
        return ngettext("%(num)d waitlisted", "%(num)d waitlisted", n)
    if status == "pending":
        return ngettext("%(num)d pending", "%(num)d pending", n)
    if status == "declined":
        return ngettext("%(num)d declined", "%(num)d declined", n)
    if status == "unverified":
        return ngettext("%(num)d waiting for e-mail confirmation",
                        "%(num)d waiting for e-mail confirmation", n)
    return ngettext("%(num)d cancelled", "%(num)d cancelled", n)


class FilterForm(Form):
    """GET form: plain WTForms (no CSRF), read from the query string."""

    status = SelectField(_l("Status"), choices=options([("", _l("Any status"))]
                         + [(s, STATUS_LABELS[s]) for s in REGISTRATION_STATUSES]),
                         validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    level = SelectField(_l("Governance level"), choices=options([("", _l("Any level"))]
                        + [(lv, GOVERNANCE_LABELS[lv]) for lv in GOVERNANCE_LEVELS]),
                        validators=[Optional()])
    q = StringField(_l("Name, email or organization"), validators=[Optional(), Length(max=100)])

    def set_choices(self, categories: list[StakeholderCategory], countries: list[str]) -> None:
        self.category.choices = options(
            [("", _l("Any category"))] + [(str(c.id), c.name) for c in categories])
        self.country.choices = options([("", _l("Any country"))] + [(c, c) for c in countries])


class BulkForm(FlaskForm):
    action = SelectField(_l("Action for the selected registrations"), choices=options(BULK_ACTIONS),
                         validators=[DataRequired()])
    message = TextAreaField(
        _l("Message to the participants (optional)"),
        description=_l("Sent with the status change, for example the reason for a decision; "
                       "only to those whose registration takes the chosen status, never to "
                       "someone an approval puts on the waiting list."),
        validators=[Optional(), Length(max=2000)],
    )
    # Without JavaScript this is the plain way to act on the whole filtered list; the
    # server re-applies the filters from the query string, never a list of ids.
    all_matching = BooleanField(_l("Apply to every registration matching the filters, "
                                   "not only the ticked ones"))
    submit = SubmitField(_l("Apply to selected"))


class StatusForm(FlaskForm):
    status = RadioField(_l("New status"),
                        choices=options((s, STATUS_LABELS[s]) for s in ORGANIZER_STATUSES),
                        validators=[DataRequired(message=_l("Choose a status."))])
    message = TextAreaField(_l("Message to the participant (optional)"),
                            validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Change status"))


class RepresentationForm(FlaskForm):
    """The organizers accredit the level of representation protocol order follows."""

    delegation_role = SelectField(_l("Accredited level of representation"),
                                  choices=options(DELEGATION_ROLES),
                                  validators=[DataRequired()])
    submit = SubmitField(_l("Accredit this level"))


class SettingsForm(FlaskForm):
    opens_at = TypedDateTimeLocalField(_l("Registration opens"), format="%Y-%m-%dT%H:%M",
                                  validators=[Optional(), InDateWindow()])
    closes_at = TypedDateTimeLocalField(_l("Registration closes"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional(), InDateWindow()])
    capacity = IntegerField(
        _l("Capacity (places for participants)"),
        description=_l("Leave empty for no limit. Invited speakers do not take places."),
        validators=[Optional(), NumberRange(min=0, max=1_000_000)],
    )
    auto_approve = BooleanField(
        _l("Approve registrations automatically while places are free"),
        description=_l("Otherwise every registration waits for your review."),
    )
    require_verified_email = BooleanField(
        _l("Count a registration only once its e-mail address is confirmed"),
        description=_l("Until the person opens the link we mail them, their registration "
                       "takes no place and is not approved. Registrations you import or "
                       "invite never wait."),
    )
    submit = SubmitField(_l("Save settings"))

    @classmethod
    def with_quotas(cls, categories: list[StakeholderCategory]) -> type[SettingsForm]:
        """A form class with a quota (an amount and its unit) per category (categories are data).

        What the amount means in places is checked by the settings rules, which know the
        capacity and name the category in their message.
        """

        class _Form(cls):
            pass

        for category in categories:
            name = localized(category, "name")
            setattr(_Form, f"quota_{category.id}", IntegerField(
                name,
                validators=[Optional(), NumberRange(
                    min=1, max=1_000_000,
                    message=_l("A quota is at least 1 place (leave the field empty for no quota)."),
                )],
                description=_l("Most places this category may hold"),
            ))
            setattr(_Form, f"quota_unit_{category.id}", SelectField(
                escaped(_l("Unit of the %(name)s quota", name=name)), choices=options(UNITS),
                default=UNIT_PLACES,
            ))
        return _Form

    def quota_fields(self, categories: list[StakeholderCategory]) -> list:
        """(category, amount field, unit field) per category."""
        return [(c, self[f"quota_{c.id}"], self[f"quota_unit_{c.id}"]) for c in categories]


class ImportForm(FlaskForm):
    file = FileField(
        _l("Participants file (CSV or Excel .xlsx)"),
        validators=[FileRequired(_l("Choose a CSV or .xlsx file to upload."))],
        render_kw={"accept": UPLOAD_ACCEPT},
    )
    submit = SubmitField(_l("Check the file"))


class ImportConfirmForm(FlaskForm):
    # The file travels back with the confirmation, so any worker process can finish it.
    content = HiddenField(validators=[DataRequired()])
    # Named on the audit trail beside the import's entries.
    filename = HiddenField()
    submit = SubmitField(_l("Import these participants"))


class MergeForm(FlaskForm):
    keep = RadioField(_l("Record to keep"), coerce=int,
                      validators=[InputRequired(message=_l("Choose the record to keep."))])
    drop = RadioField(_l("Record to merge into it (it is deleted afterwards)"), coerce=int,
                      validators=[InputRequired(message=_l("Choose the record to merge."))])
    confirm = BooleanField(
        _l("I have checked that these two records are the same person"),
        validators=[DataRequired(message=_l("Confirm that the records are the same person."))],
    )
    submit = SubmitField(_l("Merge the records"))
