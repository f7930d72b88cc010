"""The programme file's header row: known columns, near misses (errors) and unknown ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from flask_babel import gettext as _

from eventapp.import_headers import near_miss_message, resembled_column

# What organizers head these columns with, in English, French and Spanish; compared without
# case, accents or separators.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("day", "session date", "jour", "date de la session", "fecha", "día", "dia"),
    "start": ("start time", "starts", "begin", "begins", "from", "début", "heure de début",
              "heure début", "inicio", "hora de inicio", "comienzo", "desde"),
    "end": ("end time", "ends", "until", "to", "fin", "heure de fin", "hora de fin",
            "término", "hasta"),
    "session": ("title", "session title", "session name", "titre", "titre de la session",
                "séance", "sesión", "título", "título de la sesión"),
    "kind": ("type", "session type", "format", "type de session", "tipo",
             "tipo de sesión", "formato"),
    "room": ("salle", "sala", "location", "venue", "lieu", "lugar"),
    "role": ("speaker role", "rôle", "rôle de l'intervenant", "rol", "función", "funcion"),
    "name": ("speaker", "speaker name", "speakers", "full name", "speaker full name",
             "participant", "nom", "nom complet", "intervenant", "intervenante", "orateur",
             "nom de l'intervenant", "nombre", "nombre completo", "orador", "ponente",
             "nombre del orador"),
    "honorific": ("salutation", "prefix", "civilité", "civilite", "tratamiento"),
    "job_title": ("position", "function", "job", "poste", "fonction", "titre du poste",
                  "cargo", "puesto"),
    "organization": ("organisation", "org", "institution", "organisme", "organización",
                     "institución", "entidad"),
    "category": ("stakeholder category", "stakeholder", "catégorie", "categoría"),
    "country": ("pays", "país", "nation", "country code", "code pays", "código de país"),
    "governance_level": ("level", "governance", "niveau", "niveau de gouvernance", "nivel",
                         "nivel de gobernanza"),
    "gender": ("sex", "genre", "sexe", "género", "sexo"),
    "planned_minutes": ("minutes", "planned time", "speaking time", "duration",
                        "minutes prévues", "temps de parole", "durée", "minutos",
                        "minutos previstos", "tiempo de palabra", "duración"),
    "actual_minutes": ("actual time", "time spoken", "minutes réelles", "temps réel",
                       "minutos reales", "tiempo real"),
    "session_fr": ("title_fr", "french title", "titre français", "titre en français",
                   "título en francés"),
    "session_es": ("title_es", "spanish title", "titre espagnol", "titre en espagnol",
                   "título en español"),
}
# The columns that describe a speaker: with values in them, a file needs its name column.
SPEAKER_COLUMNS: tuple[str, ...] = (
    "role", "honorific", "job_title", "organization", "category", "country",
    "governance_level", "gender", "planned_minutes", "actual_minutes",
)


def header_problems(
    header: Sequence[str], columns: Sequence[str], known: Sequence[str]
) -> tuple[dict[str, str], list[str]]:
    """(errors by the column they resemble, warnings) for the cells that are not known columns.

    `columns` are the header cells as column names; a cell close to a known column the
    header does not already name is an error, any other unknown cell a warning.
    """
    errors: dict[str, str] = {}
    warnings: list[str] = []
    for cell, name in zip(header, columns, strict=False):
        if not name or name in known:
            continue
        resembled = resembled_column(cell, known, ALIASES)
        if resembled is not None and resembled not in columns:
            errors.setdefault(resembled, near_miss_message(cell, resembled))
        else:
            warnings.append(_("Column “%(name)s” is not used and was ignored.", name=name))
    return errors, warnings


def speaker_data_without_name(
    columns: Sequence[str], rows: Iterable[Mapping[str, str]]
) -> str | None:
    """An error when rows fill speaker columns while the header has no name column at all."""
    if "name" in columns:
        return None
    present = [c for c in SPEAKER_COLUMNS if c in columns]
    filled = {c for cells in rows for c in present if cells.get(c, "").strip()}
    if not filled:
        return None
    return _("The file has speaker details (%(columns)s) but no “name” column: every speaker "
             "would be lost. Add a column headed “name” with each speaker's full name.",
             columns=", ".join(c for c in present if c in filled))
