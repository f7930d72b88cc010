"""Account rules: creating users and checking credentials."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.accounts.models import ROLE_PARTICIPANT, ROLES, User, normalise_email
from eventapp.extensions import db

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    pass


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, role: str = ROLE_PARTICIPANT) -> User:
    """Add a user to the session (not committed). Raises AccountError on bad input."""
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError("Enter a valid email address.")
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email address already exists.")
    user = User(email=email, role=role)
    user.set_password(password)
    db.session.add(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or not user.check_password(password or ""):
        return None
    return user
