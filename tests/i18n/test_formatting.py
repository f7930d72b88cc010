from datetime import UTC, date, datetime

import pytest

from eventapp.i18n.formatting import date_range, local_datetime, long_date, number, percent


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Monday 15 October 2018"),
    ("fr", "lundi 15 octobre 2018"),
    ("es", "lunes, 15 de octubre de 2018"),
])
def test_long_date_in_each_language(app_ctx, language, expected):
    assert long_date(date(2018, 10, 15), language) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "15–16 October 2018"),
    ("fr", "15–16 octobre 2018"),
    ("es", "15–16 de octubre de 2018"),
])
def test_date_range_within_a_month_in_each_language(app_ctx, language, expected):
    assert date_range(date(2018, 10, 15), date(2018, 10, 16), language) == expected


def test_date_range_across_months_in_french(app_ctx):
    assert date_range(date(2019, 3, 30), date(2019, 4, 2), "fr") == "30 mars 2019 – 2 avril 2019"


def test_local_datetime_names_the_zone_across_dst_in_spanish(app_ctx):
    # New York leaves daylight saving time on 4 November 2018 at 02:00 local time.
    before = datetime(2018, 11, 4, 5, 30, tzinfo=UTC)
    after = datetime(2018, 11, 4, 7, 30, tzinfo=UTC)
    assert local_datetime(before, "America/New_York", "es") == (
        "domingo, 4 de noviembre de 2018, 01:30 EDT")
    assert local_datetime(after, "America/New_York", "es") == (
        "domingo, 4 de noviembre de 2018, 02:30 EST")


def test_number_and_percent_follow_the_language_of_the_request(app):
    with app.test_request_context("/?lang=fr"):
        assert (number(12345.5, 1), percent(0.255)) == ("12\u202f345,5", "26\u00a0%")
    with app.test_request_context("/?lang=es"):
        assert (number(12345.5, 1), percent(0.255, 1)) == ("12.345,5", "25,5\u00a0%")
    with app.test_request_context("/"):
        assert (number(12345.5, 1), percent(0.255)) == ("12,345.5", "26%")
