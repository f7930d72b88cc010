"""Import every model so metadata is complete for create_all and Alembic."""

from eventapp.accounts.models import FeedToken, LoginAttempt, User
from eventapp.balance.models import BalanceTarget
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import AgendaStar, Event, Room, Session, SpeakingSlot
from eventapp.registration.models import CategoryQuota, Registration
from eventapp.versioning import ContentVersion

__all__ = [
    "AgendaStar",
    "BalanceTarget",
    "CategoryQuota",
    "ContentVersion",
    "Event",
    "FeedToken",
    "LoginAttempt",
    "Organization",
    "Person",
    "Registration",
    "Room",
    "Session",
    "SpeakingSlot",
    "StakeholderCategory",
    "User",
]
