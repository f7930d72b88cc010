"""Messages to participants about their registration: one builder per message, then queue.

Queued messages are rows of the outbox written in the caller's transaction (see
eventapp.outbox); the mail worker delivers them after the change commits. Each message is
written in its recipient's language (their account's, else the current request's), whoever
caused it: an organizer working in English still approves a French participant in French.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from flask import has_app_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.i18n.formatting import short_date
from eventapp.i18n.recipient import in_language, language_of
from eventapp.links import public_url
from eventapp.mail import Attachment
from eventapp.outbox.queue import QueuedMail, queue_mails
from eventapp.people.models import Organization, Person, StakeholderCategory
from eventapp.programme.models import Event
from eventapp.registration.mail_parts import approval_mail_parts
from eventapp.registration.models import Registration
from eventapp.registration.quotas import WaitReason
from eventapp.sql_sets import in_set

STATUS_SENTENCES = {
    "pending": _l("Your registration has been received and is waiting for the organizers' "
                  "review."),
    "approved": _l("Your registration is approved: you have a place at the event."),
    "waitlisted": _l("The event is full for now, so you are on the waiting list. If a place "
                     "frees, it is given automatically in order of arrival and we will write "
                     "to you."),
    "declined": _l("The organizers could not accept your registration."),
    "cancelled": _l("Your registration is cancelled."),
    "unverified": _l("Confirm your e-mail address to complete your registration: open the link "
                     "in the message we sent you. Until then your registration takes no place."),
}

# One whole subject per status: the status word is not glued into a sentence, whose word
# order and agreement differ between languages.
STATUS_SUBJECTS = {
    "pending": _l("%(title)s: registration pending"),
    "approved": _l("%(title)s: registration approved"),
    "waitlisted": _l("%(title)s: registration waitlisted"),
    "declined": _l("%(title)s: registration declined"),
    "cancelled": _l("%(title)s: registration cancelled"),
    "unverified": _l("%(title)s: confirm your e-mail address"),
}


def status_sentence(status: str, reason: WaitReason | None = None) -> str:
    """The sentence about a status; a waiting list names what is full when that is known."""
    if status == "waitlisted" and reason is not None:
        what = reason.what_is_full
        what = what[0].upper() + what[1:]
        return _("%(what_is_full)s, so you are on the waiting list. If a place frees, it is "
                 "given automatically in order of arrival and we will write to you.",
                 what_is_full=what)
    return str(STATUS_SENTENCES[status])


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


def _my_registrations_link(link: str | None = None) -> str:
    # Never from the request's Host: see eventapp/links.py.
    return link if link is not None else public_url("registration.my_registrations")


def _language(registration: Registration) -> str:
    return language_of(registration.person.user)


@dataclass(frozen=True)
class _Texts:
    """The sentences of the mails in one language, with their %(name)s holes still open."""

    dear: str
    thanks: str
    manage: str
    programme: str
    received: str
    organizers_say: str
    registrations: str
    agenda: str
    event: str
    dates: str
    participant: str
    taking_part: str
    organization: str
    sentences: dict[str, str]
    subjects: dict[str, str]


def _translate_texts(language: str) -> _Texts:
    with in_language(language):
        return _Texts(
            dear=_("Dear %(name)s,"),
            thanks=_("Thank you for registering for %(title)s."),
            manage=_("You can see, change or cancel your registration at %(link)s"),
            programme=_("The full programme, as a calendar you can subscribe to: %(link)s"),
            received=_("Registration received: %(title)s"),
            organizers_say=_("Message from the organizers:"),
            registrations=_("Your registrations: %(link)s"),
            agenda=_("Your agenda (star the sessions you will attend; it is also a calendar "
                     "you can subscribe to): %(link)s"),
            event=_("Event: %(title)s"),
            dates=_("Dates: %(start)s to %(end)s"),
            participant=_("Participant: %(name)s"),
            taking_part=_("Taking part as: %(category)s"),
            organization=_("Organization: %(name)s"),
            sentences={status: str(text) for status, text in STATUS_SENTENCES.items()},
            subjects={status: str(text) for status, text in STATUS_SUBJECTS.items()},
        )


_translated_texts = lru_cache(maxsize=8)(_translate_texts)


def _texts(language: str) -> _Texts:
    # Translated once per language: a bulk approval writes thousands of messages, and each
    # lookup through the request's locale costs more than building the message itself.
    if not has_app_context():
        return _translate_texts(language)  # no catalogs to read: nothing worth keeping
    return _translated_texts(language)


@lru_cache(maxsize=256)
def _dates(start: date, end: date, language: str) -> dict[str, str]:
    return {"start": short_date(start, language), "end": short_date(end, language)}


def _details(registration: Registration, language: str) -> str:
    texts = _texts(language)
    event = registration.event
    lines = [
        texts.event % {"title": localized(event, "title", language)},
        texts.dates % _dates(event.start_date, event.end_date, language),
        texts.participant % {"name": registration.person.display_name},
        texts.taking_part % {"category": localized(registration.category, "name", language)},
    ]
    if registration.organization is not None:
        lines.append(texts.organization % {"name": registration.organization.name})
    return "\n".join(lines)


def _status_text(status: str, reason: WaitReason | None, language: str) -> str:
    if status == "waitlisted" and reason is not None:
        with in_language(language):
            return status_sentence(status, reason)
    return _texts(language).sentences[status]


def confirmation_attachments(event: Event) -> tuple[Attachment, ...]:
    """The event's .ics for the confirmation; independent of the registration, so callers
    holding a lock can build it before taking the lock."""
    from eventapp.calendars.attachments import event_calendar_attachments

    return event_calendar_attachments(event)


@dataclass(frozen=True)
class ConfirmationDraft:
    """A confirmation message with everything read and written but its status sentence.

    Built before the event's accreditation lock is taken (nothing in it depends on the
    decision), finished inside it with the status decided: the lock then holds only the
    decision and the rows it writes.
    """

    to: str
    subject: str
    head: str
    tail: str
    language: str
    attachments: tuple[Attachment, ...]

    def finish(self, status: str, reason: WaitReason | None = None,
               registration: Registration | None = None) -> Mail:
        """The message with its status; an event that approves at once adds the badge's
        parts (mail_parts), which need the registration's row."""
        body = self.head + _status_text(status, reason, self.language) + self.tail
        attachments = self.attachments
        if registration is not None and status == "approved":
            extra, extra_files = approval_mail_parts(registration, self.language)
            if extra:
                body += "\n" + extra + "\n"
            attachments = (*attachments, *extra_files)
        return Mail(to=self.to, subject=self.subject, body=body, attachments=attachments)


def confirmation_draft(registration: Registration, *,
                       attachments: tuple[Attachment, ...] | None = None,
                       ) -> ConfirmationDraft | None:
    """The confirmation of this registration, its status left open (see ConfirmationDraft).

    ``registration`` may be any object with a registration's event, person (with its user),
    category and organization: the participant's own registration builds it from the rows the
    request already holds, so writing the message reads nothing more.
    """
    to = recipient(registration)
    if to is None:
        return None
    event = registration.event
    if attachments is None:
        attachments = confirmation_attachments(event)
    language = _language(registration)
    texts = _texts(language)
    title = localized(event, "title", language)
    head = (texts.dear % {"name": registration.person.display_name} + "\n\n"
            + texts.thanks % {"title": title} + "\n\n")
    tail = ("\n\n" + _details(registration, language) + "\n\n"
            + texts.manage % {"link": _my_registrations_link()} + "\n")
    if event.is_published:
        from eventapp.calendars.attachments import programme_feed_url
        from eventapp.calendars.links import webcal_url

        # The attachment holds only the event's dates; the programme is a subscription,
        # in the recipient's language (English, the default, keeps the plain address).
        with in_language(language):
            feed = programme_feed_url(event)
        tail += "\n" + texts.programme % {"link": webcal_url(feed)} + "\n"
    return ConfirmationDraft(to=to, subject=texts.received % {"title": title}, head=head,
                             tail=tail, language=language, attachments=attachments)


def confirmation_message(
    registration: Registration, *, attachments: tuple[Attachment, ...] | None = None,
    reason: WaitReason | None = None,
) -> Mail | None:
    """The message sent on registering; the one place to add attachments (the event's .ics)."""
    draft = confirmation_draft(registration, attachments=attachments)
    return None if draft is None else draft.finish(registration.status, reason, registration)


def approval_attachments(event: Event, language: str) -> tuple[Attachment, ...]:
    """The event's .ics for an approval, in the recipient's language (none for a draft)."""
    with in_language(language):
        return confirmation_attachments(event)


def status_change_message(registration: Registration, *, link: str | None = None,
                          reason: WaitReason | None = None,
                          attachments: tuple[Attachment, ...] | None = None) -> Mail | None:
    """The message sent when the accreditation status changes.

    An approval carries the event's .ics and a link to the personal agenda: the place is
    certain now, so the dates belong in the person's calendar.
    """
    to = recipient(registration)
    if to is None:
        return None
    language = _language(registration)
    texts = _texts(language)
    body = (texts.dear % {"name": registration.person.display_name} + "\n\n"
            + _status_text(registration.status, reason, language) + "\n")
    if registration.organizer_message:
        body += "\n" + texts.organizers_say + "\n" + registration.organizer_message + "\n"
    body += ("\n" + _details(registration, language) + "\n\n"
             + texts.registrations % {"link": _my_registrations_link(link)} + "\n")
    # The badge's QR code and link, when the registration is approved (badges/).
    extra, badge_files = approval_mail_parts(registration, language)
    if extra:
        body += "\n" + extra + "\n"
    subject = texts.subjects[registration.status] % {
        "title": localized(registration.event, "title", language)}
    if registration.status != "approved":
        return Mail(to=to, subject=subject, body=body, attachments=badge_files)
    body += texts.agenda % {"link": public_url("calendars.my_agenda")} + "\n"
    if attachments is None:
        attachments = approval_attachments(registration.event, language)
    attachments = (*attachments, *badge_files)
    return Mail(to=to, subject=subject, body=body, attachments=attachments)


def _queued(kind: str, registration: Registration, mail: Mail) -> QueuedMail:
    return QueuedMail(kind=kind, to=mail.to, subject=mail.subject, body=mail.body,
                      attachments=mail.attachments, event_id=registration.event_id)


def queue_confirmation(
    registration: Registration, *, attachments: tuple[Attachment, ...] | None = None,
    reason: WaitReason | None = None,
) -> int:
    """Queue the "registration received" message in the current transaction."""
    mail = confirmation_message(registration, attachments=attachments, reason=reason)
    return queue_mails([_queued("registration-received", registration, mail)] if mail else [])


def queue_drafted_confirmation(draft: ConfirmationDraft | None, event_id: int, status: str,
                               reason: WaitReason | None = None,
                               registration: Registration | None = None) -> int:
    """Queue a confirmation drafted before the decision, finished with its status."""
    if draft is None:
        return 0
    mail = draft.finish(status, reason, registration)
    return queue_mails([QueuedMail(kind="registration-received", to=mail.to,
                                   subject=mail.subject, body=mail.body,
                                   attachments=mail.attachments, event_id=event_id)])


def queue_status_changes(registrations: list[Registration],
                         reasons: dict[int, WaitReason] | None = None) -> int:
    """Queue one status message per registration, with one statement for all of them."""
    link = _my_registrations_link() if registrations else None
    reasons = reasons or {}
    # One .ics per event and language, however many approvals share it.
    calendars: dict[tuple[int, str], tuple[Attachment, ...]] = {}
    queued = []
    for registration in registrations:
        attachments = None
        if registration.status == "approved":
            key = (registration.event_id, _language(registration))
            if key not in calendars:
                calendars[key] = approval_attachments(registration.event, key[1])
            attachments = calendars[key]
        mail = status_change_message(registration, link=link,
                                     reason=reasons.get(registration.id),
                                     attachments=attachments)
        if mail is not None:
            queued.append(_queued(f"registration-{registration.status}", registration, mail))
    return queue_mails(queued)


# --- many messages at once ------------------------------------------------------------


@dataclass(frozen=True)
class _Named:
    name: str
    name_fr: str = ""
    name_es: str = ""


@dataclass(frozen=True)
class _Account:
    email: str
    language: str | None = None


@dataclass(frozen=True)
class _PersonView:
    honorific: str
    first_name: str
    last_name: str
    email: str | None
    user: _Account | None

    # The same naming rules as the model, not a copy of them.
    full_name = property(Person.full_name.fget)
    display_name = property(Person.display_name.fget)


@dataclass(frozen=True)
class _RegistrationView:
    """What the message builders read of a registration, from one row of a joined query."""

    id: int
    event_id: int
    status: str
    organizer_message: str
    badge_serial: int
    badge_revoked_at: datetime | None
    event: Event
    person: _PersonView
    category: _Named
    organization: _Named | None


def own_registration_view(event: Event, person: Person, category: StakeholderCategory,
                          organization: Organization | None) -> _RegistrationView:
    """What the messages read of a registration about to be made, from rows already loaded."""
    user = person.user
    return _RegistrationView(
        id=0, event_id=event.id, status="", organizer_message="", badge_serial=0,
        badge_revoked_at=None, event=event,
        person=_PersonView(person.honorific, person.first_name, person.last_name, person.email,
                           _Account(user.email, user.language) if user is not None else None),
        category=_Named(category.name, category.name_fr or "", category.name_es or ""),
        organization=_Named(organization.name) if organization is not None else None,
    )


def _views(ids: list[int]) -> list[_RegistrationView]:
    """Plain rows instead of ORM objects: thousands of messages cost one query per 5,000."""
    events: dict[int, Event] = {}
    views: dict[int, _RegistrationView] = {}
    for start in range(0, len(ids), 5000):
        rows = db.session.execute(
            select(Registration.id, Registration.event_id, Registration.status,
                   Registration.organizer_message, Registration.badge_serial,
                   Registration.badge_revoked_at, Person.honorific, Person.first_name,
                   Person.last_name, Person.email, User.email.label("user_email"),
                   User.language.label("user_language"),
                   StakeholderCategory.name.label("category_name"),
                   StakeholderCategory.name_fr.label("category_name_fr"),
                   StakeholderCategory.name_es.label("category_name_es"),
                   Organization.name.label("organization_name"))
            .join(Person, Person.id == Registration.person_id)
            .outerjoin(User, User.id == Person.user_id)
            .join(StakeholderCategory, StakeholderCategory.id == Registration.category_id)
            .outerjoin(Organization, Organization.id == Registration.organization_id)
            .where(in_set(Registration.id, ids[start:start + 5000]))
        ).all()
        for row in rows:
            if row.event_id not in events:
                events[row.event_id] = db.session.get(Event, row.event_id)
            views[row.id] = _RegistrationView(
                id=row.id, event_id=row.event_id, status=row.status,
                organizer_message=row.organizer_message, badge_serial=row.badge_serial,
                badge_revoked_at=row.badge_revoked_at, event=events[row.event_id],
                person=_PersonView(row.honorific, row.first_name, row.last_name, row.email,
                                   _Account(row.user_email, row.user_language)
                                   if row.user_email else None),
                category=_Named(row.category_name, row.category_name_fr or "",
                                row.category_name_es or ""),
                organization=(_Named(row.organization_name)
                              if row.organization_name is not None else None),
            )
    return [views[i] for i in ids if i in views]


def queue_status_changes_of(registration_ids: list[int],
                            reasons: dict[int, WaitReason] | None = None) -> int:
    """Queue one status message per registration id (in the given order), set-based."""
    return queue_status_changes(_views(registration_ids), reasons)  # type: ignore[arg-type]
