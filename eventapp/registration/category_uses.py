"""Registration's answer to "is this stakeholder category used?" (people.categories.usage)."""

from __future__ import annotations

from flask_babel import ngettext

from eventapp.people.categories import register_category_use
from eventapp.registration.models import CategoryQuota, Registration


def register_category_uses() -> None:
    """Registrations and quotas that hold a category keep it from being deleted."""
    register_category_use(
        "registrations",
        lambda n: ngettext("%(num)d registration", "%(num)d registrations", n),
        Registration.category_id)
    register_category_use(
        "quotas", lambda n: ngettext("%(num)d quota", "%(num)d quotas", n),
        CategoryQuota.category_id)
