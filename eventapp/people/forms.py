"""Forms of the category back office."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp.form_choices import options
from eventapp.people.categories import KEY_MAX, NAME_MAX
from eventapp.people.models import StakeholderCategory


class CategoryForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(message="Give the category a name."),
                                           Length(max=NAME_MAX)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)],
                                description="Shown to participants when they choose it.")
    submit = SubmitField("Save")


class NewCategoryForm(CategoryForm):
    key = StringField(
        "Key", validators=[Optional(), Length(max=KEY_MAX)],
        description="The short name spreadsheets use, such as “trade-unions”. Leave it empty "
        "to derive it from the name. It cannot be changed later.")
    submit = SubmitField("Add category")


class OfferedCategoriesForm(FlaskForm):
    """Which active categories an event offers at registration; none ticked offers them all."""

    categories = SelectMultipleField(
        "Categories offered", coerce=int, validate_choice=False,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    submit = SubmitField("Save the categories offered")

    def set_choices(self, categories: list[StakeholderCategory]) -> None:
        self.categories.choices = options((c.id, c.name) for c in categories)
