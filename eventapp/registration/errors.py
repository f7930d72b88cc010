"""What a registration request that cannot be carried out raises; messages are for the user."""

from __future__ import annotations

from flask_babel import gettext as _

from eventapp.registration.models import Registration


class RegistrationError(ValueError):
    """A registration request that cannot be carried out; the message is for the user."""


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration: Registration) -> None:
        super().__init__(_("You are already registered for this event."))
        self.registration = registration
