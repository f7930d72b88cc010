"""Back office for stakeholder categories, under /organize/categories.

Every rule and message comes from people/categories.py; these views parse, call, commit.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from eventapp.accounts.access import admin_required
from eventapp.colours import colour_for
from eventapp.extensions import db
from eventapp.i18n.content import localized
from eventapp.people import categories as service
from eventapp.people.categories import CategoryError
from eventapp.people.forms import CategoryForm, NewCategoryForm
from eventapp.people.models import StakeholderCategory
from eventapp.people.service import all_categories

bp = Blueprint("categories", __name__, url_prefix="/organize/categories")


@bp.before_request
def administrators_only() -> ResponseReturnValue | None:
    """The categories are shared by every event: only site administrators change them, and
    the check covers every view of the blueprint, a new one included. (Flask answers OPTIONS
    itself; it never reaches a view.)"""
    if request.method == "OPTIONS":
        return None
    return _admin_gate()


# admin_required around a view that does nothing: its refusal, or None to go on.
_admin_gate = admin_required(lambda: None)


def _category(category_id: int) -> StakeholderCategory:
    category = db.session.get(StakeholderCategory, category_id)
    if category is None:
        abort(404)
    return category


def _error_on(form: CategoryForm, exc: CategoryError) -> None:
    field = getattr(form, exc.field, form.name)
    field.errors = [*field.errors, str(exc)]


def _add_rule_problems(form: CategoryForm, key: str, category_id: int | None) -> None:
    """Some fields were refused: still check the name and key against the other categories,
    so one submit tells every mistake."""
    if not form.is_submitted() or "csrf_token" in form.errors:
        return
    for problem in service.category_problems(form.name.data or "", key, except_id=category_id):
        if not getattr(form, problem.field, form.name).errors:
            _error_on(form, problem)


@bp.route("/", methods=["GET", "POST"])
def index() -> Response | tuple[str, int]:
    form = NewCategoryForm()
    if form.validate_on_submit():
        try:
            category = service.add_category(form.name.data or "", key=form.key.data or "",
                                            description=form.description.data or "")
            service.set_versions(category, form.versions())
            service.set_colour(category, form.colour.data or "")
            db.session.commit()
        except CategoryError as exc:
            db.session.rollback()
            _error_on(form, exc)
        else:
            flash(_("Category “%(name)s” added with the key %(key)s.", name=category.name,
                    key=category.key), "success")
            return redirect(url_for(".index"))
    else:
        _add_rule_problems(form, form.key.data or "", None)
    categories = all_categories()
    if not form.is_submitted():
        form.colour.data = colour_for("", len(categories))
    colours = {c.id: colour_for(c.colour, i) for i, c in enumerate(categories)}
    return render_template("people/categories.html", categories=categories, colours=colours,
                           form=form), 400 if form.errors else 200


@bp.route("/<int:category_id>/edit", methods=["GET", "POST"])
def edit(category_id: int) -> Response | tuple[str, int]:
    category = _category(category_id)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        try:
            renamed_from = category.name
            renamed = service.rename_category(category, form.name.data or "")
            service.describe_category(category, form.description.data or "")
            service.set_versions(category, form.versions())
            service.set_colour(category, form.colour.data or "")
            db.session.commit()
        except CategoryError as exc:
            db.session.rollback()
            _error_on(form, exc)
        else:
            flash(_("Category “%(old)s” renamed to “%(new)s”; imports still accept the old "
                    "name.", old=renamed_from, new=category.name) if renamed
                  else _("Category “%(name)s” saved.", name=category.name), "success")
            if service.versions_to_review(category):
                flash(_("Its French or Spanish name was written for the old name: check it."),
                      "info")
            return redirect(url_for(".index"))
    else:
        _add_rule_problems(form, "", category.id)
    if not form.is_submitted():
        form.colour.data = service.badge_colour(category)
    return render_template("people/category_form.html", category=category, form=form,
                           renames=service.renames_of(category)), 400 if form.errors else 200


@bp.post("/<int:category_id>/reviewed")
def reviewed(category_id: int) -> Response:
    """The French and Spanish names still fit the renamed original: the warning goes."""
    category = _category(category_id)
    service.mark_versions_reviewed(category)
    db.session.commit()
    flash(_("The versions of “%(name)s” are marked as reviewed.", name=category.name),
          "success")
    return redirect(url_for(".index", _anchor=f"category-{category.id}"))


@bp.post("/<int:category_id>/move")
def move(category_id: int) -> Response:
    category = _category(category_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    service.move_category(category, step)
    db.session.commit()
    return redirect(url_for(".index", _anchor=f"category-{category.id}"))


@bp.post("/<int:category_id>/retire")
def retire(category_id: int) -> Response:
    category = _category(category_id)
    if service.retire_category(category):
        db.session.commit()
        flash(_("Category “%(name)s” retired: it stays on existing records and in reports, "
                "but is no longer offered in forms and imports.",
                name=localized(category, "name")), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:category_id>/unretire")
def unretire(category_id: int) -> Response:
    category = _category(category_id)
    if service.unretire_category(category):
        db.session.commit()
        flash(_("Category “%(name)s” is offered again.", name=localized(category, "name")),
              "success")
    return redirect(url_for(".index"))


@bp.route("/<int:category_id>/delete", methods=["GET", "POST"])
def delete(category_id: int) -> Response | tuple[str, int]:
    category = _category(category_id)
    if request.method == "POST":
        name = localized(category, "name")
        try:
            service.delete_category(category)
            db.session.commit()
        except CategoryError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for(".delete", category_id=category_id))
        flash(_("Category “%(name)s” deleted.", name=name), "success")
        return redirect(url_for(".index"))
    return render_template("people/category_delete.html", category=category,
                           usage=service.usage(category)), 200
