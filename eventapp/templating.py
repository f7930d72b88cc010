"""Jinja filters and globals: every time shown is in the event's zone, and says so."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from eventapp.error_summary import summary_items
from eventapp.people.models import GOVERNANCE_LABELS
from eventapp.programme.models import SESSION_KIND_LABELS, SPEAKER_ROLE_LABELS
from eventapp.text_format import plain_text_html


def _zone(zone: ZoneInfo | str) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def local_time(moment: datetime, zone: ZoneInfo | str) -> str:
    return moment.astimezone(_zone(zone)).strftime("%H:%M")


def local_datetime(moment: datetime, zone: ZoneInfo | str) -> str:
    local = moment.astimezone(_zone(zone))
    return f"{long_date(local.date())}, {local:%H:%M} {local.tzname()}"


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_range(start: date, end: date) -> str:
    if start == end:
        return short_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    return f"{short_date(start)} – {short_date(end)}"


def zone_label(moment: datetime | None, zone: ZoneInfo | str) -> str:
    """'America/New_York (EDT, UTC−04:00)': the zone named, with the offset in force."""
    z = _zone(zone)
    if moment is None:
        return z.key
    local = moment.astimezone(z)
    offset = local.utcoffset()
    total = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if total >= 0 else "−"
    hours, minutes = divmod(abs(total), 60)
    return f"{z.key} ({local.tzname()}, UTC{sign}{hours:02d}:{minutes:02d})"


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(short_date, "short_date")
    app.add_template_global(date_range, "date_range")
    app.add_template_global(zone_label, "zone_label")
    app.add_template_global(SESSION_KIND_LABELS, "SESSION_KIND_LABELS")
    app.add_template_global(SPEAKER_ROLE_LABELS, "SPEAKER_ROLE_LABELS")
    app.add_template_global(GOVERNANCE_LABELS, "GOVERNANCE_LABELS")
    app.add_template_global(summary_items, "error_summary_items")
    app.add_template_filter(plain_text_html, "plain_text")
