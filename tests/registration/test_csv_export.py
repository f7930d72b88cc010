"""CSV export: the pure builder, formula neutralization, and the download."""

from __future__ import annotations

import csv
import io

import pytest

from eventapp.registration.csv_export import EXPORT_COLUMNS, build_csv
from eventapp.spreadsheets import safe_cell


def _parse(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(("cell", "expected"), [
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("+41 22 717 9111", "'+41 22 717 9111"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Ana = Bo", "Ana = Bo"),
    ("", ""),
    (None, ""),
    (42, "42"),
])
def test_safe_cell_exact_text(cell, expected):  # noqa: ANN001
    assert safe_cell(cell) == expected


def test_build_csv_bom_crlf_and_neutralized_cells_round_trip():
    data = build_csv(["name", "note"], [["Zoë Müller", '=HYPERLINK("x")'], ["-bad", "ok, quoted"]])

    assert data.startswith(b"\xef\xbb\xbfname,note\r\n")
    assert _parse(data) == [
        ["name", "note"],
        ["Zoë Müller", "'=HYPERLINK(\"x\")"],
        ["'-bad", "ok, quoted"],
    ]


def test_export_download_neutralizes_hostile_names(organizer_client, factory):  # noqa: ANN001
    event = factory.event(slug="idm", timezone="Europe/Zurich")
    org = factory.organization("@Evil Corp", country="CH")
    person = factory.person(organization=org, email="hostile@example.org",
                            job_title="+cmd|' /C calc'!A0")
    person.first_name, person.last_name = "Eve", '=HYPERLINK("http://evil.example","x")'
    from eventapp.extensions import db
    db.session.commit()
    registration = factory.registration(event, person, wishes_to_speak=True,
                                        speaking_topic="-1+1", consent_public_list=True)
    factory.registration(factory.event(slug="other"))

    response = organizer_client.get("/organize/events/idm/registrations.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="idm-registrations.csv"')
    rows = _parse(response.data)
    assert rows[0] == list(EXPORT_COLUMNS)
    assert len(rows) == 2
    registered = registration.created_at.astimezone(event.zone).isoformat(timespec="minutes")
    assert rows[1] == [
        str(registration.id), "hostile@example.org", "", "Eve",
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "'+cmd|' /C calc'!A0", "'@Evil Corp",
        "government", "CH", "national", "delegate", "approved", "yes", "'-1+1", "", "yes", "no",
        registered,
    ]


def test_export_respects_filters(organizer_client, factory):  # noqa: ANN001
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("Ana Lima"), status="pending")
    factory.registration(event, factory.person("Bo Chen"))

    rows = _parse(organizer_client.get(
        "/organize/events/idm/registrations.csv?status=pending").data)

    assert [(r[3], r[4], r[11]) for r in rows[1:]] == [("Ana", "Lima", "pending")]
