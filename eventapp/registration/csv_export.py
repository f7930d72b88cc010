"""CSV export of registrations: pure builders, safe to open in a spreadsheet.

The first eleven columns are exactly the import columns, so an exported file can be edited
and imported again. Gender and migrant self-identification are never exported: they are
shown per person only on the organizer's registration detail page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from eventapp.registration.models import Registration
from eventapp.spreadsheets import safe_cell

IMPORT_COLUMNS = (
    "email",
    "honorific",
    "first_name",
    "last_name",
    "job_title",
    "organization",
    "category",
    "country",
    "governance_level",
    "delegation_role",
    "status",
)
EXPORT_COLUMNS = (
    "registration_id",
    *IMPORT_COLUMNS,
    "wishes_to_speak",
    "speaking_topic",
    "accessibility_needs",
    "consent_public_list",
    "invited_speaker",
    "registered_at",
)

def registration_row(registration: Registration, zone: ZoneInfo) -> list[str]:
    """One registration as raw export cells; needs person, organization and category loaded."""
    person = registration.person
    organization = registration.organization
    email = person.email or (person.user.email if person.user_id and person.user else "")
    return [
        str(registration.id),
        email or "",
        person.honorific,
        person.first_name,
        person.last_name,
        person.job_title,
        organization.name if organization else "",
        registration.category.key,
        organization.country if organization else "",
        organization.governance_level if organization else "",
        registration.delegation_role,
        registration.status,
        "yes" if registration.wishes_to_speak else "no",
        registration.speaking_topic,
        registration.accessibility_needs,
        "yes" if registration.consent_public_list else "no",
        "yes" if registration.is_invited_speaker else "no",
        registration.created_at.astimezone(zone).isoformat(timespec="minutes"),
    ]


def build_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads accents right), every cell neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def registrations_csv(registrations: Iterable[Registration], zone: ZoneInfo) -> bytes:
    return build_csv(EXPORT_COLUMNS, (registration_row(r, zone) for r in registrations))
