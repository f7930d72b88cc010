"""Header cells that almost name a known column (pure)."""

from __future__ import annotations

import pytest

from eventapp.import_headers import loose_key, resembled_column

COLUMNS = ("name", "organization", "job_title")
ALIASES = {"name": ("Speaker name", "Nom", "Nombre")}


def test_loose_key_drops_case_accents_and_separators():
    assert loose_key(" Prénom-de_l'Orateur ") == "prenomdelorateur"


@pytest.mark.parametrize(("cell", "column"), [
    ("Job Title", "job_title"), ("JOBTITLE", "job_title"), ("Organisaton", "organization"),
    ("speaker_name", "name"), ("NOM", "name"), ("Nómbre", "name"), ("Notes", None),
    ("", None), ("Jo", None),
])
def test_resembled_column_by_spelling_alias_or_one_slip(cell, column):
    assert resembled_column(cell, COLUMNS, ALIASES) == column
