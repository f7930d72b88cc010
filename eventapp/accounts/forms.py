from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from eventapp.accounts.service import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    next = HiddenField()
    submit = SubmitField("Log in")


class SignupForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        "Password",
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            ),
        ],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match."),
                    Length(max=200)],
    )
    next = HiddenField()
    submit = SubmitField("Create account")


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(
            "New password",
            description=f"At least {MIN_PASSWORD_LENGTH} characters.",
            validators=[
                DataRequired(),
                Length(min=MIN_PASSWORD_LENGTH, max=200,
                       message=f"The password must have at least {MIN_PASSWORD_LENGTH} "
                       "characters."),
            ],
        ),
        PasswordField(
            "Repeat the new password",
            validators=[DataRequired(),
                        EqualTo("new_password", message="The passwords do not match."),
                        Length(max=200)],
        ),
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password",
                                     validators=[DataRequired(), Length(max=200)])
    new_password, confirm = _new_password_fields()
    submit = SubmitField("Change password")


class ResetPasswordForm(FlaskForm):
    new_password, confirm = _new_password_fields()
    submit = SubmitField("Set new password")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Send me a link")


class ActionForm(FlaskForm):
    """A button only (log out everywhere, send the confirmation again): CSRF and nothing else."""

    submit = SubmitField()
