from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, event, false
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db_types import UTCDateTime, utcnow
from eventapp.extensions import db
from eventapp.search_key import fold, person_search_key

# Labels are lazy: each reads in the language of the page, form or mail that shows it. Keys
# (the first items) are what is stored and exported; they never change with the language.
GOVERNANCE_LEVELS = ("local", "national", "regional", "global")
GOVERNANCE_LABELS = {
    "local": _l("Local"),
    "national": _l("National"),
    "regional": _l("Regional"),
    "global": _l("Global"),
}

GENDER_CHOICES = (
    ("woman", _l("Woman")),
    ("man", _l("Man")),
    ("non-binary", _l("Non-binary")),
    ("self-described", _l("I describe myself another way")),
    ("prefer-not", _l("Prefer not to say")),
)
GENDER_LABELS = dict(GENDER_CHOICES)

MIGRANT_EXPERIENCE_CHOICES = (
    ("yes", _l("Yes")),
    ("no", _l("No")),
    ("prefer-not", _l("Prefer not to say")),
)


class StakeholderCategory(db.Model):
    __tablename__ = "stakeholder_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    name_fr: Mapped[str] = mapped_column(String(120), default="", server_default="")
    name_es: Mapped[str] = mapped_column(String(120), default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Set when the original name is renamed while a French or Spanish name exists: that
    # version was written for the old name, and the categories page says so until reviewed.
    name_fr_to_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    name_es_to_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    sort_order: Mapped[int] = mapped_column(default=100)
    # The band of its badges, "#rrggbb"; "" takes the palette's colour for its place.
    colour: Mapped[str] = mapped_column(String(7), default="", server_default="")
    # A retired category stays on old records and in reports but is no longer offered.
    is_retired: Mapped[bool] = mapped_column(default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<StakeholderCategory {self.key}>"


class CategoryRename(db.Model):
    """A category's earlier name: renaming keeps the history, and imports still know it."""

    __tablename__ = "category_renames"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder_categories.id", ondelete="CASCADE"), index=True
    )
    old_name: Mapped[str] = mapped_column(String(120))
    new_name: Mapped[str] = mapped_column(String(120))
    renamed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Organization(db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        UniqueConstraint("name_key", "country", name="uq_organizations_name_key_country"),
        CheckConstraint(
            "governance_level IN ('local', 'national', 'regional', 'global')",
            name="governance_level",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased name: "IOM" and "iom" from two spreadsheets are one organization.
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    # The name as a search compares it (search_key.fold): filled with every insert, ORM or
    # bulk, and every change of the name through the ORM.
    search_key: Mapped[str] = mapped_column(
        String(200), default=lambda context: fold(_inserted(context, "name")),
        server_default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_categories.id"))
    country: Mapped[str] = mapped_column(String(2), default="")  # ISO 3166-1 alpha-2, "" if none
    governance_level: Mapped[str] = mapped_column(String(10), default="national")
    # Typed in by a participant: not offered to others until an organizer confirms it.
    is_confirmed: Mapped[bool] = mapped_column(default=True)

    category: Mapped[StakeholderCategory] = relationship()

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join((name or "").split()).lower()


class Person(db.Model):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    honorific: Mapped[str] = mapped_column(String(40), default="")
    first_name: Mapped[str] = mapped_column(String(120), default="")
    last_name: Mapped[str] = mapped_column(String(120))
    # Both orders of the names as a search compares them (search_key.person_search_key):
    # filled with every insert, ORM or bulk, and every change of a name through the ORM.
    search_key: Mapped[str] = mapped_column(
        String(490), default=lambda context: person_search_key(
            _inserted(context, "first_name"), _inserted(context, "last_name")),
        server_default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    # A person without an organization speaks as a category directly (a migrant, say).
    category_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_categories.id"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    # Optional, consented self-identification: only ever reported in aggregate.
    # Personal-sensitive: the audit trail records that they changed, never their values.
    gender: Mapped[str | None] = mapped_column(String(20), info={"sensitive": True})
    gender_description: Mapped[str] = mapped_column(String(100), default="",
                                                    info={"sensitive": True})
    migrant_experience: Mapped[str | None] = mapped_column(String(20), info={"sensitive": True})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization | None] = relationship()
    category: Mapped[StakeholderCategory | None] = relationship()
    user: Mapped[User | None] = relationship(back_populates="person")  # noqa: F821

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.honorific, self.full_name) if part)

    @property
    def effective_category(self) -> StakeholderCategory | None:
        if self.organization is not None:
            return self.organization.category
        return self.category

    @staticmethod
    def split_name(name: str) -> tuple[str, str]:
        """Split a single 'name' cell into first and last name at the last space."""
        parts = " ".join((name or "").split()).rsplit(" ", 1)
        if len(parts) == 1:
            return "", parts[0]
        return parts[0], parts[1]


class EventCategory(db.Model):
    """A category an event offers at registration; an event without rows offers all active.

    Kept with the categories (people.categories decides what is offered), below the
    programme and registration packages that read it.
    """

    __tablename__ = "event_categories"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder_categories.id", ondelete="CASCADE"), primary_key=True
    )


def _inserted(context: DefaultExecutionContext, name: str) -> str:
    return context.get_current_parameters().get(name) or ""


@event.listens_for(Person, "before_update")
def _person_search_key(_mapper: object, _connection: object, person: Person) -> None:
    person.search_key = person_search_key(person.first_name, person.last_name)


@event.listens_for(Organization, "before_update")
def _organization_search_key(_mapper: object, _connection: object,
                             organization: Organization) -> None:
    organization.search_key = fold(organization.name)
