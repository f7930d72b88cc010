"""Date and time fields that read what people type by hand, in the page's language.

Pages render <input type="date"> and <input type="time">, and browsers with the picker send
ISO forms (2019-10-14, 14:30); a browser without it, or a client without JavaScript, sends
what was typed. These fields accept the common hand-typed forms and otherwise say which
format is expected, in the page's language, instead of WTForms' "Not a valid date value.".

The parsers are pure functions of the text and a language code.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache

from babel.dates import get_month_names
from flask_babel import gettext as _
from wtforms import DateField, DateTimeLocalField, TimeField

from eventapp.i18n import current_language

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_TIME = re.compile(
    r"^(\d{1,2})(?:\s*(?::|h|H|\.)\s*(\d{2})?(?::(\d{2}))?)?\s*"
    r"(a\.?\s?m\.?|p\.?\s?m\.?)?$", re.IGNORECASE)
# Words that join day, month and year in written dates ("14 de octubre de 2019").
_FILLERS = {"de", "del", "le", "the", "of"}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


@lru_cache(maxsize=8)
def _months(language: str) -> dict[str, int]:
    """Month names and abbreviations of the language and of English, without accents."""
    names: dict[str, int] = {}
    for locale in dict.fromkeys((language, "en")):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(_plain(name), number)
    # "Sept" is as common as "Sep".
    names.setdefault("sept", 9)
    return names


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, language: str) -> date | None:
    """The date typed, or None when it is not one of the accepted forms.

    2019-10-14 always; 14/10/2019 (or with dots or hyphens) day first in French and Spanish,
    and in English only when the day is over 12, since 10/11/2019 is read both ways there;
    14 Oct 2019, 14 oct. 2019, 14 de octubre de 2019 or October 14, 2019 with the month in
    the page's language or in English.
    """
    text = " ".join((text or "").split())
    if match := _ISO_DATE.match(text):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC_DATE.match(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if language != "en" or first > 12:
            return _day(year, second, first)
        return None
    words = [w for w in re.split(r"[\s,]+", text) if w and _plain(w) not in _FILLERS]
    if len(words) != 3:
        return None
    months = _months(language)
    numbers = [w for w in words if w.isdigit()]
    names = [months.get(_plain(w)) for w in words if not w.isdigit()]
    if len(numbers) != 2 or names != [names[0]] or names[0] is None or len(words[2]) != 4:
        return None
    return _day(int(words[2]), names[0], int(numbers[0]))


def parse_time(text: str) -> time | None:
    """The time typed: 14:30, 14h30, 14h, 14.30, 14:30:00, 2:30 pm, 2 pm; else None."""
    text = " ".join((text or "").split())
    match = _TIME.match(text)
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    suffix = (match[4] or "").replace(".", "").replace(" ", "").lower()
    separator_given = bool(re.search(r"[:hH.]", text))
    if not suffix and not separator_given:
        return None  # "14" alone: hours or minutes?
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def date_format_message() -> str:
    return _("Type the date as YYYY-MM-DD, for example 2019-10-14, or as 14 Oct 2019.")


def time_format_message() -> str:
    return _("Type the time as HH:MM on the 24-hour clock, for example 14:30, or as 2:30 pm.")


def datetime_format_message() -> str:
    return _("Type the date and time as YYYY-MM-DD HH:MM, for example 2019-10-14 14:30.")


def _typed(valuelist: list[str] | None) -> str | None:
    if not valuelist:
        return None
    text = " ".join(valuelist).strip()
    return text or None


class TypedDateField(DateField):
    """A date from the picker (ISO) or typed by hand in a common form."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = _typed(valuelist)
        if text is None:
            self.data = None
            return
        self.data = parse_date(text, current_language())
        if self.data is None:
            raise ValueError(date_format_message())


class TypedTimeField(TimeField):
    """A time from the picker (14:30) or typed by hand (14h30, 2:30 pm)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = _typed(valuelist)
        if text is None:
            self.data = None
            return
        self.data = parse_time(text)
        if self.data is None:
            raise ValueError(time_format_message())


def parse_datetime(text: str, language: str) -> datetime | None:
    """A date and a time: 2019-10-14T14:30 from the picker, or both parts typed by hand."""
    text = " ".join((text or "").split())
    if "T" in text and _ISO_DATE.match(text.split("T", 1)[0]):
        day_text, time_text = text.split("T", 1)
    else:
        day_text, _space, time_text = text.rpartition(" ")
        # "14 Oct 2019 2:30 pm": the meridiem belongs to the time.
        if time_text.lower().replace(".", "") in ("am", "pm"):
            day_text, _space, hour = day_text.rpartition(" ")
            time_text = f"{hour} {time_text}"
    day, moment = parse_date(day_text, language), parse_time(time_text)
    if day is None or moment is None:
        return None
    return datetime.combine(day, moment)


class TypedDateTimeLocalField(DateTimeLocalField):
    """A date and time from the picker (2019-10-14T14:30) or typed by hand."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = _typed(valuelist)
        if text is None:
            self.data = None
            return
        self.data = parse_datetime(text, current_language())
        if self.data is None:
            raise ValueError(datetime_format_message())
