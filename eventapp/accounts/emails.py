"""The account messages: confirm your e-mail address, reset your password.

They are queued in the outbox in the caller's transaction, like every other message; the
mail worker delivers them once the caller commits.
"""

from __future__ import annotations

from eventapp.accounts import tokens
from eventapp.accounts.models import User
from eventapp.links import public_url
from eventapp.outbox.queue import queue_mail


def verification_body(user: User) -> str:
    link = public_url("accounts.verify_email", token=tokens.verification_token(user))
    days = tokens.VERIFY_MAX_AGE_SECONDS // 86400
    return (
        "Hello,\n\n"
        "Please confirm that this is your e-mail address by opening this link:\n\n"
        f"{link}\n\n"
        f"The link works for {days} days. Until you confirm, the organizers see your "
        "registrations marked as unconfirmed.\n\n"
        "If you did not create an account, you can ignore this message.\n"
    )


def reset_body(user: User) -> str:
    link = public_url("accounts.reset_password", token=tokens.reset_token(user))
    minutes = tokens.RESET_MAX_AGE_SECONDS // 60
    return (
        "Hello,\n\n"
        "Someone (we hope you) asked to set a new password for your account. "
        "Open this link to choose one:\n\n"
        f"{link}\n\n"
        f"The link works once, for {minutes} minutes. If you did not ask, ignore this "
        "message: your password stays as it is.\n"
    )


def queue_verification(user: User) -> None:
    queue_mail(user.email, "Confirm your e-mail address", verification_body(user),
               kind="account-verification")


def queue_password_reset(user: User) -> None:
    queue_mail(user.email, "Set a new password", reset_body(user), kind="account-reset")
