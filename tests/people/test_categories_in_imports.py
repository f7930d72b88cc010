"""Both CSV imports refuse retired categories row by row and accept earlier names."""

from __future__ import annotations

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people import categories as service
from eventapp.programme.csv_import import import_programme
from eventapp.programme.models import Session
from eventapp.registration.csv_import import parse_and_validate
from eventapp.registration.models import Registration
from tests.programme.csv_rows import csv_text, row

ACTIVE = ("academia, civil-society, government, migrants-diaspora, private-sector, "
          "un-system")


def test_programme_import_refuses_a_retired_category_with_its_line(factory):
    factory.categories()
    service.retire_category(factory.category("local-authorities"))
    db.session.commit()
    event = factory.event("idm")

    result = import_programme(event, csv_text([row(), row(name="Bo Chen",
                                                          category="local-authorities")]))

    assert not result.ok
    assert [str(issue) for issue in result.plan.errors] == [
        "Line 2 (error): Category “Local & regional authorities” is retired; use one of: "
        f"{ACTIVE}.",
        f"Line 3 (error): Category “local-authorities” is retired; use one of: {ACTIVE}.",
    ]
    assert db.session.scalar(select(func.count(Session.id))) == 0


def test_programme_import_accepts_an_earlier_name_and_says_what_it_means(factory):
    factory.categories()
    service.rename_category(factory.category("local-authorities"), "Cities and regions")
    db.session.commit()
    event = factory.event("idm")

    result = import_programme(event, csv_text([row()]))

    assert result.ok
    assert [str(issue) for issue in result.plan.warnings] == [
        "Line 2 (warning): “Local & regional authorities” is the former name of the category "
        "“Cities and regions”."]
    assert result.summary.sessions_created == 1


def test_registration_import_refuses_a_retired_category_with_its_line(factory):
    factory.categories()
    service.retire_category(factory.category("local-authorities"))
    db.session.commit()
    event = factory.event("idm")
    text = ("email,last_name,category\n"
            "ana@example.org,Lima,Local & regional authorities\n"
            "bo@example.org,Chen,government\n")

    plan = parse_and_validate(event, text)

    assert [(e.line, e.message) for e in plan.errors] == [
        (2, f"category “Local & regional authorities” is retired (use one of: {ACTIVE})."),
    ]
    assert [r.email for r in plan.rows] == ["bo@example.org"]
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_registration_import_accepts_an_earlier_name(factory):
    factory.categories()
    academia = factory.category("academia")
    service.rename_category(academia, "Research")
    db.session.commit()
    event = factory.event("idm")

    plan = parse_and_validate(event, "email,last_name,category\nana@example.org,Lima,Academia\n"
                              "bo@example.org,Chen,research\n")

    assert plan.errors == []
    assert [r.category.key for r in plan.rows] == ["academia", "academia"]
