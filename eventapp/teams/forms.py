"""The team page's forms: invite by address, change a member's role."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from eventapp.email_address import ValidEmail
from eventapp.i18n import LANGUAGES
from eventapp.teams.roles import ROLE_LABELS, TEAM_ROLES


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role, ROLE_LABELS[role]) for role in TEAM_ROLES]


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)])
    role = SelectField(_l("Role"), choices=_role_choices, validators=[DataRequired()])
    language = SelectField(_l("Language of the invitation"),
                           choices=[SelectChoice(code, name, render_kw={"lang": code})
                                    for code, name in LANGUAGES.items()],
                           validators=[DataRequired()])
    submit = SubmitField(_l("Send the invitation"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=_role_choices, validators=[DataRequired()])
    submit = SubmitField(_l("Change the role"))


class ButtonForm(FlaskForm):
    """A button only (remove, cancel, accept): CSRF and nothing else."""

    submit = SubmitField()
