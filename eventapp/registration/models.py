from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event

REGISTRATION_STATUSES = ("pending", "approved", "waitlisted", "declined", "cancelled",
                         "unverified")
# "unverified" is the app's own: a participant's registration waiting for their e-mail
# confirmation (see registration/unverified.py). Organizers and imports set the others.
ORGANIZER_STATUSES = REGISTRATION_STATUSES[:-1]
# Highest level of representation first: protocol order on the floor follows this.
DELEGATION_ROLES = (
    ("minister", _l("Minister or high-level representative")),
    ("head", _l("Head of delegation")),
    ("delegate", _l("Delegate")),
    ("observer", _l("Observer")),
)


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id", name="uq_registrations_event_person"),
        CheckConstraint(
            "status IN ('pending', 'approved', 'waitlisted', 'declined', 'cancelled', "
            "'unverified')",
            name="status",
        ),
        Index("ix_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    # The category a person takes part *as*; may differ from their organization's.
    category_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_categories.id"))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default="pending")
    # The level of representation as accredited by the organizers: protocol order on the
    # floor and the CSV's delegation_role column. The participant only proposes one.
    delegation_role: Mapped[str] = mapped_column(String(20), default="delegate")
    # What the participant proposed when registering or editing (None: nothing proposed,
    # e.g. imported or registered before proposals were kept apart).
    proposed_delegation_role: Mapped[str | None] = mapped_column(String(20))
    wishes_to_speak: Mapped[bool] = mapped_column(default=False)
    speaking_topic: Mapped[str] = mapped_column(String(300), default="")
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    consent_public_list: Mapped[bool] = mapped_column(default=False)
    # Whether the person was asked about the public list at all (imports and invitations
    # never ask); only those asked count on the public participants page.
    public_list_asked: Mapped[bool] = mapped_column(default=False)
    is_invited_speaker: Mapped[bool] = mapped_column(default=False)
    organizer_message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The badge's serial, signed into its code (attendance/badge_codes.py): re-issuing a lost
    # badge counts it up, so every earlier code stops working; revoking sets the time.
    badge_serial: Mapped[int] = mapped_column(default=1, server_default="1")
    badge_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    category: Mapped[StakeholderCategory] = relationship()
    organization: Mapped[Organization | None] = relationship()


class CategoryQuota(db.Model):
    """At most this many of an event's places may go to one category: a share or a number."""

    __tablename__ = "category_quotas"
    __table_args__ = (
        UniqueConstraint("event_id", "category_id", name="uq_category_quotas_event_category"),
        CheckConstraint(
            "max_percent IS NULL OR (max_percent > 0 AND max_percent <= 100)", name="max_percent"
        ),
        CheckConstraint("max_places IS NULL OR max_places > 0", name="max_places"),
        CheckConstraint(
            "(max_percent IS NULL AND max_places IS NOT NULL) "
            "OR (max_percent IS NOT NULL AND max_places IS NULL)",
            name="percent_or_places",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_categories.id"))
    max_percent: Mapped[int | None] = mapped_column()
    max_places: Mapped[int | None] = mapped_column()
