from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db
from eventapp.people.models import Person

SESSION_KINDS = (
    ("opening", "Opening"),
    ("setting-the-scene", "Setting the scene"),
    ("keynote", "Keynote"),
    ("panel", "Panel"),
    ("interactive-dialogue", "Interactive dialogue"),
    ("breakout", "Breakout"),
    ("side-event", "Side event"),
    ("break", "Break"),
    ("closing", "Closing"),
)
# The English labels above are what spreadsheets and reports match on; people read these,
# in their own language (lazy: translated when shown, in the language of that moment).
SESSION_KIND_LABELS = {
    "opening": _l("Opening"),
    "setting-the-scene": _l("Setting the scene"),
    "keynote": _l("Keynote"),
    "panel": _l("Panel"),
    "interactive-dialogue": _l("Interactive dialogue"),
    "breakout": _l("Breakout"),
    "side-event": _l("Side event"),
    "break": _l("Break"),
    "closing": _l("Closing"),
}
UNSTARRABLE_KINDS = frozenset({"break"})

SPEAKER_ROLES = (
    ("chair", "Chair"),
    ("moderator", "Moderator"),
    ("keynote", "Keynote speaker"),
    ("panelist", "Panelist"),
    ("respondent", "Respondent"),
    ("rapporteur", "Rapporteur"),
    ("floor", "Intervention from the floor"),
)
SPEAKER_ROLE_LABELS = {
    "chair": _l("Chair"),
    "moderator": _l("Moderator"),
    "keynote": _l("Keynote speaker"),
    "panelist": _l("Panelist"),
    "respondent": _l("Respondent"),
    "rapporteur": _l("Rapporteur"),
    "floor": _l("Intervention from the floor"),
}

SESSION_STATUSES = ("scheduled", "cancelled", "deleted")


def _new_uid() -> str:
    return str(uuid.uuid4())


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # French and Spanish versions beside the original; empty means "show the original"
    # (see eventapp/i18n/content.py).
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    title_es: Mapped[str] = mapped_column(String(200), default="", server_default="")
    theme_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    theme_es: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    is_published: Mapped[bool] = mapped_column(default=False)

    # Registration settings.
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column()
    auto_approve: Mapped[bool] = mapped_column(default=False)
    # A participant's registration counts only once their e-mail address is confirmed. On
    # for every new event; events from before the setting existed keep it off.
    require_verified_email: Mapped[bool] = mapped_column(default=True, server_default=false())

    # Balance settings.
    balance_is_public: Mapped[bool] = mapped_column(default=False)
    requires_local_voice: Mapped[bool] = mapped_column(default=False)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    rooms: Mapped[list[Room]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Room.name"
    )
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Session.starts_at"
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_rooms_event_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120), default="", server_default="")
    name_es: Mapped[str] = mapped_column(String(120), default="", server_default="")
    capacity: Mapped[int | None] = mapped_column()

    event: Mapped[Event] = relationship(back_populates="rooms")


class Session(db.Model):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("status IN ('scheduled', 'cancelled', 'deleted')", name="status"),
        Index("ix_sessions_event_id_starts_at", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), default="panel")
    description: Mapped[str] = mapped_column(Text, default="")
    title_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    title_es: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Cancelled and deleted sessions are kept so calendar feeds can tell clients to drop them.
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    # Calendar identity: the UID never changes; SEQUENCE rises on every visible change.
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=_new_uid)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The version of what the programme shows of this session (its row, its panel, the people
    # on it), raised with every such change (see eventapp.versioning). Kept on the row, not as a
    # content_versions scope, so the event's sessions with their versions are one index range
    # scan: looking a version up per session cost milliseconds at 150 sessions. NULL until
    # the first change after a bulk import (which raises the programme version instead).
    content_version: Mapped[str | None] = mapped_column(String(32))
    # What the last programme import gave this session: its identity in the file (local
    # date, start and title; see csv_import.context.import_key) and when. A later edit in
    # the app shows as updated_at after imported_at, and the next import says what it undoes.
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    import_key: Mapped[str | None] = mapped_column(Text)
    # Whether the session's door scans badges (attendance's door page); off until an
    # organizer turns it on, since most sessions are counted at the event's main desk only.
    door_scanning: Mapped[bool] = mapped_column(default=False, server_default=false())

    event: Mapped[Event] = relationship(back_populates="sessions")
    room: Mapped[Room | None] = relationship()
    slots: Mapped[list[SpeakingSlot]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SpeakingSlot.position",
    )

    @property
    def kind_label(self) -> str:
        """The kind in the current language, as a plain str (it goes into JSON and sets)."""
        return str(SESSION_KIND_LABELS.get(self.kind, self.kind))

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_visible(self) -> bool:
        return self.status == "scheduled"

    @property
    def is_starrable(self) -> bool:
        """Breaks are for everyone: nobody chooses them for a personal agenda."""
        return self.kind not in UNSTARRABLE_KINDS


class SpeakingSlot(db.Model):
    __tablename__ = "speaking_slots"
    __table_args__ = (
        UniqueConstraint(
            "session_id", "person_id", "role", name="uq_speaking_slots_session_person_role"
        ),
        # point-of-order and reply: recorded by the floor's interjections, never planned.
        CheckConstraint(
            "role IN ('chair', 'moderator', 'keynote', 'panelist', 'respondent', "
            "'rapporteur', 'floor', 'point-of-order', 'reply')",
            name="role",
        ),
        CheckConstraint("planned_minutes IS NULL OR planned_minutes >= 0", name="planned_min"),
        CheckConstraint("actual_seconds IS NULL OR actual_seconds >= 0", name="actual_sec"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    planned_minutes: Mapped[int | None] = mapped_column()
    # Recorded by the chair's timer when it exists; reports use it whenever it is set.
    actual_seconds: Mapped[int | None] = mapped_column()
    # When the chair marked the speaker heard without timing them (their planned minutes then
    # count as heard in a run session); None: not marked.
    heard_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[Session] = relationship(back_populates="slots")
    person: Mapped[Person] = relationship()

    @property
    def role_label(self) -> str:
        return str(SPEAKER_ROLE_LABELS.get(self.role, self.role))


class AgendaStar(db.Model):
    """A session a user put in their personal agenda."""

    __tablename__ = "agenda_stars"
    __table_args__ = (
        UniqueConstraint("user_id", "session_id", name="uq_agenda_stars_user_session"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
