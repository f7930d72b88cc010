"""The accreditation decisions' messages: queued in the decision's own transaction.

Nobody is told about a change that was rolled back, and no committed change goes untold.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.mail import Attachment
from eventapp.people.models import Person
from eventapp.registration import notifications
from eventapp.registration.models import Registration
from eventapp.registration.quotas import WaitReason


def notify(kind: str, registration_ids: list[int],
           attachments: tuple[Attachment, ...] | None = None,
           reasons: dict[int, WaitReason] | None = None) -> None:
    """Queue the messages inside the locked transaction: they commit with the change.

    ``kind`` is "confirmation" (a fresh registration) or "status" (a change);
    ``reasons`` names what is full for those put on the waiting list.
    """
    reasons = reasons or {}
    if kind == "confirmation":
        for registration in load_for_mail(registration_ids):
            notifications.queue_confirmation(registration, attachments=attachments,
                                             reason=reasons.get(registration.id))
    else:
        notifications.queue_status_changes_of(registration_ids, reasons)


def load_for_mail(ids: list[int]) -> list[Registration]:
    """Registrations with everything a message or a page needs, in one round trip."""
    if not ids:
        return []
    found = db.session.scalars(
        select(Registration)
        .where(Registration.id.in_(ids))
        .options(
            selectinload(Registration.event),
            selectinload(Registration.person).selectinload(Person.user),
            selectinload(Registration.category),
            selectinload(Registration.organization),
        )
    ).all()
    by_id = {r.id: r for r in found}
    return [by_id[i] for i in ids if i in by_id]
