"""CSV import: all-or-nothing validation with line numbers, idempotent re-import, capacity."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.registration.csv_import import (
    ImportFileError,
    apply,
    decode_upload,
    parse_and_validate,
)
from eventapp.registration.models import Registration
from tests.registration.outbox import outbox  # noqa: F401 - fixture

HEADER = ("email,honorific,first_name,last_name,job_title,organization,category,country,"
          "governance_level,delegation_role,status\n")
GOOD = HEADER + (
    "ana@example.org,Ms,Ana,Lima,Director,Ministry of Labour,government,br,national,head,"
    "approved\n"
    "bo@example.org,,Bo,Chen,,,Migrants & diaspora,,,,\n"
    "cy@example.org,Dr,Cy,Diallo,Researcher,University of Dakar,academia,SN,National,"
    "Observer,pending\n"
)


def _counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count(Person.id))),
        db.session.scalar(select(func.count(Registration.id))),
        db.session.scalar(select(func.count(Organization.id))),
    )


def _statuses(event) -> list[tuple[str, str]]:
    db.session.expire_all()
    return db.session.execute(
        select(Person.email, Registration.status).join(Registration.person)
        .where(Registration.event_id == event.id).order_by(Person.email)
    ).all()


def test_import_valid_file_creates_people_and_registrations(factory, outbox):  # noqa: F811
    event = factory.event(slug="idm", title="IDM")
    factory.categories()

    plan = parse_and_validate(event, GOOD)
    assert plan.errors == []
    assert [(r.line, r.action) for r in plan.rows] == [
        (2, "new person and registration"), (3, "new person and registration"),
        (4, "new person and registration"),
    ]
    result = apply(event, plan)

    assert (result.new_people, result.new_registrations, result.updated_registrations) == (
        3, 3, 0)
    assert _statuses(event) == [("ana@example.org", "approved"), ("bo@example.org", "approved"),
                                ("cy@example.org", "pending")]
    ana = db.session.scalar(select(Person).where(Person.email == "ana@example.org"))
    assert (ana.honorific, ana.first_name, ana.job_title) == ("Ms", "Ana", "Director")
    assert (ana.organization.name, ana.organization.country,
            ana.organization.governance_level) == ("Ministry of Labour", "BR", "national")
    cy = db.session.scalar(select(Registration).join(Registration.person)
                           .where(Person.email == "cy@example.org"))
    assert (cy.delegation_role, cy.category.key, cy.organization.governance_level) == (
        "observer", "academia", "national")
    bo = db.session.scalar(select(Person).where(Person.email == "bo@example.org"))
    assert (bo.organization_id, bo.category.key) == (None, "migrants-diaspora")
    # Every new registration is told once, including the one left pending for review.
    assert sorted(outbox.summary()) == [("ana@example.org", "IDM: registration approved"),
                                        ("bo@example.org", "IDM: registration approved"),
                                        ("cy@example.org", "IDM: registration pending")]


def test_import_same_file_twice_changes_nothing(factory, outbox):  # noqa: F811
    event = factory.event(slug="idm")
    factory.categories()
    apply(event, parse_and_validate(event, GOOD))
    before = (_counts(), _statuses(event), len(outbox.messages()))

    plan = parse_and_validate(event, GOOD)
    assert [r.action for r in plan.rows] == ["no change"] * 3
    result = apply(event, plan)

    assert (result.new_people, result.new_registrations, result.updated_registrations) == (
        0, 0, 0)
    assert (_counts(), _statuses(event), len(outbox.messages())) == before


def test_import_bad_rows_reported_with_line_numbers_and_nothing_written(factory):
    event = factory.event(slug="idm")
    factory.categories()
    text = HEADER + (
        "ok@example.org,,Ok,Person,,,government,,,,\n"
        "not-an-email,,No,Mail,,,government,,,,\n"
        "\n"
        "dup@example.org,,A,B,,,Goverment,USA,planetary,king,maybe\n"
        "ok@example.org,,Ok,Again,,,government,,,,\n"
        '"multi@example.org",,"Multi\nLine",,,,government,,,,\n'
        "late@example.org,,Late,Row,,,government,,,,\n"
    )
    before = _counts()

    plan = parse_and_validate(event, text)

    assert not plan.is_valid
    assert [(e.line, e.message) for e in plan.errors] == [
        (3, "“not-an-email” is not an email address."),
        (5, "category “Goverment” is not a stakeholder category (use one of: academia, "
            "civil-society, government, local-authorities, migrants-diaspora, private-sector, "
            "un-system); country “USA” is not a two-letter ISO code; governance_level "
            "“planetary” is not one of local, national, regional, global; delegation_role "
            "“king” is not one of head, delegate, observer; status “maybe” is not one of "
            "pending, approved, waitlisted, declined, cancelled."),
        (6, "the email ok@example.org is already on line 2."),
        (7, "last_name is empty."),
    ]
    assert [r.line for r in plan.rows] == [2, 9]
    with pytest.raises(ValueError, match="only a valid import plan"):
        apply(event, plan)
    assert _counts() == before


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"name,category\nAna,government\n", "The header row lacks the column(s) email, last_name"),
    (HEADER.encode(), "The file has a header row but no participants."),
    (b"PK\x03\x04\x00\x00binary", "This is not a CSV file."),
])
def test_import_unreadable_file_raises_clear_error(factory, data, message):
    event = factory.event(slug="idm")
    with pytest.raises(ImportFileError) as caught:
        parse_and_validate(event, decode_upload(data))
    assert str(caught.value).startswith(message)


def test_import_approvals_respect_capacity_in_file_order(factory):
    event = factory.event(slug="idm", capacity=2)
    factory.categories()
    text = HEADER + "".join(
        f"p{i}@example.org,,P,Number{i},,,civil-society,,,,approved\n" for i in range(4))

    result = apply(event, parse_and_validate(event, text))

    assert result.statuses == {"approved": 2, "waitlisted": 2}
    assert _statuses(event) == [("p0@example.org", "approved"), ("p1@example.org", "approved"),
                                ("p2@example.org", "waitlisted"),
                                ("p3@example.org", "waitlisted")]


def test_import_known_person_keeps_own_details_and_registration_is_updated(factory):
    event = factory.event(slug="idm")
    user = factory.user(email="ana@example.org")
    person = factory.person("Ana Own-Name", user=user, job_title="Own title")
    registration = factory.registration(event, person, category="civil-society",
                                        status="pending")

    result = apply(event, parse_and_validate(event, GOOD))

    db.session.expire_all()
    assert (result.new_people, result.new_registrations, result.updated_registrations) == (
        2, 2, 1)
    assert (person.last_name, person.job_title, person.honorific) == (
        "Own-Name", "Own title", "Ms")
    assert (registration.status, registration.category.key, registration.delegation_role) == (
        "approved", "government", "head")


def test_import_through_http_preview_then_confirm(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()
    before = _counts()

    preview = organizer_client.post(
        "/organize/events/idm/registrations/import",
        data={"file": (io.BytesIO(("\ufeff" + GOOD).encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 rows can be imported" in html
    assert _counts() == before
    content = html.split('name="content" type="hidden" value="')[1].split('"')[0]

    done = organizer_client.post("/organize/events/idm/registrations/import/confirm",
                                 data={"content": content}, follow_redirects=True)

    assert "Participants imported. 3 new people, 3 new registrations" in done.get_data(
        as_text=True)
    assert _counts()[:2] == (before[0] + 3, before[1] + 3)


def test_import_through_http_bad_row_shows_line_and_no_confirm(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()
    text = HEADER + "a@example.org,,A,,,,government,,,,\n"

    response = organizer_client.post(
        "/organize/events/idm/registrations/import",
        data={"file": (io.BytesIO(text.encode()), "people.csv")},
        content_type="multipart/form-data",
    )

    html = response.get_data(as_text=True)
    assert "Line 2: last_name is empty." in html
    assert "Nothing has been imported." in html
    assert "import/confirm" not in html

    tampered = organizer_client.post("/organize/events/idm/registrations/import/confirm",
                                     data={"content": "%%%not-base64"}, follow_redirects=True)
    assert "The import could not be confirmed. Upload the file again." in tampered.get_data(
        as_text=True)
