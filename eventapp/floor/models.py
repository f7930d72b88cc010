"""Lists of speakers and the requests on them.

A list belongs to one session. Each request is one person asking for (or being given) the
floor once; its clock lives in the database as instants, so every worker, reload and second
chair device shows the same time. A finished intervention is recorded as seconds on a
speaking slot, so the balance report reads it like any other slot.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Session, SpeakingSlot

ORDER_POLICIES = (
    ("balanced", _l("Balanced: under-heard stakeholder groups first")),
    ("arrival", _l("Arrival: first come, first served")),
    ("protocol", _l("Protocol: Member States first, then by level of representation")),
)
ORDER_POLICY_LABELS = dict(ORDER_POLICIES)

REQUEST_KINDS = ("request", "walk-in", "planned", "order", "reply")
# Given by the chair while someone holds the floor: a point of order or a right of reply
# pauses the speaker, is timed on its own clock and recorded on a slot of its own.
INTERJECTION_KINDS = ("order", "reply")
INTERVENTION_KINDS = ("request", "walk-in", "planned")
# waiting: in the queue; speaking: has the floor (at most one per list);
# done: spoke and the time is recorded; skipped/removed: taken off by the chair;
# withdrawn: by the requester; not_reached: still waiting when the list closed;
# interrupted: had the floor and waits, clock paused, for a point of order or reply to end.
REQUEST_STATUSES = (
    "waiting", "speaking", "done", "skipped", "removed", "withdrawn", "not_reached",
    "interrupted",
)
ACTIVE_STATUSES = ("waiting", "speaking")
# The room's screen: how many next speakers it names by default, and at most.
SCREEN_NEXT_COUNT = 3
SCREEN_NEXT_MAX = 5
# How many finished speakers it names when the list shows them.
SCREEN_PREVIOUS_COUNT = 2
# How the chair's history names a finished request.
STATUS_LABELS = {
    "waiting": _l("waiting"), "speaking": _l("speaking"), "done": _l("done"),
    "skipped": _l("skipped"), "removed": _l("removed"), "withdrawn": _l("withdrawn"),
    "not_reached": _l("not reached"), "interrupted": _l("interrupted"),
}


class SpeakersList(db.Model):
    __tablename__ = "speakers_lists"
    __table_args__ = (
        CheckConstraint("policy IN ('balanced', 'arrival', 'protocol')", name="policy"),
        CheckConstraint("default_limit_seconds > 0", name="default_limit"),
        CheckConstraint(
            "per_category_limit IS NULL OR per_category_limit > 0", name="per_category_limit"
        ),
        CheckConstraint(
            "per_organization_limit IS NULL OR per_organization_limit > 0",
            name="per_organization_limit",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), unique=True
    )
    # Denormalised from the session: event-wide counts and cache scopes need no join.
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    is_open: Mapped[bool] = mapped_column(default=True)
    policy: Mapped[str] = mapped_column(String(12), default="balanced")
    default_limit_seconds: Mapped[int] = mapped_column(default=180)
    # At most this many interventions per stakeholder category / organization (None: no rule).
    per_category_limit: Mapped[int | None] = mapped_column()
    per_organization_limit: Mapped[int | None] = mapped_column()
    # What the room's screen shows: this many next speakers (0 to SCREEN_NEXT_MAX), and
    # whether it names the last speakers too. Validated by the settings form.
    screen_next_count: Mapped[int] = mapped_column(default=SCREEN_NEXT_COUNT,
                                                   server_default=text(str(SCREEN_NEXT_COUNT)))
    screen_show_previous: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Only participants checked in at the desk today may ask for the floor (attendance).
    present_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Raised by every change: the ETag of the public state and the chairs' version check.
    version: Mapped[int] = mapped_column(default=1)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[Session] = relationship()
    requests: Mapped[list[FloorRequest]] = relationship(
        back_populates="speakers_list", cascade="all, delete-orphan",
        order_by="FloorRequest.position",
    )
    budgets: Mapped[list[FloorBudget]] = relationship(
        cascade="all, delete-orphan", order_by="FloorBudget.id",
    )


ONE_ACTIVE_WHERE = ("status IN ('waiting', 'speaking', 'interrupted') "
                    "AND kind IN ('request', 'walk-in', 'planned')")


class FloorRequest(db.Model):
    __tablename__ = "floor_requests"
    __table_args__ = (
        CheckConstraint("kind IN ('request', 'walk-in', 'planned', 'order', 'reply')",
                        name="kind"),
        CheckConstraint(
            "status IN ('waiting', 'speaking', 'done', 'skipped', 'removed', 'withdrawn', "
            "'not_reached', 'interrupted')",
            name="status",
        ),
        CheckConstraint("given_by IS NULL OR given_by IN ('suggestion', 'chair')",
                        name="given_by"),
        CheckConstraint("elapsed_seconds >= 0", name="elapsed"),
        CheckConstraint("limit_seconds IS NULL OR limit_seconds > 0", name="limit"),
        # One active request per person and list: asking twice never duplicates. A point
        # of order or reply is not a place on the list: someone waiting may raise one.
        Index(
            "ix_floor_requests_one_active_per_person", "list_id", "person_id", unique=True,
            sqlite_where=text(ONE_ACTIVE_WHERE), postgresql_where=text(ONE_ACTIVE_WHERE),
        ),
        # One speaker at a time: two chairs giving the floor at once cannot both win.
        Index(
            "ix_floor_requests_one_speaking", "list_id", unique=True,
            sqlite_where=text("status = 'speaking'"),
            postgresql_where=text("status = 'speaking'"),
        ),
        Index("ix_floor_requests_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("speakers_lists.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL")
    )
    # As whom the person speaks, copied when asking: later profile edits don't rewrite history.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    category_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_categories.id"))
    # minister / head / delegate / observer: the level of representation for protocol order.
    delegation_role: Mapped[str] = mapped_column(String(20), default="delegate")
    kind: Mapped[str] = mapped_column(String(10), default="request")
    # A point of order or reply: the speaker it paused (their clock resumes when it ends).
    interrupts_id: Mapped[int | None] = mapped_column(
        ForeignKey("floor_requests.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    # Queue order set by arrival and by the chair's reordering.
    position: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Whether the chair followed the suggested order or chose this speaker.
    given_by: Mapped[str | None] = mapped_column(String(12))
    # The clock: seconds already spoken, plus the running stretch since running_since.
    limit_seconds: Mapped[int | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    running_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    elapsed_seconds: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("speaking_slots.id", ondelete="SET NULL")
    )

    speakers_list: Mapped[SpeakersList] = relationship(back_populates="requests")
    person: Mapped[Person] = relationship()
    organization: Mapped[Organization | None] = relationship()
    category: Mapped[StakeholderCategory | None] = relationship()
    slot: Mapped[SpeakingSlot | None] = relationship()


class FloorBudget(db.Model):
    """A stakeholder category's total speaking time on one list: seconds, or a percent of the
    session's scheduled duration (read at the time, so a rescheduled session follows)."""

    __tablename__ = "floor_budgets"
    __table_args__ = (
        UniqueConstraint("list_id", "category_id", name="uq_floor_budgets_list_category"),
        CheckConstraint("unit IN ('seconds', 'percent')", name="unit"),
        CheckConstraint("amount > 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("speakers_lists.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder_categories.id", ondelete="CASCADE")
    )
    unit: Mapped[str] = mapped_column(String(8), default="seconds")
    amount: Mapped[int] = mapped_column()

    category: Mapped[StakeholderCategory] = relationship()
