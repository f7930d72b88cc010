"""Parts that packages above registration add to the mail telling a participant they are in.

The approval mail (and the "registration received" mail of an event that approves at once)
asks every registered part for a paragraph and attachments, in the recipient's language:
the badges package adds the badge's QR code and the link to the badge page. Registration
knows nothing of badges; `composition.register_all` fills this registry at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from eventapp.mail import Attachment


class ApprovedRegistration(Protocol):
    """What a part reads of the registration: a model row or the bulk mails' plain view."""

    id: int
    event_id: int
    status: str
    badge_serial: int
    badge_revoked_at: object


ApprovalPart = Callable[[ApprovedRegistration, str], tuple[str, tuple[Attachment, ...]]]
_PARTS: dict[str, ApprovalPart] = {}


def add_approval_mail_part(name: str, part: ApprovalPart) -> None:
    """`part(registration, language)` returns a paragraph and attachments; registering a
    name again replaces it (each app's start-up does)."""
    _PARTS[name] = part


def approval_mail_parts(registration: ApprovedRegistration,
                        language: str) -> tuple[str, tuple[Attachment, ...]]:
    """The paragraphs (blank-line separated) and attachments of every registered part."""
    if registration.status != "approved" or registration.id is None:
        return "", ()
    paragraphs: list[str] = []
    attachments: list[Attachment] = []
    for part in _PARTS.values():
        text, files = part(registration, language)
        if text:
            paragraphs.append(text)
        attachments.extend(files)
    return "\n\n".join(paragraphs), tuple(attachments)
