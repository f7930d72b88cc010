from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from eventapp.timeutil import (
    UnknownTimezone,
    is_nonexistent_local,
    local_to_utc,
    validate_timezone,
)

NEW_YORK = ZoneInfo("America/New_York")


def test_local_to_utc_uses_daylight_offset_after_change():
    assert local_to_utc(date(2018, 3, 26), time(9, 0), NEW_YORK) == datetime(
        2018, 3, 26, 13, 0, tzinfo=UTC)
    assert local_to_utc(date(2018, 3, 1), time(9, 0), NEW_YORK) == datetime(
        2018, 3, 1, 14, 0, tzinfo=UTC)


def test_local_to_utc_moves_skipped_time_forward():
    moment = local_to_utc(date(2018, 3, 11), time(2, 30), NEW_YORK)
    assert moment == datetime(2018, 3, 11, 7, 30, tzinfo=UTC)
    assert moment.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:30 EDT"
    assert is_nonexistent_local(date(2018, 3, 11), time(2, 30), NEW_YORK) is True
    assert is_nonexistent_local(date(2018, 3, 11), time(3, 30), NEW_YORK) is False


def test_local_to_utc_takes_first_of_repeated_hour():
    assert local_to_utc(date(2018, 11, 4), time(1, 30), NEW_YORK) == datetime(
        2018, 11, 4, 5, 30, tzinfo=UTC)


def test_validate_timezone_accepts_iana_and_refuses_made_up_names():
    assert validate_timezone("Europe/Zurich").key == "Europe/Zurich"
    with pytest.raises(UnknownTimezone, match="Europe/Zurich \\(for Geneva\\)"):
        validate_timezone("Europe/Geneva")
    with pytest.raises(UnknownTimezone):
        validate_timezone("GMT+25")
