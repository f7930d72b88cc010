from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, SubmitField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from eventapp.accounts.service import MIN_PASSWORD_LENGTH
from eventapp.email_address import ValidEmail
from eventapp.i18n import LANGUAGES
from eventapp.i18n.escaped import escaped

_AT_LEAST = escaped(_l("At least %(num)d characters.", num=MIN_PASSWORD_LENGTH))
_TOO_SHORT = escaped(_l("The password must have at least %(num)d characters.",
                        num=MIN_PASSWORD_LENGTH))
_NO_MATCH = _l("The passwords do not match.")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class SignupForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)])
    password = PasswordField(
        _l("Password"),
        description=_AT_LEAST,
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=_TOO_SHORT)],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_NO_MATCH), Length(max=200)],
    )
    next = HiddenField()
    submit = SubmitField(_l("Create account"))


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(
            _l("New password"),
            description=_AT_LEAST,
            validators=[DataRequired(),
                        Length(min=MIN_PASSWORD_LENGTH, max=200, message=_TOO_SHORT)],
        ),
        PasswordField(
            _l("Repeat the new password"),
            validators=[DataRequired(), EqualTo("new_password", message=_NO_MATCH),
                        Length(max=200)],
        ),
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=200)])
    new_password, confirm = _new_password_fields()
    submit = SubmitField(_l("Change password"))


class ResetPasswordForm(FlaskForm):
    new_password, confirm = _new_password_fields()
    submit = SubmitField(_l("Set new password"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class UnlockForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)])
    submit = SubmitField(_l("Send me a link to log in at once"))


class LanguageForm(FlaskForm):
    # Each language named in itself, with its own lang, whatever the page's language.
    language = SelectField(
        _l("Language of pages and e-mails"),
        choices=[SelectChoice(code, name, render_kw={"lang": code})
                 for code, name in LANGUAGES.items()],
    )
    submit = SubmitField(_l("Save the language"))


class ActionForm(FlaskForm):
    """A button only (log out everywhere, send the confirmation again): CSRF and nothing else."""

    submit = SubmitField()
