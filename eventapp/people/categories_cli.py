"""flask categories list|add|rename|describe|colour|retire|unretire"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from eventapp.extensions import db

if TYPE_CHECKING:
    from eventapp.people.models import StakeholderCategory

T = TypeVar("T")

categories_group = AppGroup("categories", help="List and manage stakeholder categories.")


def _run(change: Callable[[], T]) -> T:
    """Apply a change and commit; a broken rule becomes one line and exit code 1."""
    from eventapp.people.categories import CategoryError

    try:
        result = change()
    except CategoryError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    return result


@categories_group.command("list")
def list_categories() -> None:
    """Print key, name, status and order of every category."""
    from eventapp.people.service import all_categories

    categories = all_categories()
    if not categories:
        click.echo(_("No categories."))
        return
    key_width = max(len(c.key) for c in categories)
    name_width = max(len(c.name) for c in categories)
    for category in categories:
        status = _("retired") if category.is_retired else _("active")
        click.echo(f"{category.key:<{key_width}}  {category.name:<{name_width}}  {status:<7}  "
                   f"{category.sort_order}")


def _versions(name_fr: str | None, name_es: str | None) -> dict[str, str]:
    """The versions given on the command line (an option left out changes nothing)."""
    given = {"name_fr": name_fr, "name_es": name_es}
    return {field: text for field, text in given.items() if text is not None}


_NAME_FR = click.option("--name-fr", default=None, help="The name in French.")
_NAME_ES = click.option("--name-es", default=None, help="The name in Spanish.")


@categories_group.command("add")
@click.argument("name")
@click.option("--key", default="", help="Short name for spreadsheets; derived from NAME if "
              "not given. Cannot be changed later.")
@click.option("--description", default="")
@_NAME_FR
@_NAME_ES
def add(name: str, key: str, description: str, name_fr: str | None,
        name_es: str | None) -> None:
    """Add an active category at the end of the order."""
    from eventapp.people.categories import add_category, set_versions

    def change() -> StakeholderCategory:
        category = add_category(name, key=key, description=description)
        set_versions(category, _versions(name_fr, name_es), reviewed=True)
        return category

    category = _run(change)
    click.echo(_("Category “%(name)s” added with the key %(key)s.", name=category.name,
                 key=category.key))


@categories_group.command("rename")
@click.argument("key")
@click.argument("new_name")
@_NAME_FR
@_NAME_ES
def rename(key: str, new_name: str, name_fr: str | None, name_es: str | None) -> None:
    """Rename a category (and its French and Spanish names); imports still accept the old
    name."""
    from eventapp.people.categories import (
        category_by_key,
        rename_category,
        set_versions,
        versions_to_review,
    )

    def change() -> tuple[str, bool, list[str]]:
        category = category_by_key(key)
        old = category.name
        renamed = rename_category(category, new_name)
        set_versions(category, _versions(name_fr, name_es), reviewed=True)
        return old, renamed, versions_to_review(category)

    old, renamed, to_review = _run(change)
    if renamed:
        click.echo(_("Category %(key)s renamed from “%(old)s” to “%(new)s”.", key=key, old=old,
                     new=" ".join(new_name.split())))
    elif name_fr is not None or name_es is not None:
        click.echo(_("Category %(key)s: its French and Spanish names are saved.", key=key))
    else:
        click.echo(_("Category %(key)s is already called “%(old)s”; nothing changed.", key=key,
                     old=old))
    if to_review:
        click.echo(_("Check its names in %(languages)s, written for the old name: give them "
                     "with --name-fr and --name-es, or review them on the categories page.",
                     languages=", ".join(to_review)))


@categories_group.command("describe")
@click.argument("key")
@click.argument("description")
def describe(key: str, description: str) -> None:
    """Set a category's description."""
    from eventapp.people.categories import category_by_key, describe_category

    _run(lambda: describe_category(category_by_key(key), description))
    click.echo(_("Description of %(key)s saved.", key=key))


@categories_group.command("colour")
@click.argument("key")
@click.argument("colour")
def colour(key: str, colour: str) -> None:
    """Set the colour of a category's badges, as #rrggbb ("" for the default)."""
    from eventapp.people.categories import badge_colour, category_by_key, set_colour

    def change() -> str:
        category = category_by_key(key)
        set_colour(category, colour)
        return badge_colour(category)

    chosen = _run(change)
    click.echo(_("Badges of %(key)s are printed in %(colour)s.", key=key, colour=chosen))


@categories_group.command("retire")
@click.argument("key")
@click.option("--undo", is_flag=True, help="Offer a retired category again.")
def retire(key: str, undo: bool) -> None:
    """Stop offering a category; it stays on existing records and in reports."""
    from eventapp.people.categories import category_by_key, retire_category, unretire_category

    change = unretire_category if undo else retire_category
    changed = _run(lambda: change(category_by_key(key)))
    if undo:
        click.echo(_("Category %(key)s is offered again.", key=key) if changed
                   else _("Category %(key)s is not retired; nothing changed.", key=key))
    else:
        click.echo(_("Category %(key)s retired.", key=key) if changed
                   else _("Category %(key)s is already retired; nothing changed.", key=key))


@categories_group.command("unretire")
@click.argument("key")
@click.pass_context
def unretire(ctx: click.Context, key: str) -> None:
    """Offer a retired category again (same as retire --undo)."""
    ctx.invoke(retire, key=key, undo=True)
