"""What registration tells the packages below it at start-up (docs/LAYERS.md)."""

from __future__ import annotations

from flask_babel import ngettext

from eventapp.accounts.login_sessions import add_login_fact
from eventapp.people.categories import register_category_use
from eventapp.programme.speaker_hooks import on_speakers_added
from eventapp.registration.invited import ensure_invited_registrations
from eventapp.registration.models import CategoryQuota, Registration
from eventapp.registration.participants import PERSON_ID, person_id_column


def register() -> None:
    # Registrations and quotas that hold a category keep it from being deleted.
    register_category_use(
        "registrations",
        lambda n: ngettext("%(num)d registration", "%(num)d registrations", n),
        Registration.category_id)
    register_category_use(
        "quotas", lambda n: ngettext("%(num)d quota", "%(num)d quotas", n),
        CategoryQuota.category_id)
    # Programme speakers are approved, invited registrations of their event.
    on_speakers_added("invited registrations", ensure_invited_registrations)
    # The registration form asks whether the account has a person yet: read with the login,
    # so a first registration's form does not look for one.
    add_login_fact(PERSON_ID, person_id_column)
