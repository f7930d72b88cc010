"""Every text field of every form has a length limit, never above its database column."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, IntegerField, StringField
from wtforms.validators import Length, NumberRange

from eventapp.input_bounds import column_length, column_lengths, fits_column
from eventapp.people.models import Organization, Person
from eventapp.programme.forms import EventForm, NewSpeakerForm, RoomForm, SessionForm
from eventapp.programme.models import Event, Room, Session
from eventapp.registration.forms import RegistrationForm
from eventapp.registration.models import Registration
from eventapp.request_input import DB_INT_MAX

# Form field -> the column it is stored in, where the names differ or several models meet.
STORED_IN = {
    EventForm: {name: (Event, name) for name in (
        "slug", "title", "theme", "venue", "city", "country", "timezone")},
    RoomForm: {"name": (Room, "name")},
    SessionForm: {"title": (Session, "title")},
    NewSpeakerForm: {**{name: (Person, name) for name in (
        "honorific", "first_name", "last_name", "job_title")},
        "org_name": (Organization, "name")},
    RegistrationForm: {**{name: (Person, name) for name in (
        "honorific", "first_name", "last_name", "job_title", "email", "gender_description")},
        "speaking_topic": (Registration, "speaking_topic"),
        "new_organization_name": (Organization, "name")},
}


def _all_forms(cls: type = Form) -> set[type]:
    """The app's form classes (forms that tests define for themselves left out)."""
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_all_forms(sub)}
    return {form for form in found if form.__module__.startswith("eventapp.")}


def _max_length(field) -> int | None:
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max >= 0]
    return min(limits) if limits else None


def _bound(form_class: type, app) -> FlaskForm:
    with app.test_request_context():
        return form_class(meta={"csrf": False})


def test_column_length_reads_the_schema():
    assert column_length(Session, "title") == 300
    assert column_lengths(Person, {"name": "last_name"}) == {"name": 120}
    with pytest.raises(ValueError, match="Event.description has no declared length"):
        column_length(Event, "description")


def test_fits_column_refuses_one_character_more_than_the_column(app):
    from wtforms import Form, StringField
    from wtforms.validators import ValidationError

    validator = fits_column(Room, "name")
    field = Form().meta.bind_field(Form(), StringField(), {"name": "name", "prefix": ""})
    field.data = "x" * 121
    with app.test_request_context(), pytest.raises(ValidationError) as refused:
        validator(None, field)
    assert (validator.max, str(refused.value)) == (120, "Use at most 120 characters.")


def test_every_text_field_of_every_form_has_a_length_limit(app):
    unbounded = []
    for form_class in _all_forms(FlaskForm):
        try:
            form = _bound(form_class, app)
        except TypeError:
            continue  # needs constructor arguments: built by its own view's tests
        for field in form:
            # Hidden fields carry tokens and the confirmed file, checked where they are read.
            if (isinstance(field, StringField) and not isinstance(field, HiddenField)
                    and _max_length(field) is None):
                unbounded.append(f"{form_class.__name__}.{field.name}")
    assert sorted(unbounded) == [], "\n".join(sorted(unbounded))


@pytest.mark.parametrize("form_class", list(STORED_IN), ids=lambda c: c.__name__)
def test_text_fields_fit_their_columns(app, form_class):
    form = _bound(form_class, app)
    too_long = {
        name: (_max_length(getattr(form, name)), column_length(model, column))
        for name, (model, column) in STORED_IN[form_class].items()
    }
    assert {name: pair for name, pair in too_long.items()
            if pair[0] is None or pair[0] > pair[1]} == {}


def test_integer_fields_stay_within_the_database_integer(app):
    unbounded = []
    for form_class in _all_forms(FlaskForm):
        try:
            form = _bound(form_class, app)
        except TypeError:
            continue
        for field in form:
            if isinstance(field, IntegerField):
                ranges = [v for v in field.validators if isinstance(v, NumberRange)]
                if not ranges or min(v.max for v in ranges) > DB_INT_MAX:
                    unbounded.append(f"{form_class.__name__}.{field.name}")
    assert sorted(unbounded) == [], "\n".join(sorted(unbounded))
