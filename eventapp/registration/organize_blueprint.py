"""The organizer blueprint of registration, below the modules that add pages to it.

`organize_views` (the list, accreditation, import, settings, merge) and
`organize_organizations` both route on this one blueprint, so every endpoint keeps its
`registration_organize.` name while neither module needs the other's.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("registration_organize", __name__, url_prefix="/organize")
