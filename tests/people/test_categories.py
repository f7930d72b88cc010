"""Rules of stakeholder categories: keys, renames, order, retiring, deleting, per event."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from eventapp.balance.models import BalanceTarget
from eventapp.balance.queries import load_balance_data
from eventapp.extensions import db
from eventapp.people import categories as service
from eventapp.people.categories import CategoryError
from eventapp.people.models import CategoryRename, EventCategory, StakeholderCategory
from eventapp.people.service import find_category
from eventapp.registration.models import CategoryQuota


def _keys() -> list[str]:
    return [c.key for c in service.all_categories()]


@pytest.mark.parametrize(("name", "slug"), [
    ("Migrants & diaspora", "migrants-diaspora"),
    ("  Trade   unions ", "trade-unions"),
    ("Société civile d'Afrique", "societe-civile-d-afrique"),
    ("Youth / Jeunesse 2030", "youth-jeunesse-2030"),
    ("???", ""),
])
def test_slugify_makes_keys_from_names(name, slug):
    assert service.slugify(name) == slug


def test_add_category_derives_a_unique_key_and_goes_last(factory):
    factory.categories()
    trade = service.add_category("Trade unions", description="  Workers' organizations. ")
    media = service.add_category("Trade-unions!", key="")
    db.session.commit()
    assert (trade.key, trade.name, trade.description, trade.sort_order, trade.is_retired) == (
        "trade-unions", "Trade unions", "Workers' organizations.", 70, False)
    assert (media.key, media.sort_order) == ("trade-unions-2", 80)


def test_add_category_with_an_explicit_key(factory):
    youth = service.add_category("Youth", key="  Youth-2030 ")
    assert youth.key == "youth-2030"


@pytest.mark.parametrize(("name", "key", "message", "field"), [
    ("", "", "Give the category a name.", "name"),
    ("x" * 121, "", "The name is longer than 120 characters.", "name"),
    ("civil society", "", "The category “Civil society” already uses this name.", "name"),
    ("Academia", "fresh", "The category “Academia” already uses this name.", "name"),
    # A name equal to another category's key would make imports ambiguous.
    ("UN-System", "", "The category “UN system & international organizations” already uses "
                      "this name.", "name"),
    ("Youth", "government", "Another category already has the key “government”.", "key"),
    ("Youth", "Youth groups", "A key is lower-case letters and digits joined by hyphens, such "
                              "as “trade-unions”, at most 60 characters.", "key"),
])
def test_add_category_refuses_clashes_and_bad_keys(factory, name, key, message, field):
    factory.categories()
    with pytest.raises(CategoryError) as excinfo:
        service.add_category(name, key=key)
    assert (str(excinfo.value), excinfo.value.field) == (message, field)
    assert len(_keys()) == 7


def test_rename_keeps_the_key_and_records_the_history(factory):
    academia = factory.category("academia")
    assert service.rename_category(academia, " Academia &  research ") is True
    assert service.rename_category(academia, "Academia & research") is False
    assert service.rename_category(academia, "Research") is True
    db.session.commit()
    assert (academia.key, academia.name) == ("academia", "Research")
    assert [(r.old_name, r.new_name) for r in service.renames_of(academia)] == [
        ("Academia & research", "Research"), ("Academia", "Academia & research")]


def test_rename_refuses_another_categorys_name(factory):
    academia = factory.category("academia")
    with pytest.raises(CategoryError, match="“Government” already uses this name"):
        service.rename_category(academia, "government")
    assert db.session.scalar(select(func.count(CategoryRename.id))) == 0


def test_move_swaps_neighbours_and_stops_at_the_ends(factory):
    factory.categories()
    assert service.move_category(factory.category("un-system"), -1) is True
    assert service.move_category(factory.category("un-system"), -1) is False
    assert service.move_category(factory.category("academia"), 1) is False
    assert service.move_category(factory.category("civil-society"), 1) is True
    db.session.commit()
    assert _keys() == ["un-system", "government", "private-sector", "civil-society",
                       "migrants-diaspora", "local-authorities", "academia"]
    assert [c.sort_order for c in service.all_categories()] == [10, 20, 30, 40, 50, 60, 70]


def test_retired_category_is_no_longer_offered_but_kept(factory):
    event = factory.event()
    registration = factory.registration(event, category="private-sector")
    private = factory.category("private-sector")
    assert service.retire_category(private) is True
    assert service.retire_category(private) is False
    db.session.commit()
    assert private.retired_at is not None
    assert "private-sector" not in [c.key for c in service.active_categories()]
    assert "private-sector" not in [c.key for c in service.offered_categories(event.id)]
    assert find_category("Private sector") is None
    db.session.refresh(registration)
    assert registration.category.name == "Private sector"

    assert service.unretire_category(private) is True
    assert (private.is_retired, private.retired_at) == (False, None)
    assert find_category("Private sector") is private


def test_delete_unused_category(factory):
    youth = service.add_category("Youth")
    service.rename_category(youth, "Young people")
    db.session.commit()
    service.delete_category(youth)
    db.session.commit()
    assert db.session.scalar(select(func.count(StakeholderCategory.id))) == 0
    assert db.session.scalar(select(func.count(CategoryRename.id))) == 0


def test_delete_is_refused_while_anything_refers_to_the_category(factory):
    event = factory.event()
    government = factory.category("government")
    organization = factory.organization("Ministry", category="government")
    factory.registration(event, factory.person(organization=organization))
    db.session.add_all([
        CategoryQuota(event_id=event.id, category_id=government.id, max_percent=40),
        BalanceTarget(event_id=event.id, category_id=government.id, min_percent=10),
        EventCategory(event_id=event.id, category_id=government.id),
    ])
    db.session.commit()
    with pytest.raises(CategoryError) as excinfo:
        service.delete_category(government)
    assert str(excinfo.value) == (
        "“Government” cannot be deleted because it is in use (1 organization, 1 event "
        "offering it, 1 registration, 1 quota, 1 balance target). Retire it instead: "
        "it stays on those records but is no longer offered.")
    db.session.rollback()
    assert db.session.get(StakeholderCategory, government.id) is not None


def test_delete_is_refused_for_a_category_held_by_a_person_only(factory):
    factory.person(category="migrants-diaspora")
    with pytest.raises(CategoryError, match=r"in use \(1 person\)"):
        service.delete_category(factory.category("migrants-diaspora"))


def test_event_offers_its_chosen_active_categories_or_all_active(factory):
    factory.categories()
    event = factory.event()
    everything = [c.key for c in service.active_categories()]
    assert [c.key for c in service.offered_categories(event.id)] == everything

    service.set_offered_categories(event.id, [factory.category("academia").id,
                                              factory.category("government").id])
    db.session.commit()
    assert [c.key for c in service.offered_categories(event.id)] == ["government", "academia"]

    service.retire_category(factory.category("government"))
    assert [c.key for c in service.offered_categories(event.id)] == ["academia"]
    # Every chosen category retired: the event falls back to all active ones.
    service.retire_category(factory.category("academia"))
    assert [c.key for c in service.offered_categories(event.id)] == everything[1:-1]

    service.unretire_category(factory.category("government"))
    service.set_offered_categories(event.id, [])
    db.session.commit()
    assert service.offered_category_ids(event.id) == set()


def test_set_offered_categories_refuses_retired_or_unknown_ids(factory):
    factory.categories()
    event = factory.event()
    service.retire_category(factory.category("academia"))
    for ids in ([factory.category("academia").id], [987654]):
        with pytest.raises(CategoryError, match="The list of categories has changed"):
            service.set_offered_categories(event.id, ids)
    assert service.offered_category_ids(event.id) == set()


def test_import_lookup_knows_keys_names_old_names_and_retired(factory):
    factory.categories()
    academia = factory.category("academia")
    service.rename_category(academia, "Research")
    service.retire_category(factory.category("private-sector"))
    db.session.commit()
    lookup = service.import_categories()

    assert lookup.resolve("research").category is academia
    assert lookup.resolve("ACADEMIA").category is academia  # the key
    old = lookup.resolve(" academia ")
    assert (old.category, old.error, old.note) == (academia, None, None)  # key wins
    service.rename_category(academia, "Scholars")
    db.session.commit()
    former = service.import_categories().resolve("Research")
    assert (former.category, former.error, former.note) == (
        academia, None, "“Research” is the former name of the category “Scholars”.")

    retired = lookup.resolve("Private sector")
    assert (retired.category, retired.is_retired, retired.error) == (
        None, True, "Category “Private sector” is retired; use one of: academia, "
        "civil-society, government, local-authorities, migrants-diaspora, un-system.")
    unknown = lookup.resolve("Media")
    assert (unknown.category, unknown.is_retired, unknown.error) == (
        None, False, "Unknown stakeholder category “Media”. Add it under the categories first, "
        "or use one of: academia, civil-society, government, local-authorities, "
        "migrants-diaspora, un-system.")


def test_an_old_name_taken_by_another_category_means_the_new_holder(factory):
    factory.categories()
    service.rename_category(factory.category("civil-society"), "NGOs")
    newcomer = service.add_category("Civil society")
    db.session.commit()
    assert newcomer.key == "civil-society-2"
    assert service.import_categories().resolve("Civil society").category is newcomer


def test_balance_report_keeps_retired_categories_that_have_data(factory):
    event = factory.event()
    session = factory.session(event)
    factory.slot(session, factory.person(category="private-sector"))
    for key in ("private-sector", "academia"):
        service.retire_category(factory.category(key))
    db.session.commit()
    data = load_balance_data(event)
    listed = [c.key for c in data.category_list]
    assert listed == ["government", "un-system", "civil-society", "private-sector",
                      "migrants-diaspora", "local-authorities"]
    assert [c.key for c in data.target_categories] == [
        "government", "un-system", "civil-society", "migrants-diaspora", "local-authorities"]


def test_usage_asks_every_column_that_holds_a_category(app: Flask) -> None:
    """Each package registers its columns at start-up; a new one that forgets is caught here."""
    held = {(column.table.name, column.name)
            for table in db.metadata.sorted_tables for column in table.columns
            if any(fk.column.table.name == "stakeholder_categories"
                   for fk in column.foreign_keys)}
    asked = {(column.table.name, column.name) for _, column in service._USES.values()}
    # A category's rename history is deleted with it, not a reason to keep it.
    assert held - asked == {("category_renames", "category_id")}
    assert asked - held == set()
