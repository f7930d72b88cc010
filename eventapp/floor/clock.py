"""The clock of one intervention, as plain arithmetic on stored instants.

The database holds the truth: seconds already spoken (``elapsed_seconds``) and, while the
clock runs, the instant it last started (``running_since``). Every worker, reload and second
device computes the same figure from those two values and the current time; nothing here
reads a clock of its own, so every rule is exact to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Clock:
    elapsed_seconds: int = 0
    running_since: datetime | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None


def elapsed(clock: Clock, now: datetime) -> int:
    """Whole seconds spoken: the stored seconds plus the running stretch (never negative)."""
    if clock.running_since is None:
        return clock.elapsed_seconds
    stretch = int((now - clock.running_since).total_seconds())
    return clock.elapsed_seconds + max(stretch, 0)


def start(now: datetime) -> Clock:
    return Clock(elapsed_seconds=0, running_since=now)


def pause(clock: Clock, now: datetime) -> Clock:
    """Keep what was spoken so far and stop the running stretch; pausing twice changes nothing."""
    if not clock.running:
        return clock
    return Clock(elapsed_seconds=elapsed(clock, now), running_since=None)


def resume(clock: Clock, now: datetime) -> Clock:
    if clock.running:
        return clock
    return Clock(elapsed_seconds=clock.elapsed_seconds, running_since=now)


def stop(clock: Clock, now: datetime) -> int:
    """The final seconds of the intervention."""
    return elapsed(clock, now)


def remaining(clock: Clock, limit_seconds: int | None, now: datetime) -> int | None:
    """Seconds left before the limit; negative once over it; None without a limit."""
    if limit_seconds is None:
        return None
    return limit_seconds - elapsed(clock, now)


def overrun(clock: Clock, limit_seconds: int | None, now: datetime) -> int:
    """Seconds spoken beyond the limit (0 within it)."""
    left = remaining(clock, limit_seconds, now)
    return 0 if left is None or left >= 0 else -left


def format_seconds(seconds: int) -> str:
    """m:ss, with a minus sign for an overrun: '2:05', '-0:12'."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"
