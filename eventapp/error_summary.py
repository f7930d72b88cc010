"""The error summary at the top of a failed form: every message, each linked to its field.

One function for every form of the app, so a form added later gets the same summary: nested
forms (FieldList, FormField) are walked, form-level errors come first without a link, and a
radio group links to its first option, since the group itself is not focusable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from wtforms import Field, Form

_UNLINKED = ("HiddenField", "CSRFTokenField")
_GROUPS = ("FormField", "FieldList")


@dataclass(frozen=True)
class SummaryItem:
    message: str
    target: str | None = None  # the id of the element the link moves to
    label: str | None = None


def summary_items(
    form: Form | None,
    *,
    labels: Mapping[str, str] | None = None,
    targets: Mapping[str, str] | None = None,
    extra: Iterable[str | None] = (),
    first: Sequence[str] = (),
) -> list[SummaryItem]:
    """Every error of `form` in field order; `labels`/`targets` override by field id.

    `first` names the fields a template draws before the others (in that order), so that the
    summary reads in the order of the page.
    """
    items: list[SummaryItem] = []
    if form is not None:
        items.extend(SummaryItem(str(m)) for m in getattr(form, "form_errors", None) or [])
        fields = list(form)
        rank = {name: i for i, name in enumerate(first)}
        fields.sort(key=lambda f: rank.get(f.name, len(rank)))
        _collect(fields, labels or {}, targets or {}, items)
    items.extend(SummaryItem(str(m)) for m in extra if m)
    return items


def _collect(fields: Iterable[Field], labels: Mapping[str, str], targets: Mapping[str, str],
             items: list[SummaryItem]) -> None:
    for f in fields:
        if f.type in _GROUPS:
            _collect(f, labels, targets, items)
            continue
        for message in f.errors:
            if f.type in _UNLINKED:
                items.append(SummaryItem(str(message)))
            else:
                label = labels.get(f.id, f.label.text)
                items.append(SummaryItem(str(message), targets.get(f.id, _target(f)), label))


def _target(f: Field) -> str:
    if f.type == "RadioField" and getattr(f, "choices", None):
        return next(iter(f)).id
    return f.id
