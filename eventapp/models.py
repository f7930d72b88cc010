"""Import every model so metadata is complete for create_all and Alembic."""

from eventapp.accounts.models import FeedToken, LoginCounter, User
from eventapp.attendance.models import CheckIn
from eventapp.audit.models import AuditEntry
from eventapp.balance.models import BalanceTarget
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.outbox.models import OutboxMessage
from eventapp.people.models import (
    CategoryRename,
    EventCategory,
    Organization,
    Person,
    StakeholderCategory,
)
from eventapp.programme.models import AgendaStar, Event, Room, Session, SpeakingSlot
from eventapp.programme.version_models import ScheduleVersion
from eventapp.registration.models import CategoryQuota, Registration
from eventapp.versioning import ContentVersion

__all__ = [
    "AgendaStar",
    "AuditEntry",
    "BalanceTarget",
    "CategoryQuota",
    "CategoryRename",
    "CheckIn",
    "ContentVersion",
    "Event",
    "EventCategory",
    "FeedToken",
    "FloorRequest",
    "LoginCounter",
    "Organization",
    "OutboxMessage",
    "Person",
    "Registration",
    "Room",
    "ScheduleVersion",
    "Session",
    "SpeakersList",
    "SpeakingSlot",
    "StakeholderCategory",
    "User",
]
