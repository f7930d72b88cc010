"""SELECTs for the organizer's registration pages: a fixed number of queries at any size."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import ColumnElement, Row, Select, case, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload
from werkzeug.datastructures import MultiDict

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.people.models import GOVERNANCE_LEVELS, Organization, Person, StakeholderCategory
from eventapp.programme.models import Event

# The event loader lives with Event; this package's views reach it as queries.event_or_404.
from eventapp.programme.queries import event_or_404 as event_or_404
from eventapp.registration.models import REGISTRATION_STATUSES, Registration
from eventapp.request_input import parse_id
from eventapp.search_key import fold

PER_PAGE = 100
# The accreditation queue first: what needs a decision, then who waits, then the rest.
STATUS_ORDER = ("pending", "waitlisted", "approved")


@dataclass(frozen=True)
class RegistrationFilters:
    """What the organizer narrowed the list to; empty values mean "any"."""

    status: str = ""
    category_id: int | None = None
    country: str = ""
    governance_level: str = ""
    search: str = ""

    @property
    def is_active(self) -> bool:
        return bool(
            self.status or self.category_id or self.country or self.governance_level
            or self.search
        )

    def as_args(self) -> dict[str, str]:
        """Query-string form, for pagination and export links that keep the filters."""
        args = {
            "status": self.status,
            "category": str(self.category_id or ""),
            "country": self.country,
            "level": self.governance_level,
            "q": self.search,
        }
        return {key: value for key, value in args.items() if value}


def filters_from_args(args: MultiDict[str, str]) -> RegistrationFilters:
    """Filters from the query string; anything unrecognised is ignored rather than an error."""
    status = args.get("status", "")
    category = args.get("category", "")
    country = args.get("country", "").strip().upper()
    level = args.get("level", "")
    return RegistrationFilters(
        status=status if status in REGISTRATION_STATUSES else "",
        category_id=parse_id(category),
        country=country if len(country) == 2 and country.isalpha() else "",
        governance_level=level if level in GOVERNANCE_LEVELS else "",
        search=" ".join(args.get("q", "").split())[:100],
    )


@dataclass
class Page:
    items: list[Registration]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_number(self) -> int:
        return min(self.page * self.per_page, self.total)

    def page_links(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and a window around the current one;
        None marks a gap."""
        wanted = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.pages)
        links: list[int | None] = []
        for number in numbers:
            if links and number - (links[-1] or 0) > 1:
                links.append(None)
            links.append(number)
        return links


@dataclass
class Counts:
    """Registrations of one event by status and by category (invited speakers included)."""

    by_status: dict[str, int] = field(default_factory=dict)
    by_category: list[tuple[StakeholderCategory, dict[str, int]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def _filtered(event: Event, filters: RegistrationFilters) -> Select:
    """Registrations joined to person, category and (outer) organization, filters applied."""
    query = (
        select(Registration)
        .join(Registration.person)
        .join(Registration.category)
        .outerjoin(Registration.organization)
        .where(Registration.event_id == event.id)
    )
    if filters.status:
        query = query.where(Registration.status == filters.status)
    if filters.category_id:
        query = query.where(Registration.category_id == filters.category_id)
    if filters.country:
        query = query.where(Organization.country == filters.country.upper())
    if filters.governance_level:
        query = query.where(Organization.governance_level == filters.governance_level)
    if filters.search:
        email = f"%{escape_like(filters.search.strip().lower())}%"
        query = query.where(
            or_(
                name_matches(filters.search),
                func.lower(func.coalesce(Person.email, "")).like(email, escape="\\"),
            )
        )
    return query


def name_matches(text: str) -> ColumnElement[bool]:
    """Whether the person's names or the organization's name hold the typed words, accents
    and case aside (search_key.fold, on the columns written with each row): the desk's and
    the registrations list's one rule. Needs Person and Organization in the query."""
    needle = f"%{escape_like(fold(text[:100]))}%"
    return or_(Person.search_key.like(needle, escape="\\"),
               Organization.search_key.like(needle, escape="\\"))


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _queue_order() -> tuple:
    rank = case(
        {status: i for i, status in enumerate(STATUS_ORDER)},
        value=Registration.status,
        else_=len(STATUS_ORDER),
    )
    return (rank, Registration.created_at, Registration.id)


def _name_order() -> tuple:
    return (func.lower(Person.last_name), func.lower(Person.first_name), Registration.id)


def _ordered(query: Select, *, queue: bool = False) -> Select:
    return query.order_by(*(_queue_order() if queue else _name_order())).options(
        contains_eager(Registration.person).selectinload(Person.user),
        contains_eager(Registration.category),
        contains_eager(Registration.organization),
    )


def _count_statement(event: Event, filters: RegistrationFilters, base: Select) -> Select:
    """The filtered total; without person or organization filters, on registrations alone
    (no joins: the event's index answers it)."""
    if filters.search or filters.country or filters.governance_level:
        return select(func.count()).select_from(
            base.with_only_columns(Registration.id).subquery())
    query = select(func.count(Registration.id)).where(Registration.event_id == event.id)
    if filters.status:
        query = query.where(Registration.status == filters.status)
    if filters.category_id:
        query = query.where(Registration.category_id == filters.category_id)
    return query


def registrations_page(
    event: Event, filters: RegistrationFilters, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """One page of the list, pending first then arrival order: two queries (count, rows)
    whatever the size of the event."""
    base = _filtered(event, filters)
    total = db.session.scalar(_count_statement(event, filters, base)) or 0
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    items = db.session.scalars(
        _ordered(base, queue=True).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(list(items), total, page, per_page)


def export_rows(event: Event, filters: RegistrationFilters, batch: int = 1000) -> Iterator[Row]:
    """Every filtered registration as plain columns, in name order, for the CSV export.

    One statement whatever the size: columns rather than objects (so no per-batch eager
    loads), read through a server-side cursor where the database has one (yield_per).
    """
    query = (
        _filtered(event, filters)
        .outerjoin(User, User.id == Person.user_id)
        .with_only_columns(
            Registration.id, Person.email, User.email.label("account_email"),
            Person.honorific, Person.first_name, Person.last_name, Person.job_title,
            Organization.name.label("organization_name"),
            StakeholderCategory.key.label("category_key"),
            Organization.country, Organization.governance_level,
            Registration.delegation_role, Registration.status, Registration.wishes_to_speak,
            Registration.speaking_topic, Registration.accessibility_needs,
            Registration.consent_public_list, Registration.is_invited_speaker,
            Registration.created_at,
        )
        .order_by(*_name_order())
        .execution_options(yield_per=batch)
    )
    yield from db.session.execute(query)


def _approved(event: Event, filters: RegistrationFilters, ids: list[int] | None) -> Select:
    query = _filtered(event, filters).where(Registration.status == "approved")
    return query if ids is None else query.where(Registration.id.in_(ids))


def has_approved(event: Event, filters: RegistrationFilters, ids: list[int] | None) -> bool:
    """Whether the filters (and ids) select at least one approved registration."""
    return db.session.scalar(
        select(_approved(event, filters, ids).with_only_columns(Registration.id)
               .limit(1).exists())) or False


def approved_registrations(event: Event, filters: RegistrationFilters,
                           ids: list[int] | None = None,
                           batch: int = 200) -> Iterator[Registration]:
    """The approved registrations the filters (and, given, the ids) select, in name order,
    with person, organization and category: one statement, read in batches (yield_per)."""
    query = (_approved(event, filters, ids).order_by(*_name_order())
             .options(contains_eager(Registration.person), contains_eager(Registration.category),
                      contains_eager(Registration.organization))
             .execution_options(yield_per=batch))
    yield from db.session.scalars(query)


def matching_ids(event: Event, filters: RegistrationFilters) -> list[int]:
    """Ids of every registration the filters select (one query), for "all matching" actions."""
    return list(db.session.scalars(_filtered(event, filters).with_only_columns(Registration.id)))


def counts(event: Event, categories: list[StakeholderCategory]) -> Counts:
    """Per status and per category x status, by one GROUP BY."""
    rows = db.session.execute(
        select(Registration.category_id, Registration.status, func.count(Registration.id))
        .where(Registration.event_id == event.id)
        .group_by(Registration.category_id, Registration.status)
    ).all()
    by_status = dict.fromkeys(REGISTRATION_STATUSES, 0)
    per_category: dict[int, dict[str, int]] = {}
    for category_id, status, n in rows:
        by_status[status] = by_status.get(status, 0) + n
        per_category.setdefault(category_id, dict.fromkeys(REGISTRATION_STATUSES, 0))[status] = n
    return Counts(
        by_status=by_status,
        by_category=[(c, per_category[c.id]) for c in categories if c.id in per_category],
    )


def countries(event: Event) -> list[str]:
    """Countries of the organizations registered for this event, for the filter."""
    return list(
        db.session.scalars(
            select(Organization.country)
            .join(Registration, Registration.organization_id == Organization.id)
            .where(Registration.event_id == event.id, Organization.country != "")
            .distinct()
            .order_by(Organization.country)
        )
    )


def registration_of_event_or_404(event: Event, registration_id: int) -> Registration:
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.id == registration_id, Registration.event_id == event.id)
        .options(
            selectinload(Registration.person).options(
                selectinload(Person.user), selectinload(Person.organization)
            ),
            selectinload(Registration.category),
            selectinload(Registration.organization),
        )
    )
    if registration is None:
        abort(404)
    return registration


def person_candidates(search: str, limit: int = 50) -> list[tuple[Person, int]]:
    """People matching a name or email, with how many registrations each has (two queries)."""
    needle = f"%{escape_like(' '.join(search.split()).lower())}%"
    if needle == "%%":
        return []
    names = f"%{escape_like(fold(search))}%"
    people = db.session.scalars(
        select(Person)
        .where(
            or_(
                Person.search_key.like(names, escape="\\"),
                func.lower(func.coalesce(Person.email, "")).like(needle, escape="\\"),
            )
        )
        .options(selectinload(Person.organization), selectinload(Person.user))
        .order_by(func.lower(Person.last_name), func.lower(Person.first_name), Person.id)
        .limit(limit)
    ).all()
    ids = [p.id for p in people]
    registered = dict(
        db.session.execute(
            select(Registration.person_id, func.count(Registration.id))
            .where(Registration.person_id.in_(ids))
            .group_by(Registration.person_id)
        ).all()
    ) if ids else {}
    return [(p, registered.get(p.id, 0)) for p in people]
