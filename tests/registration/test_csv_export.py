"""CSV export: the pure builder, formula neutralization, and the download."""

from __future__ import annotations

import csv
import io

import pytest

from eventapp.registration.csv_export import EXPORT_COLUMNS, build_csv, stream_csv
from eventapp.spreadsheets import safe_cell
from tests.conftest import count_queries
from tests.registration.bulk_c1 import add_registrations


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
def test_safe_cell_exact_text(cell, expected):
    assert safe_cell(cell) == expected


def test_build_csv_bom_crlf_and_neutralized_cells_round_trip():
    data = build_csv(["name", "note"], [["Zoë Müller", '=HYPERLINK("x")'], ["-bad", "ok, quoted"]])

    assert data.startswith(b"\xef\xbb\xbfname,note\r\n")
    assert _parse(data) == [
        ["name", "note"],
        ["Zoë Müller", "'=HYPERLINK(\"x\")"],
        ["'-bad", "ok, quoted"],
    ]


def test_export_download_neutralizes_hostile_names(organizer_client, factory):
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


def test_export_respects_filters(organizer_client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("Ana Lima"), status="pending")
    factory.registration(event, factory.person("Bo Chen"))

    rows = _parse(organizer_client.get(
        "/organize/events/idm/registrations.csv?status=pending").data)

    assert [(r[3], r[4], r[11]) for r in rows[1:]] == [("Ana", "Lima", "pending")]


def test_stream_csv_chunks_join_to_the_whole_file():
    rows = [[f"Name {i}", "=1"] for i in range(7)]
    chunks = list(stream_csv(["name", "note"], rows, chunk_rows=3))
    # The header alone first (sent before the rows are read), then 3, 3 and 1 rows.
    assert len(chunks) == 4
    assert chunks[0] == b"\xef\xbb\xbfname,note\r\n"
    assert [chunk.count(b"\r\n") for chunk in chunks[1:]] == [3, 3, 1]
    assert not chunks[1].startswith(b"\xef\xbb\xbf")
    assert b"".join(chunks) == build_csv(["name", "note"], rows)
    assert _parse(b"".join(chunks))[1:] == [[f"Name {i}", "'=1"] for i in range(7)]


def test_export_is_streamed_with_account_email_when_person_has_none(
    organizer_client, factory, participant,
):
    event = factory.event(slug="idm")
    person = factory.person("Ana Lima")
    person.email, person.user_id = None, participant.id
    from eventapp.extensions import db
    db.session.commit()
    registration = factory.registration(event, person)

    response = organizer_client.get("/organize/events/idm/registrations.csv")

    assert response.is_streamed
    rows = _parse(response.data)
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:]] == [
        (str(registration.id), participant.email, "Ana", "Lima")]


def test_export_query_count_equal_at_100_and_10000(organizer_client, factory):
    categories = list(factory.categories().values())
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    add_registrations(small, categories, 100, prefix="s")
    add_registrations(large, categories, 10_000, prefix="l")
    organizer_client.get("/organize/events/small/registrations.csv")  # warm per-process caches

    with count_queries() as at_small:
        small_rows = _parse(organizer_client.get("/organize/events/small/registrations.csv").data)
    with count_queries() as at_large:
        large_rows = _parse(organizer_client.get("/organize/events/large/registrations.csv").data)

    assert (len(small_rows), len(large_rows)) == (101, 10_001)
    assert at_small.count == at_large.count
    # Name order: last names sort as text.
    assert [r[4] for r in small_rows[1:4]] == ["s0", "s1", "s10"]
