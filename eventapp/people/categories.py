"""Managing stakeholder categories: add, rename, describe, reorder, retire, delete.

Rules kept here, used by the back office, the command line and the imports:

* A category's key is a slug fixed at creation: spreadsheets and exports refer to it, so it
  never changes. Its name may change; each rename is recorded, and imports still accept the
  earlier names (with a note saying which category they now mean).
* A retired category stays on the records that have it and in every report, but is no longer
  offered for new records: not in forms, not in imports.
* A category can be deleted only while nothing refers to it.
* An event offers the active categories it lists in event_categories, or all active ones when
  it lists none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, literal, select

from eventapp.colours import colour_for, parse_colour
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.people.models import (
    CategoryRename,
    EventCategory,
    Organization,
    Person,
    StakeholderCategory,
)
from eventapp.people.service import all_categories, normalise_label
from eventapp.versioning import version_of

KEY_MAX = 60
NAME_MAX = 120
DESCRIPTION_MAX = 2000
# The French and Spanish versions beside the original name and description.
VERSION_FIELDS = ("name_fr", "name_es", "description_fr", "description_es")
VERSION_LANGUAGES = ("fr", "es")
_KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class CategoryError(ValueError):
    """A category change that breaks a rule; the message is meant for the organizer."""

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field


def slugify(name: str) -> str:
    """'Migrants & diaspora' -> 'migrants-diaspora'; accents folded, at most KEY_MAX long."""
    ascii_text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:KEY_MAX].rstrip("-")


def active_categories() -> list[StakeholderCategory]:
    """The categories offered for new records, in their order."""
    return [c for c in all_categories() if not c.is_retired]


def category_by_key(key: str) -> StakeholderCategory:
    category = db.session.scalar(
        select(StakeholderCategory).where(StakeholderCategory.key == (key or "").strip().lower())
    )
    if category is None:
        raise CategoryError(_("There is no category with the key “%(key)s”.", key=key), "key")
    return category


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise CategoryError(_("Give the category a name."))
    if len(cleaned) > NAME_MAX:
        raise CategoryError(_("The name is longer than %(num)d characters.", num=NAME_MAX))
    return cleaned


def _check_name_free(name: str, *, except_id: int | None = None) -> None:
    """A name may not be another category's name or key: imports match either."""
    needle = normalise_label(name)
    for other in all_categories():
        if other.id == except_id:
            continue
        if needle in (normalise_label(other.name), normalise_label(other.key)):
            raise CategoryError(_("The category “%(name)s” already uses this name.",
                                  name=other.name))


def _checked_key(key: str, taken: set[str]) -> str:
    key = key.strip().lower()
    if len(key) > KEY_MAX or not _KEY_RE.fullmatch(key):
        raise CategoryError(
            _("A key is lower-case letters and digits joined by hyphens, such as "
              "“trade-unions”, at most %(num)d characters.", num=KEY_MAX), "key")
    if key in taken:
        raise CategoryError(_("Another category already has the key “%(key)s”.", key=key),
                            "key")
    return key


def category_problems(name: str, key: str = "", *,
                      except_id: int | None = None) -> list[CategoryError]:
    """Every rule the name and key break, not only the first (for forms that tell every
    mistake at once); except_id is the category being edited, whose key is fixed."""
    problems = []
    try:
        _check_name_free(_clean_name(name), except_id=except_id)
    except CategoryError as exc:
        problems.append(exc)
    if except_id is None and key.strip():
        try:
            _checked_key(key, set(db.session.scalars(select(StakeholderCategory.key))))
        except CategoryError as exc:
            problems.append(exc)
    return problems


def add_category(name: str, *, key: str = "", description: str = "") -> StakeholderCategory:
    """Create an active category at the end of the order. Flushes, no commit."""
    name = _clean_name(name)
    _check_name_free(name)
    taken = set(db.session.scalars(select(StakeholderCategory.key)))
    if key.strip():
        key = _checked_key(key, taken)
    else:
        base = slugify(name) or "category"
        key, n = base, 2
        while key in taken:
            suffix = f"-{n}"
            key, n = base[:KEY_MAX - len(suffix)] + suffix, n + 1
    last = db.session.scalar(select(func.max(StakeholderCategory.sort_order)))
    category = StakeholderCategory(key=key, name=name, description=(description or "").strip(),
                                   sort_order=(last or 0) + 10, is_retired=False)
    db.session.add(category)
    db.session.flush()
    return category


def rename_category(category: StakeholderCategory, new_name: str) -> bool:
    """Rename and record the earlier name; False when the name is unchanged."""
    new_name = _clean_name(new_name)
    if new_name == category.name:
        return False
    _check_name_free(new_name, except_id=category.id)
    db.session.add(CategoryRename(category_id=category.id, old_name=category.name,
                                  new_name=new_name))
    category.name = new_name
    # The versions were written for the old name: flagged until someone reviews them.
    for language in VERSION_LANGUAGES:
        if getattr(category, f"name_{language}"):
            setattr(category, f"name_{language}_to_review", True)
    db.session.flush()
    return True


def versions_to_review(category: StakeholderCategory) -> list[str]:
    """The languages ('fr', 'es') whose name was written for an earlier original name."""
    return [language for language in VERSION_LANGUAGES
            if getattr(category, f"name_{language}_to_review")]


def mark_versions_reviewed(category: StakeholderCategory) -> None:
    for language in VERSION_LANGUAGES:
        setattr(category, f"name_{language}_to_review", False)
    db.session.flush()


def describe_category(category: StakeholderCategory, description: str) -> None:
    category.description = (description or "").strip()
    db.session.flush()


def set_versions(category: StakeholderCategory, versions: dict[str, str], *,
                 reviewed: bool = False) -> None:
    """Set the French and Spanish name and description; an empty one shows the original.

    Only the original name must be unique: imports and spreadsheets match the original (and
    the key), never a translation. A name that changes is reviewed; with ``reviewed`` every
    name given is (the command line names the versions it means).
    """
    for name in VERSION_FIELDS:
        if name not in versions:
            continue
        text = versions[name] or ""
        if name.startswith("name"):
            text = " ".join(text.split())
            if len(text) > NAME_MAX:
                raise CategoryError(
                    _("The name is longer than %(num)d characters.", num=NAME_MAX), name)
            if reviewed or text != getattr(category, name):
                setattr(category, f"{name}_to_review", False)
        else:
            text = text.strip()
            if len(text) > DESCRIPTION_MAX:
                raise CategoryError(_("The description is longer than %(num)d characters.",
                                      num=DESCRIPTION_MAX), name)
        setattr(category, name, text)
    db.session.flush()


def set_colour(category: StakeholderCategory, text: str) -> None:
    """Set the colour of the category's badges from "#rrggbb" (or "#rgb"); empty: the
    palette's."""
    if not (text or "").strip():
        category.colour = ""
    else:
        colour = parse_colour(text)
        if colour is None:
            raise CategoryError(_("Give the colour as # and six hexadecimal digits, such as "
                                  "#1f5f9e."), "colour")
        category.colour = colour
    db.session.flush()


def badge_colour(category: StakeholderCategory) -> str:
    """The colour its badges are printed in: its own, or the palette's for its place."""
    ids = [c.id for c in all_categories()]
    position = ids.index(category.id) if category.id in ids else 0
    return colour_for(category.colour, position)


def move_category(category: StakeholderCategory, step: int) -> bool:
    """Move one place up (step -1) or down (+1); False at either end.

    Renumbers all categories 10, 20, 30... so equal or sparse sort orders never stall a move.
    """
    ordered = all_categories()
    index = next(i for i, c in enumerate(ordered) if c.id == category.id)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.sort_order != position * 10:
            item.sort_order = position * 10
    db.session.flush()
    return True


def retire_category(category: StakeholderCategory) -> bool:
    if category.is_retired:
        return False
    category.is_retired = True
    category.retired_at = utcnow()
    db.session.flush()
    return True


def unretire_category(category: StakeholderCategory) -> bool:
    if not category.is_retired:
        return False
    category.is_retired = False
    category.retired_at = None
    db.session.flush()
    return True


# What may refer to a category: the column that holds it, and the words used when deletion
# is refused ("2 registrations"). People's own tables are listed here; every package above
# that stores a category registers its columns at start-up (eventapp/composition.py), so
# this module asks each domain without importing any of them.
CategoryUse = tuple[Callable[[int], str], object]
_USES: dict[str, CategoryUse] = {
    "organizations": (lambda n: ngettext("%(num)d organization", "%(num)d organizations", n),
                      Organization.category_id),
    "people": (lambda n: ngettext("%(num)d person", "%(num)d people", n), Person.category_id),
    "event offerings": (
        lambda n: ngettext("%(num)d event offering it", "%(num)d events offering it", n),
        EventCategory.category_id),
}


def register_category_use(name: str, words: Callable[[int], str], column: object) -> None:
    """Count rows whose `column` holds a category before it may be deleted; `words(n)` names
    them in the refusal. Registering a name again replaces it (each app's start-up does)."""
    _USES[name] = (words, column)


def usage(category: StakeholderCategory) -> list[str]:
    """What refers to the category, such as "2 registrations"; empty when unused."""
    found = []
    for words, column in _USES.values():
        n = db.session.scalar(select(func.count()).where(column == category.id)) or 0
        if n:
            found.append(words(n))
    return found


def delete_category(category: StakeholderCategory) -> None:
    """Delete an unused category (its rename history goes with it). Flushes, no commit."""
    used = usage(category)
    if used:
        raise CategoryError(
            _("“%(name)s” cannot be deleted because it is in use (%(usage)s). Retire it "
              "instead: it stays on those records but is no longer offered.",
              name=localized(category, "name"), usage=", ".join(used)))
    # Deleted here as well: SQLite enforces ON DELETE CASCADE only with foreign keys on.
    for rename in renames_of(category):
        db.session.delete(rename)
    db.session.delete(category)
    db.session.flush()


# --- Per event ------------------------------------------------------------------------------


def offered_category_ids(event_id: int) -> set[int]:
    """The event's chosen categories (active or not); empty means all active ones."""
    return set(db.session.scalars(
        select(EventCategory.category_id).where(EventCategory.event_id == event_id)))


def offered_categories(event_id: int) -> list[StakeholderCategory]:
    """The categories a participant may choose when registering for this event.

    One statement: the active categories, each with whether the event chose it (the
    registration form reads this on every request of the opening rush).
    """
    return offered_categories_and_version(event_id, None)[0]


def offered_categories_and_version(event_id: int, scope: str | None
                                   ) -> tuple[list[StakeholderCategory], str | None]:
    """The offered categories and, in the same statement, the version of `scope` (None when
    it was never raised, or no scope is asked): the form's other list, the organizations,
    is kept on it."""
    chosen = (select(EventCategory.category_id)
              .where(EventCategory.event_id == event_id,
                     EventCategory.category_id == StakeholderCategory.id)
              .exists())
    columns = [StakeholderCategory, chosen]
    if scope is not None:
        columns.append(version_of(literal(scope)))
    rows = db.session.execute(
        select(*columns)
        .where(StakeholderCategory.is_retired.is_(False))
        .order_by(StakeholderCategory.sort_order, StakeholderCategory.name)
    ).all()
    version = rows[0][2] if scope is not None and rows else None
    return (offered_among([row[0] for row in rows], {row[0].id for row in rows if row[1]}),
            version)


def offered_among(active: list[StakeholderCategory],
                  chosen: set[int]) -> list[StakeholderCategory]:
    """The active categories an event offers, given the ids it chose."""
    offered = [c for c in active if c.id in chosen]
    # A choice whose categories were all retired since falls back to every active one.
    return offered or active


def set_offered_categories(event_id: int, category_ids: Iterable[int]) -> None:
    """Offer exactly these categories (none: all active). Unknown or retired ids are refused."""
    wanted = set(category_ids)
    active_ids = {c.id for c in active_categories()}
    if wanted - active_ids:
        raise CategoryError(
            _("The list of categories has changed; reload the page and try again."),
            "categories")
    existing = {row.category_id: row for row in db.session.scalars(
        select(EventCategory).where(EventCategory.event_id == event_id))}
    for category_id, row in existing.items():
        if category_id not in wanted:
            db.session.delete(row)
    for category_id in sorted(wanted - set(existing)):
        db.session.add(EventCategory(event_id=event_id, category_id=category_id))
    db.session.flush()


# --- Imports --------------------------------------------------------------------------------


@dataclass
class CategoryMatch:
    category: StakeholderCategory | None
    error: str | None = None  # why the text cannot be used, when it cannot
    note: str | None = None  # an accepted earlier name, and what it now means
    is_retired: bool = False  # the text names a retired category


@dataclass
class ImportCategories:
    """Resolves the category cells of an import: keys, names and earlier names."""

    current: dict[str, StakeholderCategory] = field(default_factory=dict)
    former: dict[str, StakeholderCategory] = field(default_factory=dict)

    @property
    def active_keys(self) -> list[str]:
        return sorted({c.key for c in self.current.values() if not c.is_retired})

    def resolve(self, text: str) -> CategoryMatch:
        needle = normalise_label(text)
        category = self.current.get(needle)
        note = None
        if category is None and needle in self.former:
            category = self.former[needle]
            note = _("“%(text)s” is the former name of the category “%(name)s”.",
                     text=text, name=category.name)
        if category is None:
            return CategoryMatch(None, _(
                "Unknown stakeholder category “%(text)s”. Add it under the categories first, "
                "or use one of: %(keys)s.", text=text, keys=", ".join(self.active_keys)))
        if category.is_retired:
            return CategoryMatch(None, _("Category “%(text)s” is retired; use one of: %(keys)s.",
                                         text=text, keys=", ".join(self.active_keys)),
                                 is_retired=True)
        return CategoryMatch(category, note=note)


def import_categories() -> ImportCategories:
    """Every category under its key and name, and under its earlier names; two queries."""
    lookup = ImportCategories()
    categories = all_categories()
    by_id = {c.id: c for c in categories}
    for category in categories:
        lookup.current[normalise_label(category.key)] = category
        lookup.current[normalise_label(category.name)] = category
    renames = db.session.scalars(select(CategoryRename).order_by(CategoryRename.renamed_at,
                                                                 CategoryRename.id))
    for rename in renames:
        needle = normalise_label(rename.old_name)
        # A name in use now always means its current holder.
        if needle not in lookup.current and rename.category_id in by_id:
            lookup.former[needle] = by_id[rename.category_id]
    return lookup


def renames_of(category: StakeholderCategory) -> list[CategoryRename]:
    """The category's earlier names, most recent first."""
    return list(db.session.scalars(
        select(CategoryRename).where(CategoryRename.category_id == category.id)
        .order_by(CategoryRename.renamed_at.desc(), CategoryRename.id.desc())))
