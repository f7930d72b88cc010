"""A sign-up form sent twice: the second one finds the account the first one made.

Without JavaScript a double click sends the form twice; the second request carries the
cookies from before the first answer, so it is anonymous and its address is now taken. When
its password is the account's own, it is the same person again: the form's success follows
instead of "An account with this email address already exists".
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request

from eventapp.accounts import login_throttle
from eventapp.accounts.models import User
from eventapp.accounts.service import authenticate
from eventapp.db_types import utcnow

# How long after its creation a second sign-up with the account's password is taken for the
# first one sent again (its answer says a confirmation link was just sent).
REPEAT_WINDOW = timedelta(minutes=10)


def just_created(user: User) -> bool:
    return user.created_at is not None and user.created_at >= utcnow() - REPEAT_WINDOW


def same_account_again(email: str, password: str) -> User | None:
    """The account of this address when `password` is its password; else None.

    Counted like an attempt on the login page (commits), so guessing passwords here is
    slowed down exactly as it is there.
    """
    rules = login_throttle.Rules.from_config(current_app.config)
    claim = login_throttle.claim_attempt(email, request.remote_addr, rules)
    if claim.refused is not None:
        return None
    user = authenticate(email, password)
    if user is not None:
        login_throttle.forget_failures(email, request.remote_addr)
    return user
