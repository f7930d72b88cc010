"""Signed links for e-mail confirmation, password reset and unlocking a login.

Both are single use without any table: the confirmation token names the address and only
works while the account is unconfirmed for that address; the reset token carries a digest
of the current password hash, so it dies the moment the password changes (by this reset or
any other way). Both expire. The unlock token carries a random nonce that is spent in the
database when it is used (login_throttle.use_unlock).
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from eventapp.accounts.models import User
from eventapp.extensions import db

VERIFY_SALT = "accounts.verify-email"
RESET_SALT = "accounts.reset-password"
VERIFY_MAX_AGE_SECONDS = 7 * 24 * 3600
RESET_MAX_AGE_SECONDS = 3600
UNLOCK_SALT = "accounts.unlock-login"
MAX_TOKEN_LENGTH = 500


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _password_digest(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def verification_token(user: User) -> str:
    return _serializer(VERIFY_SALT).dumps({"u": user.id, "e": user.email})


def reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"u": user.id, "p": _password_digest(user)})


def _load(token: str, salt: str, max_age: int) -> dict | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:  # also covers expired tokens
        return None
    return data if isinstance(data, dict) and isinstance(data.get("u"), int) else None


def user_to_verify(token: str) -> User | None:
    """The unconfirmed account the token was made for, or None (wrong, old or used)."""
    data = _load(token, VERIFY_SALT, current_app.config.get(
        "EMAIL_VERIFY_MAX_AGE_SECONDS", VERIFY_MAX_AGE_SECONDS))
    user = db.session.get(User, data["u"]) if data else None
    if user is None or user.email != data.get("e"):
        return None
    return user


def user_to_reset(token: str) -> User | None:
    """The account whose password the token may set, or None (wrong, expired or used)."""
    data = _load(token, RESET_SALT, current_app.config.get(
        "PASSWORD_RESET_MAX_AGE_SECONDS", RESET_MAX_AGE_SECONDS))
    user = db.session.get(User, data["u"]) if data else None
    if user is None or data.get("p") != _password_digest(user):
        return None
    return user


def unlock_max_age() -> int:
    """Seconds an unlock link works: never longer than its spent mark is remembered."""
    cfg = current_app.config
    return int(min(cfg["LOGIN_UNLOCK_MAX_AGE_SECONDS"], cfg["LOGIN_FAILURE_MEMORY_SECONDS"]))


def unlock_token(user: User) -> str:
    return _serializer(UNLOCK_SALT).dumps({"u": user.id, "n": secrets.token_urlsafe(16)})


def unlock_request(token: str) -> tuple[User, str] | None:
    """The account an unlock link was made for and its nonce, or None (wrong or expired)."""
    data = _load(token, UNLOCK_SALT, unlock_max_age())
    user = db.session.get(User, data["u"]) if data else None
    nonce = data.get("n") if data else None
    if user is None or not isinstance(nonce, str):
        return None
    return user, nonce
