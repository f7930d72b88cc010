"""The organizer's form for publishing a version of the programme."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import Length

from eventapp.programme.schedule_publishing import NOTE_MAX


class PublishVersionForm(FlaskForm):
    note = StringField(
        _l("Note (optional)"), validators=[Length(max=NOTE_MAX)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description=_l("Shown with the version on the public page, e.g. "
                       "“Panel 2 moved to the afternoon”."))
    notify = BooleanField(_l("Write to the participants who starred a changed session"))
    submit = SubmitField(_l("Publish this version"))
