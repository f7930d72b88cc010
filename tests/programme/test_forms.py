"""Validators of the programme's forms that other packages' forms use too."""

from __future__ import annotations

from datetime import date

import pytest
from wtforms import Form
from wtforms.validators import ValidationError

from eventapp.programme.forms import InDateWindow


def test_in_date_window_accepts_datetimes_and_dates():
    class Dated(Form):
        pass

    class Field:
        def __init__(self, data: object) -> None:
            self.data = data

    InDateWindow()(Dated(), Field(date(2200, 12, 31)))
    with pytest.raises(ValidationError, match=r"between the years 1900 and 2200 \(2201"):
        InDateWindow()(Dated(), Field(date(2201, 1, 1)))
