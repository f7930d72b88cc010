"""Category quotas in places: the arithmetic and the sentences, with no database.

A quota is entered either as a number of places or as a percentage of the capacity; either
way the organizer and the participants are told what it means in places ("20% of 150 = 30
places"). A quota given in places is that many places whatever the capacity; a percentage
means nothing without a capacity and is refused then, so no quota is stored that silently
does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import Locale
from flask_babel import get_locale, get_translations, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.i18n import current_language
from eventapp.i18n.escaped import escaped

UNIT_PLACES = "places"
UNIT_PERCENT = "percent"
UNITS = ((UNIT_PLACES, _l("places")),
         (UNIT_PERCENT, escaped(_l("%(percent)s of capacity", percent="%"))))


def quota_places(capacity: int | None, max_percent: int | None,
                 max_places: int | None = None) -> int | None:
    """How many places a category may hold; None when it has no limit.

    A quota in places is the number itself; a percentage is floor(capacity * percent / 100)
    and gives no limit without a capacity.
    """
    if max_places is not None:
        return max_places
    if capacity is None or max_percent is None:
        return None
    return capacity * max_percent // 100


@dataclass(frozen=True)
class QuotaSetting:
    """One category's quota as the organizer entered it."""

    amount: int
    unit: str = UNIT_PLACES

    @property
    def max_places(self) -> int | None:
        return self.amount if self.unit == UNIT_PLACES else None

    @property
    def max_percent(self) -> int | None:
        return self.amount if self.unit == UNIT_PERCENT else None

    def places(self, capacity: int | None) -> int | None:
        return quota_places(capacity, self.max_percent, self.max_places)


def describe(setting: QuotaSetting, capacity: int | None) -> str:
    """The quota in places, as shown next to the field: "20% of 150 = 30 places"."""
    if setting.unit == UNIT_PLACES:
        return places_text(setting.amount)
    if capacity is None:
        return _("%(amount)d%% of no capacity: set a capacity first", amount=setting.amount)
    return _("%(amount)d%% of %(capacity)d = %(places)s", amount=setting.amount,
             capacity=capacity, places=places_text(setting.places(capacity) or 0))


def problem(name: str, setting: QuotaSetting, capacity: int | None) -> str | None:
    """Why this quota cannot be stored, for the organizer; None when it is fine."""
    if setting.unit not in (UNIT_PLACES, UNIT_PERCENT):
        return _("%(name)s: choose places or %% of capacity.", name=name)
    if setting.amount < 1:
        return _("%(name)s: a quota is at least 1 place (leave the field empty for no quota).",
                 name=name)
    if setting.unit == UNIT_PERCENT:
        if setting.amount > 100:
            return _("%(name)s: a percentage quota is at most 100%%.", name=name)
        if capacity is None:
            return _("%(name)s: a quota of %(amount)d%% needs a capacity to count places from. "
                     "Set the capacity, or give the quota as a number of places.",
                     name=name, amount=setting.amount)
        if setting.places(capacity) == 0:
            return _("%(name)s: %(amount)d%% of %(capacity)d is 0 places, so nobody of this "
                     "category could get a place. Give a larger share or a number of places.",
                     name=name, amount=setting.amount, capacity=capacity)
    elif capacity is not None and setting.amount > capacity:
        return _("%(name)s: %(places)s is more than the capacity of %(capacity)s.",
                 name=name, places=places_text(setting.amount), capacity=places_text(capacity))
    return None


def client_texts() -> dict[str, object]:
    """The sentences static/js/quota-places.js writes while the organizer types, in the
    current language, as unfilled templates (%(name)s placeholders, %% for a percent sign).
    """
    translations = get_translations()
    locale = get_locale() or Locale("en")
    return {
        "place_one": translations.ungettext("%(num)d place", "%(num)d places", 1),
        "place_other": translations.ungettext("%(num)d place", "%(num)d places", 2),
        # French says "0 place", English and Spanish "0 places".
        "zero_is_one": locale.plural_form(0) == "one",
        "more": _("%(places)s: more than the capacity of %(capacity)s"),
        "at_least": _("at least 1 place"),
        "no_capacity": _("%(amount)d%% of no capacity: set a capacity first"),
        "range": _("a percentage from 1 to 100"),
        "share": _("%(amount)d%% of %(capacity)d = %(places)s"),
        "too_few": _("%(text)s: too few"),
    }


def places_text(n: int) -> str:
    """"1 place", "30 places" in the current language."""
    return ngettext("%(num)d place", "%(num)d places", n)


@dataclass(frozen=True)
class WaitReason:
    """Why an approval ended on the waiting list: the event or one category's quota is full."""

    places: int
    category_name: str = ""
    # The category's name in other languages ({"fr": ..., "es": ...}); empty means the original.
    category_names: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def is_quota(self) -> bool:
        return bool(self.category_name)

    def _name(self) -> str:
        return dict(self.category_names).get(current_language()) or self.category_name

    @property
    def what_is_full(self) -> str:
        """"the Civil society quota (30 places) is full" / "the event is full (150 places)"."""
        if self.is_quota:
            return _("the %(name)s quota (%(places)s) is full", name=self._name(),
                     places=places_text(self.places))
        return _("the event is full (%(places)s)", places=places_text(self.places))

    @property
    def label(self) -> str:
        """For the organizer: "Waitlisted: the Civil society quota (30 places) is full"."""
        return _("Waitlisted: %(what)s", what=self.what_is_full)
