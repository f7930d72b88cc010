"""The account messages: confirm your e-mail address, reset your password.

deliver() is the one place these messages leave the app; it sends at once today and is the
single call to switch to the transactional outbox.
"""

from __future__ import annotations

from eventapp.accounts import tokens
from eventapp.accounts.models import User
from eventapp.links import public_url
from eventapp.mail import send_mail


def deliver(to: str, subject: str, body: str) -> None:
    send_mail(to, subject, body)


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


def send_verification(user: User) -> None:
    deliver(user.email, "Confirm your e-mail address", verification_body(user))


def send_password_reset(user: User) -> None:
    deliver(user.email, "Set a new password", reset_body(user))
