"""flask categories list|add|rename|describe|colour|retire|unretire"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from eventapp.extensions import db

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


@categories_group.command("add")
@click.argument("name")
@click.option("--key", default="", help="Short name for spreadsheets; derived from NAME if "
              "not given. Cannot be changed later.")
@click.option("--description", default="")
def add(name: str, key: str, description: str) -> None:
    """Add an active category at the end of the order."""
    from eventapp.people.categories import add_category

    category = _run(lambda: add_category(name, key=key, description=description))
    click.echo(_("Category “%(name)s” added with the key %(key)s.", name=category.name,
                 key=category.key))


@categories_group.command("rename")
@click.argument("key")
@click.argument("new_name")
def rename(key: str, new_name: str) -> None:
    """Rename a category; imports still accept the old name."""
    from eventapp.people.categories import category_by_key, rename_category

    def change() -> tuple[str, bool]:
        category = category_by_key(key)
        old = category.name
        return old, rename_category(category, new_name)

    old, renamed = _run(change)
    if renamed:
        click.echo(_("Category %(key)s renamed from “%(old)s” to “%(new)s”.", key=key, old=old,
                     new=" ".join(new_name.split())))
    else:
        click.echo(_("Category %(key)s is already called “%(old)s”; nothing changed.", key=key,
                     old=old))


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
