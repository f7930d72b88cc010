"""Importing a programme from a spreadsheet: a CSV file, or an .xlsx workbook read into the
same CSV text (eventapp.xlsx).

Three steps, each usable on its own:

- ``parse_programme(text)`` reads the CSV into rows with their line numbers (pure);
- ``validate(event, parsed)`` loads what the file refers to in a fixed number of queries and
  checks every row against the rules in ``rules.py``, returning an ``ImportPlan``;
- ``apply(event, plan)`` writes a valid plan in one flush and returns what it did.

Nothing is written unless the whole file is valid, and importing the same file twice
changes nothing: a session is known by its local date, start time and title; a speaking
slot by its session, person and role.

The stages live in their own modules (reading, context, plan, checker with cross_checks,
writer); this package re-exports their public names.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventapp.programme.csv_import.checker import (
    DEFAULT_GOVERNANCE_LEVEL,
    DEFAULT_KIND,
    DEFAULT_ROLE,
    MAX_PLANNED_MINUTES,
    check,
    validate,
)
from eventapp.programme.csv_import.context import ImportContext, load_context
from eventapp.programme.csv_import.plan import (
    ImportPlan,
    ImportSummary,
    PlannedOrganization,
    PlannedPerson,
    PlannedSession,
    PlannedSlot,
)
from eventapp.programme.csv_import.reading import (
    COLUMNS,
    REQUIRED_COLUMNS,
    VERSION_COLUMNS,
    Issue,
    ParsedProgramme,
    Row,
    parse_programme,
    template_csv,
    template_xlsx,
)
from eventapp.programme.csv_import.writer import ImportRejected, apply
from eventapp.programme.models import Event
from eventapp.spreadsheets import ImportFileError, decode_upload
from eventapp.xlsx import read_upload

__all__ = [
    "COLUMNS", "DEFAULT_GOVERNANCE_LEVEL", "DEFAULT_KIND", "DEFAULT_ROLE",
    "MAX_PLANNED_MINUTES", "REQUIRED_COLUMNS", "VERSION_COLUMNS", "ImportContext",
    "ImportFileError", "ImportPlan", "ImportRejected", "ImportResult", "ImportSummary", "Issue",
    "ParsedProgramme", "PlannedOrganization", "PlannedPerson", "PlannedSession", "PlannedSlot",
    "Row", "apply", "check", "decode_upload", "import_programme", "load_context",
    "parse_programme", "read_upload", "template_csv", "template_xlsx", "validate",
]


@dataclass
class ImportResult:
    plan: ImportPlan
    summary: ImportSummary | None = None

    @property
    def ok(self) -> bool:
        return self.summary is not None


def import_programme(event: Event, text: str, *, dry_run: bool = False) -> ImportResult:
    """Parse, validate and (when valid and not a dry run) write; the caller commits."""
    plan = validate(event, parse_programme(text))
    if not plan.is_valid:
        return ImportResult(plan)
    if dry_run:
        return ImportResult(plan)
    return ImportResult(plan, apply(event, plan))
