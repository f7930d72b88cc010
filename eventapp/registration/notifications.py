"""Messages to participants about their registration: one builder per message, then send."""

from __future__ import annotations

from dataclasses import dataclass

from eventapp.links import public_url
from eventapp.mail import Attachment, send_mail
from eventapp.registration.models import Registration
from eventapp.registration.quotas import WaitReason

STATUS_SENTENCES = {
    "pending": "Your registration has been received and is waiting for the organizers' review.",
    "approved": "Your registration is approved: you have a place at the event.",
    "waitlisted": "The event is full for now, so you are on the waiting list. If a place "
    "frees, it is given automatically in order of arrival and we will write to you.",
    "declined": "The organizers could not accept your registration.",
    "cancelled": "Your registration is cancelled.",
}


def status_sentence(status: str, reason: WaitReason | None = None) -> str:
    """The sentence about a status; a waiting list names what is full when that is known."""
    if status == "waitlisted" and reason is not None:
        what = reason.what_is_full
        return (f"{what[0].upper()}{what[1:]}, so you are on the waiting list. If a place "
                "frees, it is given automatically in order of arrival and we will write to you.")
    return STATUS_SENTENCES[status]


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def recipient(registration: Registration) -> str | None:
    person = registration.person
    if person.email:
        return person.email
    return person.user.email if person.user is not None else None


def _my_registrations_link() -> str:
    # Never from the request's Host: see eventapp/links.py.
    return public_url("registration.my_registrations")


def _details(registration: Registration) -> str:
    event = registration.event
    lines = [
        f"Event: {event.title}",
        f"Dates: {event.start_date:%d %B %Y} to {event.end_date:%d %B %Y}",
        f"Participant: {registration.person.display_name}",
        f"Taking part as: {registration.category.name}",
    ]
    if registration.organization is not None:
        lines.append(f"Organization: {registration.organization.name}")
    return "\n".join(lines)


def confirmation_message(registration: Registration,
                         reason: WaitReason | None = None) -> Mail | None:
    """The message sent on registering; the one place to add attachments (the event's .ics)."""
    to = recipient(registration)
    if to is None:
        return None
    event = registration.event
    body = (
        f"Dear {registration.person.display_name},\n\n"
        f"Thank you for registering for {event.title}.\n\n"
        f"{status_sentence(registration.status, reason)}\n\n"
        f"{_details(registration)}\n\n"
        f"You can see, change or cancel your registration at {_my_registrations_link()}\n"
    )
    from eventapp.calendars.attachments import event_calendar_attachments

    return Mail(to=to, subject=f"Registration received: {event.title}", body=body,
                attachments=event_calendar_attachments(event))


def status_change_message(registration: Registration,
                          reason: WaitReason | None = None) -> Mail | None:
    """The message sent when the accreditation status changes."""
    to = recipient(registration)
    if to is None:
        return None
    event = registration.event
    body = (f"Dear {registration.person.display_name},\n\n"
            f"{status_sentence(registration.status, reason)}\n")
    if registration.organizer_message:
        body += f"\nMessage from the organizers:\n{registration.organizer_message}\n"
    body += f"\n{_details(registration)}\n\nYour registrations: {_my_registrations_link()}\n"
    return Mail(to=to, subject=f"{event.title}: registration {registration.status}", body=body)


def _send(mail: Mail | None) -> None:
    if mail is not None:
        send_mail(mail.to, mail.subject, mail.body, mail.attachments)


def send_confirmation(registration: Registration, *, reason: WaitReason | None = None) -> None:
    _send(confirmation_message(registration, reason))


def send_status_change(registration: Registration, *, reason: WaitReason | None = None) -> None:
    _send(status_change_message(registration, reason))
