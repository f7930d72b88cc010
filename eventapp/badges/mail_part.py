"""The badge in the approval mail: its QR code as a PNG, and the link to the badge page."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _

from eventapp.attendance.badge_codes import badge_code_for
from eventapp.badges.qr import qr_png
from eventapp.i18n.recipient import in_language
from eventapp.links import public_url
from eventapp.mail import Attachment
from eventapp.registration.mail_parts import ApprovedRegistration

QR_FILE_NAME = "badge-qr-code.png"


@lru_cache(maxsize=8)
def _paragraph(language: str) -> str:
    # Translated once per language: a bulk approval writes thousands of messages.
    with in_language(language):
        return _("Your badge: show the attached QR code at the entrance, printed or on your "
                 "phone. Your badge page shows it too, and still does without a connection "
                 "once open: %(link)s", link="%(link)s")


def badge_mail_part(registration: ApprovedRegistration,
                    language: str) -> tuple[str, tuple[Attachment, ...]]:
    code = badge_code_for(registration)  # type: ignore[arg-type]
    if code is None:
        return "", ()
    link = public_url("badges.participant_badge", registration_id=registration.id)
    return (_paragraph(language) % {"link": link},
            ((QR_FILE_NAME, "image/png", qr_png(code)),))
