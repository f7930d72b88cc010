"""Account rules: creating users and checking credentials."""

from __future__ import annotations

from functools import cache

from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.accounts.models import ROLE_PARTICIPANT, ROLES, User, normalise_email
from eventapp.db_types import utcnow
from eventapp.email_address import email_problem
from eventapp.extensions import db
from eventapp.i18n import supported

MIN_PASSWORD_LENGTH = 10

# Sent (with user=) once a newly confirmed address is committed; registrations waiting for
# it listen (registration/unverified.py), so accounts need not know about registrations.
email_confirmed = Namespace().signal("email-confirmed")


def _account_exists() -> str:
    return _("An account with this email address already exists.")


class AccountError(ValueError):
    pass


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, role: str = ROLE_PARTICIPANT,
                language: str | None = None) -> User:
    """Add a user to the session (not committed). Raises AccountError on bad input.

    `language` ('en', 'fr', 'es') is the account's language for pages and mail; None leaves
    it to each request until the owner chooses.
    """
    email = normalise_email(email)
    problem = email_problem(email)
    if problem is not None:
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.")
    check_new_password(password)
    if find_user_by_email(email) is not None:
        raise AccountError(_account_exists())
    user = User(email=email, role=role, language=supported(language))
    user.set_password(password)
    # Two sign-ups with the same new address at once both pass the check above; the unique
    # index decides. The loser gets the same answer as a sign-up that came later, and the
    # failed INSERT (whose parameters hold the password hash) is never logged.
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as exc:
        if find_user_by_email(email) is None:
            raise
        raise AccountError(_account_exists()) from exc
    return user


def account_exists_problem(email: str) -> str | None:
    """What create_user would say about this address being taken, else None.

    Forms with other mistakes ask it so one submit tells everything; it says no more than
    create_user does on a submit without mistakes.
    """
    if find_user_by_email(email or "") is None:
        return None
    return _account_exists()


def current_password_problem(user: User, current_password: str) -> str | None:
    """What change_password would say about the current password, else None."""
    if user.check_password(current_password or ""):
        return None
    return _("The current password is not right.")


@cache
def _dummy_hash() -> str:
    # Same method and cost as real hashes, so checking it takes as long.
    return generate_password_hash("no account has this password")


def authenticate(email: str, password: str) -> User | None:
    """The user with these credentials, or None; as slow whether or not the e-mail exists."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not user.check_password(password or ""):
        return None
    return user


def check_new_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(_("The password must have at least %(num)d characters.",
                             num=MIN_PASSWORD_LENGTH))


def end_all_sessions(user: User) -> None:
    """Every login session made so far stops working at its next request (not committed)."""
    user.session_generation = (user.session_generation or 0) + 1


def set_password(user: User, new_password: str) -> None:
    """Set a new password and end every session made with the old one (not committed)."""
    check_new_password(new_password)
    user.set_password(new_password)
    end_all_sessions(user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """The owner's own change: the current password is required (not committed)."""
    problem = current_password_problem(user, current_password)
    if problem is not None:
        raise AccountError(problem)
    set_password(user, new_password)


def confirm_email(user: User) -> bool:
    """Mark the address as confirmed; False when it already was (not committed)."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = utcnow()
    return True
