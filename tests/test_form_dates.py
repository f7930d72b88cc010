"""Dates and times typed by hand: the accepted forms per language, and the format asked for."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from eventapp.form_dates import (
    date_format_message,
    datetime_format_message,
    parse_date,
    parse_datetime,
    parse_time,
    time_format_message,
)

OCT_14 = date(2019, 10, 14)


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "2019-10-14", OCT_14), ("fr", "2019-10-14", OCT_14), ("es", "2019-10-14", OCT_14),
    ("en", " 2019-10-14 ", OCT_14),
    ("fr", "14/10/2019", OCT_14), ("es", "14/10/2019", OCT_14), ("fr", "14.10.2019", OCT_14),
    ("fr", "03/04/2019", date(2019, 4, 3)), ("es", "3-4-2019", date(2019, 4, 3)),
    ("en", "14/10/2019", OCT_14), ("en", "03/04/2019", None), ("en", "10/14/2019", None),
    ("en", "14 Oct 2019", OCT_14), ("en", "14 October 2019", OCT_14),
    ("en", "October 14, 2019", OCT_14), ("en", "14 Sept 2019", date(2019, 9, 14)),
    ("fr", "14 oct. 2019", OCT_14), ("fr", "14 octobre 2019", OCT_14),
    ("fr", "14 févr. 2019", date(2019, 2, 14)), ("fr", "1 aout 2019", date(2019, 8, 1)),
    ("es", "14 de octubre de 2019", OCT_14), ("es", "14 oct 2019", OCT_14),
    ("es", "14 de Octubre de 2019", OCT_14), ("fr", "14 Oct 2019", OCT_14),
    ("fr", "31/02/2019", None), ("fr", "14 octobre", None), ("en", "tomorrow", None),
    ("en", "", None), ("es", "14 de brumario de 2019", None), ("en", "2019-13-01", None),
])
def test_parse_date_per_language(language, text, expected):
    assert parse_date(text, language) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("14:30", time(14, 30)), ("14h30", time(14, 30)), ("14 h 30", time(14, 30)),
    ("14h", time(14, 0)), ("9:05", time(9, 5)), ("14.30", time(14, 30)),
    ("14:30:00", time(14, 30)), ("2:30 pm", time(14, 30)), ("2:30PM", time(14, 30)),
    ("2 pm", time(14, 0)), ("12 am", time(0, 0)), ("12:15 p.m.", time(12, 15)),
    ("14", None), ("24:00", None), ("13 pm", None), ("14:60", None), ("noon", None),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "2019-10-14T14:30", datetime(2019, 10, 14, 14, 30)),
    ("en", "2019-10-14 14:30", datetime(2019, 10, 14, 14, 30)),
    ("fr", "14/10/2019 14h30", datetime(2019, 10, 14, 14, 30)),
    ("en", "14 Oct 2019 2:30 pm", datetime(2019, 10, 14, 14, 30)),
    ("es", "14 de octubre de 2019 9:00", datetime(2019, 10, 14, 9, 0)),
    ("en", "2019-10-14", None), ("en", "14:30", None),
])
def test_parse_datetime(language, text, expected):
    assert parse_datetime(text, language) == expected


@pytest.mark.parametrize(("language", "messages"), [
    ("en", ("Type the date as YYYY-MM-DD, for example 2019-10-14, or as 14 Oct 2019.",
            "Type the time as HH:MM on the 24-hour clock, for example 14:30, or as 2:30 pm.",
            "Type the date and time as YYYY-MM-DD HH:MM, for example 2019-10-14 14:30.")),
    ("fr", ("Saisissez la date au format JJ/MM/AAAA, par exemple 14/10/2019, ou "
            "AAAA-MM-JJ, ou encore 14 oct. 2019.",
            "Saisissez l’heure au format HH:MM sur 24 heures, par exemple 14:30 ou 14h30.",
            "Saisissez la date et l’heure au format JJ/MM/AAAA HH:MM, par exemple "
            "14/10/2019 14:30.")),
    ("es", ("Escriba la fecha con el formato DD/MM/AAAA, por ejemplo 14/10/2019, o "
            "AAAA-MM-DD, o bien 14 de octubre de 2019.",
            "Escriba la hora con el formato HH:MM de 24 horas, por ejemplo 14:30.",
            "Escriba la fecha y la hora con el formato DD/MM/AAAA HH:MM, por ejemplo "
            "14/10/2019 14:30.")),
])
def test_format_messages_in_each_language(app, language, messages):
    with app.test_request_context(f"/?lang={language}"):
        assert (date_format_message(), time_format_message(),
                datetime_format_message()) == messages
