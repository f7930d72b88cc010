"""What importing a programme file would do: the plan the checker builds and the writer applies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.people.service import normalise_label
from eventapp.programme.csv_import.context import OrgKey, PersonKey, SessionKey
from eventapp.programme.csv_import.reading import Issue
from eventapp.programme.models import Room, Session, SpeakingSlot


@dataclass(frozen=True)
class ImportSummary:
    sessions_created: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    slots_created: int = 0
    slots_updated: int = 0
    rooms_created: int = 0
    organizations_created: int = 0
    persons_created: int = 0

    def lines(self) -> list[str]:
        """The summary as short sentences for a page or a terminal."""
        return [
            _("Sessions: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.",
              new=self.sessions_created, updated=self.sessions_updated,
              unchanged=self.sessions_unchanged),
            _("Speaking slots: %(new)s new, %(updated)s updated.", new=self.slots_created,
              updated=self.slots_updated),
            _("New rooms: %(rooms)s; new organizations: %(organizations)s; new persons: "
              "%(persons)s.", rooms=self.rooms_created,
              organizations=self.organizations_created, persons=self.persons_created),
        ]


@dataclass
class PlannedOrganization:
    key: OrgKey
    name: str
    country: str
    category: StakeholderCategory | None
    governance_level: str
    line: int
    existing: Organization | None = None


@dataclass
class PlannedPerson:
    key: PersonKey
    first_name: str
    last_name: str
    honorific: str
    job_title: str
    gender: str | None
    organization: OrgKey | None
    category: StakeholderCategory | None
    existing: Person | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass
class PlannedSlot:
    line: int
    person: PersonKey
    role: str
    planned_minutes: int | None
    position: int = 0
    existing: SpeakingSlot | None = None
    # Recorded speaking time from the file's actual_minutes; None: the file gives none, and
    # a time already recorded (by the floor's clock, say) is kept.
    actual_seconds: int | None = None

    @property
    def changes_existing(self) -> bool:
        old = self.existing
        return old is not None and (
            old.planned_minutes != self.planned_minutes or old.position != self.position
            or (self.actual_seconds is not None and old.actual_seconds != self.actual_seconds)
        )


@dataclass
class PlannedSession:
    line: int
    key: SessionKey
    title: str
    kind: str
    room: str | None  # normalised room name
    starts_at: datetime
    ends_at: datetime
    end_text: str
    room_text: str
    booking_id: int
    existing: Session | None = None
    slots: list[PlannedSlot] = field(default_factory=list)
    changed: bool = True
    # title_fr / title_es given by the file; a version it leaves empty is kept as it is.
    versions: dict[str, str] = field(default_factory=dict)

    def moves_or_renames(self) -> bool:
        """A session found by the identity the last import gave it may have been moved or
        renamed in the app since: the file puts it back."""
        old = self.existing
        return old is not None and (old.starts_at != self.starts_at
                                    or normalise_label(old.title) != self.key[2])

    def changes_versions(self) -> bool:
        old = self.existing
        return old is not None and any(getattr(old, name) != value
                                       for name, value in self.versions.items())

    @property
    def status(self) -> str:
        if self.existing is None:
            return "new"
        return "updated" if self.changed else "unchanged"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass
class ImportPlan:
    issues: list[Issue] = field(default_factory=list)
    sessions: list[PlannedSession] = field(default_factory=list)
    rooms: dict[str, str] = field(default_factory=dict)  # new rooms: key -> name
    known_rooms: dict[str, Room] = field(default_factory=dict)
    organizations: dict[OrgKey, PlannedOrganization] = field(default_factory=dict)
    persons: dict[PersonKey, PlannedPerson] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_warning]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.is_warning]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def summary(self) -> ImportSummary:
        """What apply() will do (and, after it, did)."""
        slots = [s for ps in self.sessions for s in ps.slots]
        return ImportSummary(
            sessions_created=sum(1 for s in self.sessions if s.existing is None),
            sessions_updated=sum(1 for s in self.sessions if s.status == "updated"),
            sessions_unchanged=sum(1 for s in self.sessions if s.status == "unchanged"),
            slots_created=sum(1 for s in slots if s.existing is None),
            slots_updated=sum(1 for s in slots if s.changes_existing),
            rooms_created=len(self.rooms),
            organizations_created=sum(
                1 for o in self.organizations.values() if o.existing is None
            ),
            persons_created=sum(1 for p in self.persons.values() if p.existing is None),
        )
