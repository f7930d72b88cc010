"""The account messages: confirm your e-mail address, reset your password, unlock your login.

They are queued in the outbox in the caller's transaction, like every other message; the
mail worker delivers them once the caller commits. Each is written in the account's language
(or, for an account that has not chosen one, the language of the request that asks for it).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.accounts import tokens
from eventapp.accounts.models import User
from eventapp.i18n.recipient import in_language, language_of
from eventapp.links import public_url
from eventapp.outbox.queue import queue_mail


def verification_body(user: User) -> str:
    link = public_url("accounts.verify_email", token=tokens.verification_token(user))
    days = tokens.VERIFY_MAX_AGE_SECONDS // 86400
    return "\n\n".join((
        _("Hello,"),
        _("Please confirm that this is your e-mail address by opening this link:"),
        link,
        ngettext("The link works for %(num)d day. Until you confirm, the organizers see your "
                 "registrations marked as unconfirmed.",
                 "The link works for %(num)d days. Until you confirm, the organizers see your "
                 "registrations marked as unconfirmed.", days),
        _("If you did not create an account, you can ignore this message."),
    )) + "\n"


def reset_body(user: User) -> str:
    link = public_url("accounts.reset_password", token=tokens.reset_token(user))
    minutes = tokens.RESET_MAX_AGE_SECONDS // 60
    return "\n\n".join((
        _("Hello,"),
        _("Someone (we hope you) asked to set a new password for your account. "
          "Open this link to choose one:"),
        link,
        ngettext("The link works once, for %(num)d minute. If you did not ask, ignore this "
                 "message: your password stays as it is.",
                 "The link works once, for %(num)d minutes. If you did not ask, ignore this "
                 "message: your password stays as it is.", minutes),
    )) + "\n"


def unlock_body(user: User) -> str:
    link = public_url("accounts.unlock_login", token=tokens.unlock_token(user))
    minutes = tokens.unlock_max_age() // 60
    return "\n\n".join((
        _("Hello,"),
        _("Someone (we hope you) tried to log in to your account with a wrong password "
          "several times, so logging in to it is slowed down. Open this link to log in at "
          "once, in the browser where you open it:"),
        link,
        ngettext("The link works once, for %(num)d minute. Nobody logged in with a wrong "
                 "password: if it was not you, your account is safe, and you can ignore "
                 "this message.",
                 "The link works once, for %(num)d minutes. Nobody logged in with a wrong "
                 "password: if it was not you, your account is safe, and you can ignore "
                 "this message.", minutes),
    )) + "\n"


def queue_unlock(user: User) -> None:
    with in_language(language_of(user)):
        subject, body = _("Log in to your account at once"), unlock_body(user)
    queue_mail(user.email, subject, body, kind="account-unlock")


def queue_verification(user: User) -> None:
    with in_language(language_of(user)):
        subject, body = _("Confirm your e-mail address"), verification_body(user)
    queue_mail(user.email, subject, body, kind="account-verification")


def queue_password_reset(user: User) -> None:
    with in_language(language_of(user)):
        subject, body = _("Set a new password"), reset_body(user)
    queue_mail(user.email, subject, body, kind="account-reset")
