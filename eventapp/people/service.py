"""Finding and creating categories, organizations and persons without duplicates."""

from __future__ import annotations

from functools import cache

from flask_babel import force_locale
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.i18n.category_names import DEFAULT_CATEGORY_TRANSLATIONS
from eventapp.people.models import (
    GENDER_CHOICES,
    GOVERNANCE_LABELS,
    GOVERNANCE_LEVELS,
    Organization,
    Person,
    StakeholderCategory,
)

DEFAULT_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    (
        "government",
        "Government",
        "Member and observer States: ministries, missions and other national authorities.",
    ),
    (
        "un-system",
        "UN system & international organizations",
        "United Nations entities and other intergovernmental organizations.",
    ),
    (
        "civil-society",
        "Civil society",
        "Non-governmental organizations, faith-based groups, trade unions and foundations.",
    ),
    (
        "private-sector",
        "Private sector",
        "Companies, employers and business associations.",
    ),
    (
        "migrants-diaspora",
        "Migrants & diaspora",
        "Migrants themselves and diaspora organizations, speaking for their communities.",
    ),
    (
        "local-authorities",
        "Local & regional authorities",
        "Cities, municipalities, provinces and regional governments.",
    ),
    (
        "academia",
        "Academia",
        "Universities, research institutes and independent experts.",
    ),
)


def ensure_default_categories() -> list[StakeholderCategory]:
    """Create the seeded categories that are missing; idempotent."""
    existing = {c.key: c for c in db.session.scalars(select(StakeholderCategory))}
    for order, (key, name, description) in enumerate(DEFAULT_CATEGORIES):
        if key not in existing:
            name_fr, name_es, description_fr, description_es = (
                DEFAULT_CATEGORY_TRANSLATIONS[key]
            )
            category = StakeholderCategory(
                key=key, name=name, description=description, sort_order=order * 10,
                name_fr=name_fr, name_es=name_es,
                description_fr=description_fr, description_es=description_es,
            )
            db.session.add(category)
            existing[key] = category
    db.session.flush()
    return sorted(existing.values(), key=lambda c: (c.sort_order, c.name))


def all_categories() -> list[StakeholderCategory]:
    return list(
        db.session.scalars(
            select(StakeholderCategory).order_by(
                StakeholderCategory.sort_order, StakeholderCategory.name
            )
        )
    )


def find_category(text: str) -> StakeholderCategory | None:
    """Match an active category by key or by name, ignoring case and surrounding space."""
    needle = " ".join((text or "").split()).lower()
    if not needle:
        return None
    return db.session.scalar(
        select(StakeholderCategory).where(
            (func.lower(StakeholderCategory.key) == needle)
            | (func.lower(StakeholderCategory.name) == needle),
            StakeholderCategory.is_retired.is_(False),
        )
    )


def find_organization(name: str, country: str) -> Organization | None:
    return db.session.scalar(
        select(Organization).where(
            Organization.name_key == Organization.key_for(name),
            Organization.country == (country or "").upper(),
        )
    )


def find_or_create_organization(
    name: str, *, category: StakeholderCategory, country: str = "", governance_level: str,
    confirmed: bool = True,
) -> Organization:
    if governance_level not in GOVERNANCE_LEVELS:
        raise ValueError(f"unknown governance level {governance_level!r}")
    organization = find_organization(name, country)
    if organization is None:
        organization = Organization(
            name=" ".join(name.split()),
            name_key=Organization.key_for(name),
            category=category,
            country=(country or "").upper(),
            governance_level=governance_level,
            is_confirmed=confirmed,
        )
        db.session.add(organization)
        db.session.flush()
    return organization


def find_person(
    first_name: str, last_name: str, organization: Organization | None
) -> Person | None:
    """The same name at the same organization is taken to be the same person."""
    query = select(Person).where(
        func.lower(Person.first_name) == (first_name or "").strip().lower(),
        func.lower(Person.last_name) == (last_name or "").strip().lower(),
    )
    if organization is None:
        query = query.where(Person.organization_id.is_(None))
    else:
        query = query.where(Person.organization_id == organization.id)
    return db.session.scalars(query.order_by(Person.id)).first()


def normalise_label(text: str) -> str:
    """The form in which keys and labels typed into spreadsheets are compared."""
    return " ".join((text or "").split()).casefold()


def category_lookup() -> dict[str, StakeholderCategory]:
    """Every active category under its normalised key and name, loaded in one query.

    Matches the same texts as find_category, for callers that resolve many rows at once.
    """
    lookup: dict[str, StakeholderCategory] = {}
    for category in all_categories():
        if category.is_retired:
            continue
        lookup[normalise_label(category.key)] = category
        lookup[normalise_label(category.name)] = category
    return lookup


@cache
def _english_labels() -> dict[tuple[str, str], str]:
    with force_locale("en"):
        return {("governance", key): normalise_label(str(label))
                for key, label in GOVERNANCE_LABELS.items()} | {
                ("gender", key): normalise_label(str(label)) for key, label in GENDER_CHOICES}


def _spellings(group: str, key: str, label: object) -> tuple[str, str, str]:
    """A choice as a spreadsheet may give it: its key, its English label, or its label in the
    current language (a spreadsheet made in English works whatever the page's language)."""
    return key, _english_labels()[group, key], normalise_label(str(label))


def governance_level_from(text: str) -> str | None:
    """'Local', 'local' or ' LOCAL ' -> 'local'; None when it is not a governance level."""
    needle = normalise_label(text)
    for level in GOVERNANCE_LEVELS:
        if needle in _spellings("governance", level, GOVERNANCE_LABELS[level]):
            return level
    return None


def gender_from(text: str) -> str | None:
    """A gender choice given by key or label; None when it is not one of the choices."""
    needle = normalise_label(text)
    for key, label in GENDER_CHOICES:
        if needle in _spellings("gender", key, label):
            return key
    return None
