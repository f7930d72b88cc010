"""flask categories list|add|rename|describe|retire|unretire"""

from __future__ import annotations

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people.models import CategoryRename, StakeholderCategory


def _run(app_ctx, *args: str):
    return app_ctx.test_cli_runner().invoke(args=["categories", *args])


def test_list_prints_key_name_status_and_order(app_ctx, factory):
    factory.categories()
    factory.category("academia").is_retired = True
    db.session.commit()
    result = _run(app_ctx, "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "government         Government                               active   0",
        "un-system          UN system & international organizations  active   10",
        "civil-society      Civil society                            active   20",
        "private-sector     Private sector                           active   30",
        "migrants-diaspora  Migrants & diaspora                      active   40",
        "local-authorities  Local & regional authorities             active   50",
        "academia           Academia                                 retired  60",
    ]


def test_list_of_an_empty_table(app_ctx):
    assert _run(app_ctx, "list").output == "No categories.\n"


def test_add_with_and_without_key(app_ctx, factory):
    factory.categories()
    result = _run(app_ctx, "add", "Trade unions", "--description", "Workers' organizations.")
    assert (result.exit_code, result.output) == (
        0, "Category “Trade unions” added with the key trade-unions.\n")
    result = _run(app_ctx, "add", "Youth", "--key", "youth-2030")
    assert (result.exit_code, result.output) == (
        0, "Category “Youth” added with the key youth-2030.\n")
    keys = list(db.session.scalars(select(StakeholderCategory.key).where(
        StakeholderCategory.sort_order >= 70).order_by(StakeholderCategory.sort_order)))
    assert keys == ["trade-unions", "youth-2030"]


def test_add_refused_prints_one_line_and_exits_1(app_ctx, factory):
    factory.categories()
    result = _run(app_ctx, "add", "Civil Society")
    assert (result.exit_code, result.output) == (
        1, "Error: The category “Civil society” already uses this name.\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_rename_records_history(app_ctx, factory):
    factory.categories()
    result = _run(app_ctx, "rename", "academia", "Academia & research")
    # The default categories have French and Spanish names: written for the old name.
    assert (result.exit_code, result.output) == (
        0, "Category academia renamed from “Academia” to “Academia & research”.\n"
           "Check its names in fr, es, written for the old name: give them with --name-fr and "
           "--name-es, or review them on the categories page.\n")
    again = _run(app_ctx, "rename", "academia", "Academia & research")
    assert (again.exit_code, again.output) == (
        0, "Category academia is already called “Academia & research”; nothing changed.\n"
           "Check its names in fr, es, written for the old name: give them with --name-fr and "
           "--name-es, or review them on the categories page.\n")
    assert db.session.scalar(select(func.count(CategoryRename.id))) == 1


def test_unknown_key_prints_one_line_and_exits_1(app_ctx, factory):
    factory.categories()
    for args in (("rename", "media", "Media"), ("retire", "media"), ("describe", "media", "x")):
        result = _run(app_ctx, *args)
        assert (result.exit_code, result.output) == (
            1, "Error: There is no category with the key “media”.\n"), args


def test_describe_sets_the_description(app_ctx, factory):
    academia = factory.category("academia")
    result = _run(app_ctx, "describe", "academia", "Universities and think tanks.")
    assert (result.exit_code, result.output) == (0, "Description of academia saved.\n")
    db.session.expire_all()
    assert academia.description == "Universities and think tanks."


def test_retire_undo_and_unretire(app_ctx, factory):
    government = factory.category("government")
    outputs = [_run(app_ctx, *args).output for args in (
        ("retire", "government"), ("retire", "government"), ("retire", "government", "--undo"),
        ("unretire", "government"), ("retire", "government"), ("unretire", "government"))]
    assert outputs == [
        "Category government retired.\n",
        "Category government is already retired; nothing changed.\n",
        "Category government is offered again.\n",
        "Category government is not retired; nothing changed.\n",
        "Category government retired.\n",
        "Category government is offered again.\n",
    ]
    db.session.expire_all()
    assert government.is_retired is False


def _civil_society(factory) -> StakeholderCategory:
    factory.categories()
    category = factory.category("civil-society")
    category.name_fr, category.name_es = "Société civile", "Sociedad civil"
    db.session.commit()
    return category


def test_add_with_french_and_spanish_names(app_ctx, factory):
    factory.categories()
    result = _run(app_ctx, "add", "Trade unions", "--name-fr", "Syndicats",
                  "--name-es", "Sindicatos")
    assert result.exit_code == 0, result.output
    added = db.session.scalar(select(StakeholderCategory).where(
        StakeholderCategory.key == "trade-unions"))
    assert (added.name, added.name_fr, added.name_es) == ("Trade unions", "Syndicats",
                                                          "Sindicatos")


def test_rename_with_the_versions_leaves_nothing_to_review(app_ctx, factory):
    category = _civil_society(factory)
    result = _run(app_ctx, "rename", "civil-society", "Civil society organizations",
                  "--name-fr", "Organisations de la société civile",
                  "--name-es", "Organizaciones de la sociedad civil")
    assert (result.exit_code, result.output) == (
        0, "Category civil-society renamed from “Civil society” to “Civil society "
           "organizations”.\n")
    db.session.refresh(category)
    assert (category.name_fr, category.name_es) == ("Organisations de la société civile",
                                                    "Organizaciones de la sociedad civil")
    assert (category.name_fr_to_review, category.name_es_to_review) == (False, False)


def test_rename_of_the_original_only_flags_the_versions(app_ctx, factory):
    category = _civil_society(factory)
    result = _run(app_ctx, "rename", "civil-society", "Civil society organizations",
                  "--name-es", "Organizaciones de la sociedad civil")
    assert (result.exit_code, result.output) == (
        0, "Category civil-society renamed from “Civil society” to “Civil society "
           "organizations”.\nCheck its names in fr, written for the old name: give them with "
           "--name-fr and --name-es, or review them on the categories page.\n")
    db.session.refresh(category)
    assert (category.name_fr_to_review, category.name_es_to_review) == (True, False)
    again = _run(app_ctx, "rename", "civil-society", "Civil society organizations",
                 "--name-fr", "Société civile")
    assert (again.exit_code, again.output) == (
        0, "Category civil-society: its French and Spanish names are saved.\n")
    db.session.refresh(category)
    assert category.name_fr_to_review is False
