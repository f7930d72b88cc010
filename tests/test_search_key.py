"""The one rule of a name search (eventapp/search_key.py), and the columns that hold it."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.search_key import fold, person_search_key


@pytest.mark.parametrize(("typed", "folded"), [
    ("Müller", "muller"), ("MULLER", "muller"), ("São  Paulo", "sao paulo"),
    ("Nguyễn Thị Ảnh", "nguyen thi anh"), ("Straße", "strasse"), ("Łódź", "lodz"),
    ("Đặng", "dang"), ("Søren Kierkegaard", "soren kierkegaard"), ("", ""), (None, ""),
])
def test_fold_drops_accents_case_and_extra_spaces(typed, folded):
    assert fold(typed) == folded


def test_person_search_key_holds_both_orders_of_the_names():
    assert person_search_key("Anna", "Müller") == "anna muller\tmuller anna"
    assert person_search_key("", "Nguyễn") == "nguyen\tnguyen"


def test_search_key_written_with_the_orm_insert_and_each_change_of_name(factory):
    person = factory.person("José Müller")
    organization = factory.organization("Prefeitura de São Paulo")
    assert person.search_key == "jose muller\tmuller jose"
    assert organization.search_key == "prefeitura de sao paulo"
    person.last_name = "Núñez"
    organization.name = "Câmara de São Paulo"
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Person, person.id).search_key == "jose nunez\tnunez jose"
    assert db.session.get(Organization, organization.id).search_key == "camara de sao paulo"


def test_search_key_written_with_a_bulk_insert(factory):
    category = factory.category("academia")
    db.session.execute(insert(Organization.__table__), [
        {"name": "Université de Genève", "name_key": "université de genève",
         "category_id": category.id, "country": "CH", "governance_level": "national",
         "is_confirmed": True},
        {"name": "Zürich Hochschule", "name_key": "zürich hochschule",
         "category_id": category.id, "country": "CH", "governance_level": "national",
         "is_confirmed": True}])
    db.session.execute(insert(Person.__table__), [
        {"first_name": "Zoë", "last_name": "Ødegård"}, {"first_name": "", "last_name": "Nguyễn"}])
    db.session.commit()
    assert db.session.execute(select(Organization.search_key).order_by(Organization.id)).scalars(
    ).all() == ["universite de geneve", "zurich hochschule"]
    assert db.session.execute(select(Person.search_key).order_by(Person.id)).scalars().all() == [
        "zoe odegard\todegard zoe", "nguyen\tnguyen"]
