from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from eventapp.programme.rules import Problem, nonexistent_time_problem

NEW_YORK = ZoneInfo("America/New_York")


def test_nonexistent_time_problem_names_the_skipped_time_and_where_it_lands():
    assert nonexistent_time_problem("starts_at", date(2018, 3, 11), time(2, 30),
                                    NEW_YORK) == Problem(
        "starts_at",
        "02:30 does not exist on 11 March 2018 in America/New_York: the clocks go forward "
        "that night, so it would be 03:30. Choose another time.",
    )


def test_nonexistent_time_problem_is_none_for_real_and_repeated_times():
    assert nonexistent_time_problem("x", date(2018, 3, 11), time(3, 0), NEW_YORK) is None
    assert nonexistent_time_problem("x", date(2018, 3, 11), time(1, 59), NEW_YORK) is None
    # The repeated hour in autumn exists (twice): it is not refused.
    assert nonexistent_time_problem("x", date(2018, 11, 4), time(1, 30), NEW_YORK) is None
