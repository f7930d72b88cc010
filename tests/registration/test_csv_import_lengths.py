"""Participant import cells longer than their columns are per-row errors in the preview."""

from __future__ import annotations

from eventapp.registration.csv_import import parse_and_validate
from tests.db_fingerprint import fingerprint
from tests.registration.test_csv_import import HEADER


def test_cells_longer_than_their_columns_are_row_errors(factory):
    event = factory.event(slug="idm")
    factory.categories()
    before = fingerprint()
    long_row = ",".join(["ana@example.org", "H" * 41, "F" * 121, "L" * 121, "J" * 201,
                         "O" * 201, "government", "", "", "", ""])
    fitting = ",".join(["bo@example.org", "H" * 40, "F" * 120, "L" * 120, "J" * 200,
                        "O" * 200, "government", "", "", "", ""])
    plan = parse_and_validate(event, HEADER + long_row + "\n" + fitting + "\n")
    assert [(e.line, e.message) for e in plan.errors] == [
        (2, "honorific is longer than 40 characters; first_name is longer than 120 "
            "characters; last_name is longer than 120 characters; job_title is longer than "
            "200 characters; organization is longer than 200 characters.")]
    assert [r.email for r in plan.rows] == ["bo@example.org"]
    assert fingerprint() == before
