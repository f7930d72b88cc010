"""Changing an event's balance targets: the rules live here, forms only check shapes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.balance.models import BalanceTarget
from eventapp.extensions import db
from eventapp.i18n.formatting import percent
from eventapp.programme.models import Event


@dataclass(frozen=True)
class TargetInput:
    category_id: int
    min_percent: float | None = None
    max_percent: float | None = None
    required_on_panels: bool = False

    @property
    def is_empty(self) -> bool:
        return self.min_percent is None and self.max_percent is None and not self.required_on_panels


def typed_percent(value: float) -> str:
    """A percentage as it was typed (15, 15.5), in the visitor's language: '15.5%', '15,5 %'."""
    typed = f"{value:g}"
    digits = len(typed.split(".")[1]) if "." in typed else 0
    return percent(value / 100, digits)


class TargetError(ValueError):
    pass


def validate_targets(rows: Sequence[TargetInput], category_names: dict[int, str]) -> None:
    seen = set()
    for row in rows:
        name = category_names.get(row.category_id)
        if name is None or row.category_id in seen:
            raise TargetError(
                _("The list of categories has changed; reload the page and try again."))
        seen.add(row.category_id)
        for value in (row.min_percent, row.max_percent):
            if value is not None and not 0 <= value <= 100:
                raise TargetError(_("%(category)s: shares are percentages between 0 and 100.",
                                    category=name))
        if (row.min_percent is not None and row.max_percent is not None
                and row.min_percent > row.max_percent):
            raise TargetError(_("%(category)s: the minimum share is above the maximum.",
                                category=name))
    problem = minimum_total_problem(rows)
    if problem is not None:
        raise TargetError(problem)


def minimum_total_problem(rows: Sequence[TargetInput]) -> str | None:
    """The minimum shares cannot all be given when they add up to more than 100%."""
    floor = sum(row.min_percent or 0 for row in rows)
    if floor <= 100:
        return None
    return _("The minimum shares add up to %(total)s; no programme can give every category "
             "its minimum. Lower some of them so they total 100%% or less.",
             total=typed_percent(floor))


def save_targets(event: Event, rows: Sequence[TargetInput], category_names: dict[int, str], *,
                 requires_local_voice: bool, balance_is_public: bool) -> None:
    """Replace the event's targets with `rows`; saving the same form twice changes nothing."""
    validate_targets(rows, category_names)
    existing = {
        t.category_id: t
        for t in db.session.scalars(select(BalanceTarget).where(BalanceTarget.event_id == event.id))
    }
    for row in rows:
        target = existing.get(row.category_id)
        if row.is_empty:
            if target is not None:
                db.session.delete(target)
            continue
        if target is None:
            target = BalanceTarget(event_id=event.id, category_id=row.category_id)
            db.session.add(target)
        target.min_percent = row.min_percent
        target.max_percent = row.max_percent
        target.required_on_panels = row.required_on_panels
    event.requires_local_voice = requires_local_voice
    event.balance_is_public = balance_is_public
    db.session.flush()
