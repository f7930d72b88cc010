"""Personal feed tokens: the secret in a subscription URL, revocable at any time."""

from __future__ import annotations

import secrets
from typing import NamedTuple

from sqlalchemy import select

from eventapp.accounts.models import FeedToken, User
from eventapp.audit.tracking import annotate
from eventapp.db_types import utcnow
from eventapp.extensions import db


def new_token_value() -> str:
    return secrets.token_urlsafe(32)


def token_of(user_id: int) -> FeedToken | None:
    return db.session.scalar(select(FeedToken).where(FeedToken.user_id == user_id))


def regenerate(user_id: int) -> FeedToken:
    """Give the user a fresh secret; any earlier subscription URL stops working at once."""
    feed_token = token_of(user_id)
    if feed_token is None:
        feed_token = FeedToken(user_id=user_id)
        db.session.add(feed_token)
    feed_token.token = new_token_value()
    feed_token.created_at = utcnow()
    db.session.flush()
    return feed_token


def revoke(user_id: int) -> bool:
    """Delete the user's secret; True if there was one. Harmless to repeat."""
    feed_token = token_of(user_id)
    if feed_token is None:
        return False
    annotate(feed_token, "revoked")
    db.session.delete(feed_token)
    db.session.flush()
    return True


class FeedOwner(NamedTuple):
    """Whose agenda a token opens, and the language their feed is written in."""

    id: int
    language: str | None


def owner_for(token: str) -> FeedOwner | None:
    """The token's owner with their language, in one query; None for an unknown token."""
    # token_urlsafe(32) gives 43 characters; anything far off cannot be ours, skip the query.
    if not token or len(token) > 64:
        return None
    row = db.session.execute(
        select(FeedToken.user_id, User.language)
        .join(User, FeedToken.user_id == User.id)
        .where(FeedToken.token == token)
    ).first()
    return None if row is None else FeedOwner(row[0], row[1])
