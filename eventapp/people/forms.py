"""Forms of the category back office."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import ColorField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp.form_choices import options
from eventapp.i18n.content import localized
from eventapp.people.categories import DESCRIPTION_MAX, KEY_MAX, NAME_MAX
from eventapp.people.models import StakeholderCategory


def _version(label: str, language: str, textarea: bool = False) -> StringField:
    """The French or Spanish version of a field: optional, marked with its language."""
    kind = TextAreaField if textarea else StringField
    return kind(label, validators=[Optional(),
                                   Length(max=DESCRIPTION_MAX if textarea else NAME_MAX)],
                render_kw={"lang": language})


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(message=_l("Give the category a name.")), Length(max=NAME_MAX)])
    name_fr = _version(_l("Name in French"), "fr")
    name_es = _version(_l("Name in Spanish"), "es")
    description = TextAreaField(_l("Description"),
                                validators=[Optional(), Length(max=DESCRIPTION_MAX)],
                                description=_l("Shown to participants when they choose it."))
    description_fr = _version(_l("Description in French"), "fr", textarea=True)
    description_es = _version(_l("Description in Spanish"), "es", textarea=True)
    colour = ColorField(
        _l("Badge colour"), validators=[Optional(), Length(max=7), Regexp(
            r"^\s*#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$",
            message=_l("Give the colour as # and six hexadecimal digits, such as #1f5f9e."))],
        description=_l("The band at the foot of this category's badges. Its text is black or "
                       "white, whichever reads better, so badges also read in black and white."))
    submit = SubmitField(_l("Save"))

    def versions(self) -> dict[str, str]:
        """The French and Spanish versions as typed, by column name."""
        return {name: getattr(self, name).data or "" for name in (
            "name_fr", "name_es", "description_fr", "description_es")}


class NewCategoryForm(CategoryForm):
    key = StringField(
        _l("Key"), validators=[Optional(), Length(max=KEY_MAX)],
        description=_l("The short name spreadsheets use, such as “trade-unions”. Leave it empty "
                       "to derive it from the name. It cannot be changed later."))
    submit = SubmitField(_l("Add category"))


class OfferedCategoriesForm(FlaskForm):
    """Which active categories an event offers at registration; none ticked offers them all."""

    categories = SelectMultipleField(
        _l("Categories offered"), coerce=int, validate_choice=False,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    submit = SubmitField(_l("Save the categories offered"))

    def set_choices(self, categories: list[StakeholderCategory]) -> None:
        self.categories.choices = options((c.id, localized(c, "name")) for c in categories)
