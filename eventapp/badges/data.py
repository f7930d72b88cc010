"""What a badge shows of a registration, in the language of the page that asks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from babel import Locale
from flask_babel import get_locale

from eventapp.attendance.badge_codes import badge_code_for
from eventapp.badges.layout import BadgeData
from eventapp.colours import colour_for
from eventapp.i18n.content import localized
from eventapp.i18n.formatting import date_range
from eventapp.people.service import all_categories
from eventapp.programme.models import Event
from eventapp.registration import queries
from eventapp.registration.models import Registration

# A category's name on badges, and its colour.
CategoryLook = tuple[str, str]


def category_looks() -> dict[int, CategoryLook]:
    """Every category's name (in the current language) and badge colour, by id."""
    return {category.id: (localized(category, "name"), colour_for(category.colour, position))
            for position, category in enumerate(all_categories())}


def country_name(code: str) -> str:
    """'VN' as 'Vietnam' (or 'Viêt Nam' in French); the code itself when unknown."""
    if not code:
        return ""
    locale = get_locale() or Locale("en")
    return locale.territories.get(code.upper(), code.upper())


def badge_for(registration: Registration, event: Event,
              looks: dict[int, CategoryLook]) -> BadgeData:
    category_name, colour = looks.get(registration.category_id, ("", "#000000"))
    organization = registration.organization
    return BadgeData(
        name=registration.person.full_name,
        organization=organization.name if organization else "",
        country=country_name(organization.country) if organization else "",
        category=category_name,
        colour=colour,
        event=localized(event, "title"),
        dates=date_range(event.start_date, event.end_date),
        code=badge_code_for(registration),
    )


def event_badges(event: Event, filters: queries.RegistrationFilters,
                 ids: list[int] | None) -> Iterator[BadgeData]:
    """The badges of the approved registrations selected, in name order, read in batches."""
    looks = category_looks()
    for registration in queries.approved_registrations(event, filters, ids):
        yield badge_for(registration, event, looks)


def badge_page_etag(registration: Registration, category_name: str, country: str) -> str:
    """The participant's badge page's entity tag: its badge serial, revocation and status
    (so a re-issued or revoked badge is a new page) and a digest of every other text shown."""
    event, person = registration.event, registration.person
    organization = registration.organization
    revoked = registration.badge_revoked_at.isoformat() if registration.badge_revoked_at else ""
    shown = "\x1f".join((
        person.full_name, organization.name if organization else "", category_name, country,
        localized(event, "title"), event.start_date.isoformat(), event.end_date.isoformat(),
        revoked))
    digest = hashlib.sha256(shown.encode()).hexdigest()[:16]
    return (f"badge-{registration.id}-{registration.badge_serial}-{registration.status}-"
            f"{digest}")
