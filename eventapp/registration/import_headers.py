"""The participants file's header row: near misses of a known column and unknown cells."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from eventapp.import_headers import near_miss_message, resembled_column
from eventapp.registration.csv_export import EXPORT_COLUMNS, IMPORT_COLUMNS

# What organizers head these columns with, in English, French and Spanish; compared without
# case, accents or separators.
ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("mail", "email address", "e-mail address", "courriel", "adresse e-mail",
              "adresse électronique", "adresse mail", "correo", "correo electrónico",
              "dirección de correo"),
    "honorific": ("title", "salutation", "prefix", "civilité", "tratamiento"),
    "first_name": ("first", "given name", "forename", "prénom", "nombre", "nombres",
                   "nombre de pila"),
    "last_name": ("surname", "family name", "last", "nom", "nom de famille", "apellido",
                  "apellidos"),
    "job_title": ("position", "function", "job", "poste", "fonction", "cargo", "puesto"),
    "organization": ("organisation", "org", "institution", "organisme", "organización",
                     "institución", "entidad"),
    "category": ("stakeholder category", "stakeholder", "catégorie", "categoría"),
    "country": ("pays", "país", "nation", "country code", "code pays", "código de país"),
    "governance_level": ("level", "governance", "niveau", "niveau de gouvernance", "nivel",
                         "nivel de gobernanza"),
    "delegation_role": ("role", "delegation", "rôle", "rôle dans la délégation", "rol",
                        "función en la delegación", "delegación", "délégation"),
    "status": ("registration status", "statut", "état", "estado", "estatus"),
}


def header_check(
    header: Sequence[str], columns: Sequence[str]
) -> tuple[dict[str, str], list[str]]:
    """(errors by the column they resemble, warnings) for cells that are not import columns.

    The export's extra columns (a file exported and imported back) are ignored silently.
    """
    errors: dict[str, str] = {}
    warnings: list[str] = []
    for cell, name in zip(header, columns, strict=False):
        if not name or name in IMPORT_COLUMNS or name in EXPORT_COLUMNS:
            continue
        resembled = resembled_column(cell, IMPORT_COLUMNS, ALIASES)
        if resembled is not None and resembled not in columns:
            errors.setdefault(resembled, near_miss_message(cell, resembled))
        else:
            warnings.append(_("Column “%(name)s” is not used and was ignored.",
                              name=cell.strip()))
    return errors, warnings
