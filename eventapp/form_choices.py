"""Choices for SelectField, RadioField and SelectMultipleField."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields import SelectChoice


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """(value, label) pairs as SelectChoice: WTForms 3.4 drops tuple choices."""
    return [SelectChoice(value, label) for value, label in pairs]
