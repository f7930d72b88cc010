"""Conversions between UTC storage and an event's local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask_babel import gettext as _


class UnknownTimezone(ValueError):
    pass


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


# The usual venues of the dialogue first, by the city people know them by: Geneva has no
# zone of its own in the IANA database (it is Europe/Zurich).
COMMON_VENUES = (
    ("Europe/Zurich", "Geneva"),
    ("America/New_York", "New York"),
    ("Europe/Vienna", "Vienna"),
    ("Asia/Bangkok", "Bangkok"),
    ("Africa/Nairobi", "Nairobi"),
    ("America/Panama", "Panama City"),
    ("Europe/Brussels", "Brussels"),
    ("Africa/Addis_Ababa", "Addis Ababa"),
    ("Asia/Manila", "Manila"),
    ("America/Mexico_City", "Mexico City"),
)


def zone_choices() -> list[tuple[str, str]]:
    """(IANA name, label) for every zone: the common venues first, then all in order."""
    common = [(key, f"{city} ({key})") for key, city in COMMON_VENUES]
    seen = {key for key, _ in COMMON_VENUES}
    return common + [(key, key) for key in sorted(_known_zones()) if key not in seen]


def _suggestion(name: str) -> str | None:
    """A real zone the organizer probably meant: a different case, or a city's name."""
    wanted = name.casefold().replace(" ", "_")
    place = wanted.rsplit("/", 1)[-1]
    for key, city in COMMON_VENUES:
        if city.casefold().replace(" ", "_") in (wanted, place) or wanted == key.casefold():
            return key
    for key in _known_zones():
        if wanted in (key.casefold(), key.rsplit("/", 1)[-1].casefold()):
            return key
    return None


def validate_timezone(name: str) -> ZoneInfo:
    """Return the zone for a real IANA name, or raise UnknownTimezone with a clear message."""
    name = (name or "").strip()
    if name not in _known_zones():
        suggestion = _suggestion(name) if name else None
        if suggestion and suggestion != name:
            raise UnknownTimezone(_(
                "“%(name)s” is not an IANA time zone name. Use a name such as "
                "America/New_York or Europe/Zurich (for Geneva). Did you mean %(suggestion)s?",
                name=name, suggestion=suggestion))
        raise UnknownTimezone(_(
            "“%(name)s” is not an IANA time zone name. Use a name such as America/New_York "
            "or Europe/Zurich (for Geneva).", name=name))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - defensive
        raise UnknownTimezone(_("“%(name)s” is not a usable time zone.", name=name)) from exc


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Turn a wall-clock time in the event's zone into an aware UTC datetime.

    With fold=0, an ambiguous time (the repeated hour in autumn) is its first occurrence
    and a non-existent one (the skipped hour in spring) reads with the offset before the
    change, which lands it forward by the gap, as clocks do. Forms and imports refuse
    non-existent times before they get here (see is_nonexistent_local).
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def is_nonexistent_local(day: date, at: time, zone: ZoneInfo) -> bool:
    local = datetime.combine(day, at).replace(tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local.replace(
        tzinfo=None
    )


def to_local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


def zone_abbreviation(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).tzname() or zone.key
