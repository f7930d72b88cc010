"""Pure builders: a balance report as a plain dict, and that dict as JSON, CSV or .xlsx."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.balance.facts import FloorSummary, Funnel, FunnelRow, NotReachedRequest
from eventapp.balance.floor_metrics import HEARD_RULE, NOT_REACHED_RULE, OVERRUN_RULE
from eventapp.balance.funnel import FUNNEL_RULE, STAGES
from eventapp.balance.measures import z_meaning
from eventapp.balance.metrics import BalanceReport, GroupRow
from eventapp.spreadsheets import safe_cell
from eventapp.xlsx import DATETIME_FORMAT, PERCENT_FORMAT, Column, build_xlsx

GROUP_FIELDS = (
    "key", "label", "slots", "planned_minutes", "actual_minutes", "minutes", "slot_share",
    "minute_share", "registration_share", "representation_ratio", "z", "target_min",
    "target_max", "flag", "recorded_slots", "recorded_planned_minutes",
)
FLOOR_FIELDS = ("interventions", "not_reached", "over_limit", "overrun_minutes")
# Added later, so kept after the first columns: a spreadsheet reading columns by place keeps
# working. "overrun_minutes" is already a column above.
HEARD_FIELDS = ("not_heard_slots", "not_heard_minutes", "heard_untimed_slots",
                "heard_untimed_minutes")
OUTCOME_FIELDS = ("requests", "spoke", "skipped", "removed", "withdrawn")
NAME_FIELDS = ("session", "person", "organization", "requested_at")
# The funnel (participants from registered to heard), after every earlier column. Its rows
# are dimensions of their own ("funnel_category", ...): they count registrations by the
# category registered as, not speakers by the category they spoke as.
FUNNEL_FIELDS = (*STAGES, "heard_minutes")
FUNNEL_DIMENSIONS = ("category", "governance_level", "region")
CSV_COLUMNS = ("dimension", *GROUP_FIELDS, "z_meaning", "value", *FLOOR_FIELDS,
               *HEARD_FIELDS, *OUTCOME_FIELDS, *NAME_FIELDS, *FUNNEL_FIELDS)
DIMENSION_KEYS = ("by_category", "by_role", "by_governance_level", "by_gender", "by_region")
MINUTES_RULE = _l("Speaking time counts a slot's recorded actual time where a clock recorded "
                   "it. In a session that has been run, an untimed slot counts its planned "
                   "minutes only when the chair marked it heard, else nothing (planned, not "
                   "heard); a session never run counts its planned minutes.")
Z_RULE = _l("z compares the slot share with the share among approved participants: "
            "z = (p_slot - p_reg) / sqrt(p_reg (1 - p_reg) / n), n = slots in scope.")
BASELINE_RULE = _l("Shares of registrations and the fit to registrations count approved "
                   "participants who are not invited speakers: the audience the speakers are "
                   "compared with.")


def _group(row: GroupRow) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in GROUP_FIELDS}
    data["z_meaning"] = z_meaning(row.z)
    data.update({name: getattr(row, name) for name in (*HEARD_FIELDS, "overrun_minutes")})
    return data


def report_to_dict(report: BalanceReport, *, event_slug: str = "",
                   not_reached: Sequence[NotReachedRequest] | None = None) -> dict[str, Any]:
    """The report as plain data; `not_reached` (names, for organizers only) adds a section."""
    data = _report_dict(report, event_slug)
    if not_reached is not None:
        data["not_reached_requests"] = _names(report, not_reached)
    return data


def _names(report: BalanceReport,
           not_reached: Sequence[NotReachedRequest]) -> list[dict[str, Any]]:
    """Who asked and was not reached, in the sessions of the report's scope."""
    titles = {s.id: s.title for s in report.sessions}
    labels = {row.key: row.label for row in report.by_category}
    return [{"session": r.session_id, "session_title": titles[r.session_id], "name": r.name,
             "organization": r.organization, "category": r.category_key,
             "category_label": labels.get(r.category_key, r.category_key), "kind": r.kind,
             "requested_at": r.requested_at.isoformat()}
            for r in not_reached if r.session_id in titles]


def _report_dict(report: BalanceReport, event_slug: str) -> dict[str, Any]:
    scope = report.scope
    return {
        "event": event_slug,
        "scope": {
            "day": scope.day.isoformat() if scope.day else None,
            "kinds": sorted(scope.kinds),
            "session": scope.session_id,
        },
        # Keys stay; the sentences follow the language the report is built in.
        "rules": {key: str(rule) for key, rule in (
            ("minutes", MINUTES_RULE), ("z", Z_RULE), ("baseline", BASELINE_RULE),
            ("not_reached", NOT_REACHED_RULE), ("overrun", OVERRUN_RULE),
            ("heard", HEARD_RULE),
            *((("funnel", FUNNEL_RULE),) if report.funnel is not None else ()))},
        "baseline": report.baseline,
        "totals": {
            "slots": report.total_slots,
            "minutes": report.total_minutes,
            "slots_with_recorded_time": report.recorded_slots,
            "approved_participants": report.registrations,
            "planned_not_heard_slots": report.not_heard_slots,
            "planned_not_heard_minutes": report.not_heard_minutes,
            "heard_untimed_slots": report.heard_untimed_slots,
            "heard_untimed_minutes": report.heard_untimed_minutes,
            **_floor_totals(report.floor),
        },
        **{name: [_group(row) for row in getattr(report, name)] for name in DIMENSION_KEYS},
        "category_by_role": [
            {"key": row.key, "label": row.label, "slots": row.slots, "minutes": row.minutes,
             "roles": {role: asdict(cell) for role, cell in row.cells.items()}}
            for row in report.category_by_role
        ],
        "sessions": [
            {"id": s.id, "title": s.title, "kind": s.kind,
             "day": s.local_day.isoformat() if s.local_day else None, "slots": s.slots,
             "minutes": s.minutes, "categories": list(s.category_keys), "flags": list(s.flags)}
            for s in report.sessions
        ],
        "scores": {
            "evenness": report.scores.evenness,
            "fit_to_registrations": report.scores.fit_to_registrations,
        },
        **_floor_sections(report.floor),
        **_funnel_section(report.funnel),
    }


def _funnel_row(row: FunnelRow, days: list[str]) -> dict[str, Any]:
    return {"key": row.key, "label": row.label,
            **{name: getattr(row, name) for name in FUNNEL_FIELDS},
            "present_by_day": dict(zip(days, row.present_by_day, strict=True))}


def _funnel_section(funnel: Funnel | None) -> dict[str, Any]:
    if funnel is None:
        return {}
    days = [day.isoformat() for day in funnel.days]
    return {"funnel": {
        "present_on": funnel.day.isoformat() if funnel.day else None,
        "days": days,
        "totals": _funnel_row(funnel.total, days),
        "invited_speakers": _funnel_row(funnel.invited, days),
        **{f"by_{name}": [_funnel_row(row, days) for row in rows]
           for name, rows in funnel.dimensions},
    }}


def _floor_totals(floor: FloorSummary | None) -> dict[str, int]:
    if floor is None:
        return {}
    return {"floor_interventions": floor.interventions, "not_given_the_floor": floor.not_reached,
            "interventions_over_limit": floor.over_limit}


def _floor_sections(floor: FloorSummary | None) -> dict[str, Any]:
    if floor is None:
        return {}
    return {
        "floor_by_category": [{"key": row.key, "label": row.label,
                               "interventions": row.interventions,
                               "not_reached": row.not_reached, "requests": row.requests,
                               "spoke": row.spoke, "skipped": row.skipped,
                               "removed": row.removed, "withdrawn": row.withdrawn,
                               **{name: getattr(row, name) for name in HEARD_FIELDS}}
                              for row in floor.by_category],
        "session_timing": [
            {"id": s.id, "title": s.title, "kind": s.kind,
             "day": s.local_day.isoformat() if s.local_day else None, "slots": s.slots,
             "timed_slots": s.timed_slots, "planned_minutes": s.planned_minutes,
             "actual_minutes": s.actual_minutes, "overrun_minutes": s.overrun_minutes,
             "interventions": s.interventions, "over_limit": s.over_limit,
             "not_reached": s.not_reached,
             **{name: getattr(s, name) for name in HEARD_FIELDS}}
            for s in floor.sessions
        ],
    }


def build_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def _rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for name in DIMENSION_KEYS:
        dimension = name.removeprefix("by_")
        for group in data[name]:
            yield {"dimension": dimension, **group}
    for row in data["category_by_role"]:
        for role, cell in row["roles"].items():
            yield {"dimension": "category_by_role", "key": f"{row['key']}:{role}",
                   "label": f"{row['label']} / {role}", "slots": cell["slots"],
                   "minutes": cell["minutes"]}
    for session in data["sessions"]:
        yield {"dimension": "session", "key": session["id"], "label": session["title"],
               "slots": session["slots"], "minutes": session["minutes"],
               "flag": "; ".join(session["flags"]) or None}
    for row in data.get("floor_by_category", ()):
        yield {"dimension": "floor", **{name: row[name] for name in (
            "key", "label", "interventions", "not_reached", *HEARD_FIELDS, *OUTCOME_FIELDS)}}
    for s in data.get("session_timing", ()):
        yield {"dimension": "session_timing", "key": s["id"], "label": s["title"],
               "slots": s["slots"], "recorded_slots": s["timed_slots"],
               "planned_minutes": s["planned_minutes"],
               "recorded_planned_minutes": s["planned_minutes"],
               "actual_minutes": s["actual_minutes"], "overrun_minutes": s["overrun_minutes"],
               "interventions": s["interventions"], "over_limit": s["over_limit"],
               **{name: s[name] for name in HEARD_FIELDS}}
    for r in data.get("not_reached_requests", ()):
        yield {"dimension": "not_reached_request", "key": r["category"],
               "label": r["category_label"], "session": r["session"], "person": r["name"],
               "organization": r["organization"], "requested_at": r["requested_at"]}
    yield from _funnel_rows(data.get("funnel"))
    for key, value in data["scores"].items():
        yield {"dimension": "score", "key": key, "label": key.replace("_", " "), "value": value}
    yield {"dimension": "baseline", "key": "approved_participants", "label": data["baseline"],
           "value": data["totals"]["approved_participants"]}


def _funnel_rows(funnel: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    """Each group's funnel, then its check-ins per day (the `present` column)."""
    if funnel is None:
        return
    for name in FUNNEL_DIMENSIONS:
        for row in funnel[f"by_{name}"]:
            yield {"dimension": f"funnel_{name}",
                   **{field: row[field] for field in ("key", "label", *FUNNEL_FIELDS)}}
    for name in FUNNEL_DIMENSIONS:
        for row in funnel[f"by_{name}"]:
            for day, present in row["present_by_day"].items():
                yield {"dimension": f"funnel_{name}_by_day", "key": f"{row['key']}:{day}",
                       "label": f"{row['label']} / {day}", "present": present}
    for name, key in (("totals", "all"), ("invited_speakers", "invited")):
        row = funnel[name]
        yield {"dimension": "funnel_total", "key": key, "label": name.replace("_", " "),
               **{field: row[field] for field in FUNNEL_FIELDS}}
        for day, present in row["present_by_day"].items():
            yield {"dimension": "funnel_total_by_day", "key": f"{key}:{day}",
                   "label": f"{name.replace('_', ' ')} / {day}", "present": present}


def build_csv(data: dict[str, Any]) -> str:
    """Long format: one row per (dimension, group); every section shares one header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in _rows(data):
        writer.writerow([safe_cell(row.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()


# Shares (0..1) and targets shown as percentages; the rest of the numbers as they are.
_PERCENT_FIELDS = frozenset(("slot_share", "minute_share", "registration_share", "target_min",
                             "target_max"))
_XLSX_WIDTHS = {"dimension": 18, "key": 18, "label": 34, "z_meaning": 30, "flag": 24,
                "session": 9, "person": 24, "organization": 28}


def _xlsx_columns(zone: ZoneInfo) -> list[Column]:
    columns = []
    for name in CSV_COLUMNS:
        if name == "requested_at":
            columns.append(Column(f"requested_at ({zone.key})", 28, DATETIME_FORMAT))
        elif name in _PERCENT_FIELDS:
            columns.append(Column(name, max(len(name) + 2, 10), PERCENT_FORMAT))
        else:
            columns.append(Column(name, _XLSX_WIDTHS.get(name, max(len(name) + 2, 8))))
    return columns


def _local(moment: str | None, zone: ZoneInfo) -> datetime | None:
    """An ISO time of the report as the event's local time, without a zone (spreadsheets
    have none; the column's header names it)."""
    if not moment:
        return None
    return datetime.fromisoformat(moment).astimezone(zone).replace(tzinfo=None, microsecond=0)


def build_xlsx_report(data: dict[str, Any], zone: ZoneInfo) -> bytes:
    """The CSV's long format as a workbook: numbers typed, shares as percentages."""
    rows = ([_local(row.get(column), zone) if column == "requested_at" else row.get(column)
             for column in CSV_COLUMNS] for row in _rows(data))
    return build_xlsx(_("Speaking balance"), _xlsx_columns(zone), rows)
