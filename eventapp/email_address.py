"""The one check of an e-mail address, for every way one enters the app.

Sign-up, login, registration forms, the registrations import and `flask create-organizer` all
ask `email_problem`, so an address accepted by one path is accepted by all of them: an
organizer created on the command line can log in with the same address. Domains reserved by
RFC 6761 (`.test`, `.invalid`, `.localhost`, ...) are refused, since mail to them never arrives.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, EmailSyntaxError, validate_email
from flask_babel import gettext as _
from wtforms import Field, Form
from wtforms.validators import ValidationError

MAX_EMAIL_LENGTH = 254


def email_problem(address: str | None) -> str | None:
    """What is wrong with this e-mail address, in the reader's language; None when nothing.

    Only the form of the address and its domain name are checked, never the network.
    """
    text = (address or "").strip()
    if not text or len(text) > MAX_EMAIL_LENGTH:
        return _("Enter a valid email address.")
    try:
        validate_email(text, check_deliverability=False)
    except EmailSyntaxError as exc:
        if "special-use or reserved" in str(exc):
            domain = text.rpartition("@")[2]
            return _("%(domain)s is a reserved name that cannot receive mail: enter an address "
                     "that can.", domain=domain)
        return _("Enter a valid email address.")
    except EmailNotValidError:
        return _("Enter a valid email address.")
    return None


class ValidEmail:
    """The form validator wrapping email_problem (in place of WTForms' Email())."""

    def __call__(self, form: Form, field: Field) -> None:
        problem = email_problem(field.data)
        if problem is not None:
            raise ValidationError(problem)
