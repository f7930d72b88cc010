"""Dates, times and numbers in the language being rendered, always in the event's zone.

English keeps the house style of UN documents ("Monday 15 October 2018"); French and Spanish
use their own order and month names. Times use the 24-hour clock in every language.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from flask import Flask

from eventapp.i18n import current_language

# Babel patterns per language: weekday + day + month + year, and day + month + year.
_LONG = {"en": "EEEE d MMMM y", "fr": "EEEE d MMMM y", "es": "EEEE, d 'de' MMMM 'de' y"}
_SHORT = {"en": "d MMMM y", "fr": "d MMMM y", "es": "d 'de' MMMM 'de' y"}
_MONTH_YEAR = {"en": "MMMM y", "fr": "MMMM y", "es": "'de' MMMM 'de' y"}
# The language's usual babel locale for formats (British English for the UN house style).
_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es"}


def _locale(language: str | None) -> str:
    return _LOCALES.get(language or current_language(), "en_GB")


def _lang(language: str | None) -> str:
    return language if language in _LOCALES else current_language()


def _zone(zone: ZoneInfo | str) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def local_time(moment: datetime, zone: ZoneInfo | str) -> str:
    return moment.astimezone(_zone(zone)).strftime("%H:%M")


def long_date(day: date, language: str | None = None) -> str:
    lang = _lang(language)
    return format_date(day, _LONG[lang], locale=_locale(lang))


def short_date(day: date, language: str | None = None) -> str:
    lang = _lang(language)
    return format_date(day, _SHORT[lang], locale=_locale(lang))


def local_datetime(moment: datetime, zone: ZoneInfo | str, language: str | None = None) -> str:
    local = moment.astimezone(_zone(zone))
    return f"{long_date(local.date(), language)}, {local:%H:%M} {local.tzname()}"


def date_range(start: date, end: date, language: str | None = None) -> str:
    """'15–16 October 2018', '15–16 octobre 2018', '15–16 de octubre de 2018'."""
    if start == end:
        return short_date(start, language)
    lang = _lang(language)
    if (start.year, start.month) == (end.year, end.month):
        month_year = format_date(end, _MONTH_YEAR[lang], locale=_locale(lang))
        return f"{start.day}–{end.day} {month_year}"
    return f"{short_date(start, lang)} – {short_date(end, lang)}"


def zone_label(moment: datetime | None, zone: ZoneInfo | str) -> str:
    """'America/New_York (EDT, UTC−04:00)': the zone named, with the offset in force."""
    z = _zone(zone)
    if moment is None:
        return z.key
    local = moment.astimezone(z)
    offset = local.utcoffset()
    total = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if total >= 0 else "−"
    hours, minutes = divmod(abs(total), 60)
    return f"{z.key} ({local.tzname()}, UTC{sign}{hours:02d}:{minutes:02d})"


def number(value: float | int, digits: int = 0) -> str:
    """1,234.5 in English, 1 234,5 in French, 1234,5 in Spanish."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(None))


def percent(fraction: float, digits: int = 0) -> str:
    """A share as a percentage in the language's own pattern: 0.255 → '26%' (en), '26 %' (fr)."""
    locale = Locale.parse(_locale(None))
    pattern = locale.percent_formats[None].pattern
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    return format_percent(fraction, format=pattern, locale=locale)


def register(app: Flask) -> None:
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(short_date, "short_date")
    app.add_template_filter(number, "number")
    app.add_template_filter(percent, "percent")
    app.add_template_global(date_range, "date_range")
    app.add_template_global(zone_label, "zone_label")
