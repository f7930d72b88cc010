"""What the chair console shows of budgets and interjections (templates/floor/_console_*.html).

Kept apart from console_views so the console's own context gains one line; the budgets form
comes back here with what was typed and its errors when the chair's input is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from eventapp.floor import budgets, queries
from eventapp.floor.interjections import KIND_LABELS
from eventapp.floor.room_forms import BUDGET_FIELD_PREFIX, BudgetsForm, InterjectForm
from eventapp.floor.state import FloorState
from eventapp.i18n.content import localized
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event


@dataclass(frozen=True)
class BudgetRow:
    """One category in the budgets table and form."""

    category_id: int
    name: str
    field_name: str
    typed: str
    error: str
    line: budgets.BudgetLine | None
    used: int = 0
    left: int = 0
    left_text: str = ""


def _typed(line: budgets.BudgetLine, mode: str) -> str:
    if line.unit == "percent":
        return str(line.amount) if mode == "percent" else ""
    if mode == "percent":
        return ""
    minutes = line.amount / 60
    return str(int(minutes)) if minutes.is_integer() else f"{minutes:.2f}".rstrip("0")


def room_context(event: Event, floor: FloorState, now: datetime, *,
                 budgets_form: BudgetsForm | None = None,
                 typed: Mapping[int, str] | None = None,
                 errors: Mapping[int, str] | None = None,
                 categories: Mapping[int, StakeholderCategory] | None = None,
                 people: Sequence[tuple[str, str]] | None = None) -> dict:
    """Budget rows for every current category, the interjection form and its labels.

    ``categories`` and ``people`` (the walk-in picker's choices) are the console's own,
    passed in so the page sends no second query for them.
    """
    if categories is None:
        categories = queries.categories_by_id()
    if people is None:
        people = [(str(i), label) for i, label in queries.walk_in_choices(event.id)]
    by_category = {line.category_id: line for line in floor.budgets}
    if budgets_form is None:
        budgets_form = BudgetsForm(formdata=None)
        budgets_form.mode.data = "percent" if any(
            line.unit == "percent" for line in floor.budgets) else "minutes"
    mode = budgets_form.mode.data or "minutes"
    errors = errors or {}
    rows = []
    for category in sorted(categories.values(),
                           key=lambda c: (c.sort_order, c.name)):
        line = by_category.get(category.id)
        if category.is_retired and line is None:
            continue
        rows.append(BudgetRow(
            category_id=category.id, name=localized(category, "name"),
            field_name=f"{BUDGET_FIELD_PREFIX}{category.id}",
            typed=(typed or {}).get(category.id, _typed(line, mode) if line else ""),
            error=errors.get(category.id, ""), line=line,
            used=line.used(now) if line else 0, left=line.left(now) if line else 0,
            left_text=budgets.left_text(line, now) if line else "",
        ))
    interject_form = InterjectForm(formdata=None)
    interject_form.person_id.choices = [("", _("Choose…")), *people]
    return {"budgets_form": budgets_form, "budget_rows": rows,
            "budget_total_error": errors.get(0, ""), "interject_form": interject_form,
            "interjection_labels": {k: str(v) for k, v in KIND_LABELS.items()}}
