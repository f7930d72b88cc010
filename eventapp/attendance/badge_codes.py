"""Badge codes: a signed, unguessable code per approved registration, for its QR code.

A code reads ``<event id>-<registration id>-<serial>-<signature>``: the signature is an HMAC
of the first three parts under a key derived from the app's secret, 120 bits in base 32, so
the code only uses characters a QR code stores compactly (digits, capitals and ``-``) and a
USB scanner types the same on every keyboard layout. The serial lives on the registration:
re-issuing a lost badge counts it up, so every earlier code is refused as revoked, and
revoking sets ``badge_revoked_at`` until the next re-issue. Changing the app's secret
invalidates every printed badge.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import cache

from flask import current_app
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.programme.models import Event
from eventapp.registration.models import Registration

# Why a code is refused at the desk. Statuses other than "approved" are refused under their
# own name ("pending", "declined", "waitlisted", "cancelled", "unverified").
FORGED = "forged"
REVOKED = "revoked"
OTHER_EVENT = "other_event"

_SIGNATURE_BYTES = 15
_CODE = re.compile(r"^(\d{1,12})-(\d{1,12})-(\d{1,9})-([A-Z2-7]{24})$")
_KEY_PURPOSE = b"eventapp badge codes v1"


@dataclass(frozen=True)
class BadgeLookup:
    """What a scanned code names: the registration, or why it is refused (and whose it is,
    when the code is genuine but may not enter)."""

    registration: Registration | None
    refusal: str | None = None

    @property
    def accepted(self) -> bool:
        return self.refusal is None


def _key() -> bytes:
    secret = current_app.config["SECRET_KEY"]
    secret_bytes = secret.encode() if isinstance(secret, str) else bytes(secret)
    return hmac.new(secret_bytes, _KEY_PURPOSE, hashlib.sha256).digest()


def _signature(event_id: int, registration_id: int, serial: int) -> str:
    message = f"{event_id}-{registration_id}-{serial}".encode()
    digest = hmac.new(_key(), message, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return base64.b32encode(digest).decode()


def _code(event_id: int, registration_id: int, serial: int) -> str:
    return (f"{event_id}-{registration_id}-{serial}-"
            f"{_signature(event_id, registration_id, serial)}")


def badge_code_for(registration: Registration) -> str | None:
    """The code of the registration's current badge; None unless it is approved and its badge
    is not revoked."""
    if registration.status != "approved" or registration.badge_revoked_at is not None:
        return None
    return _code(registration.event_id, registration.id, registration.badge_serial)


def reissue_badge(registration: Registration) -> str:
    """A new code for a lost or revoked badge; every earlier code stops working. Flushes."""
    registration.badge_serial = (registration.badge_serial or 1) + 1
    registration.badge_revoked_at = None
    db.session.flush()
    return _code(registration.event_id, registration.id, registration.badge_serial)


def revoke_badge(registration: Registration) -> None:
    """Refuse the registration's badge from now on, until one is re-issued. Flushes."""
    if registration.badge_revoked_at is None:
        registration.badge_revoked_at = utcnow()
    db.session.flush()


def parse_badge_code(code: str) -> tuple[int, int, int, str] | None:
    """The parts of a well-formed code (event, registration, serial, signature), or None."""
    match = _CODE.match(code.strip().upper())
    if match is None:
        return None
    event_id, registration_id, serial, signature = match.groups()
    return int(event_id), int(registration_id), int(serial), signature


def resolve_badge_code(event: Event, code: str) -> BadgeLookup:
    """Who the code names at this event's desk, or why it is refused; one query."""
    parts = parse_badge_code(code)
    if parts is None:
        return BadgeLookup(None, FORGED)
    event_id, registration_id, serial, signature = parts
    if not hmac.compare_digest(signature, _signature(event_id, registration_id, serial)):
        return BadgeLookup(None, FORGED)
    registration = db.session.scalar(_registration_with_people(),
                                     {"registration_id": registration_id})
    # Signed by us but naming a registration that is gone or moved: not a badge of ours.
    if registration is None or registration.event_id != event_id:
        return BadgeLookup(None, FORGED)
    if registration.event_id != event.id:
        return BadgeLookup(registration, OTHER_EVENT)
    if serial != registration.badge_serial or registration.badge_revoked_at is not None:
        return BadgeLookup(registration, REVOKED)
    return registration_lookup(registration)


@cache
def _registration_with_people() -> Select:
    # Built once (on first use, when the mappers are configured): building this statement
    # with its three joined loads cost a tenth of a millisecond, each scan at the desk.
    return (select(Registration).where(Registration.id == bindparam("registration_id"))
            .options(joinedload(Registration.person), joinedload(Registration.organization),
                     joinedload(Registration.category)))


def registration_lookup(registration: Registration) -> BadgeLookup:
    """The desk's answer for a registration of its event found without a code (by name or
    id): accepted when approved, refused under its status otherwise."""
    if registration.status != "approved":
        return BadgeLookup(registration, registration.status)
    return BadgeLookup(registration)
