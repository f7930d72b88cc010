"""Pure builders: a balance report as a plain dict, and that dict as JSON or CSV text."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from flask_babel import lazy_gettext as _l

from eventapp.balance.floor_metrics import NOT_REACHED_RULE, OVERRUN_RULE, FloorSummary
from eventapp.balance.metrics import BalanceReport, GroupRow, z_meaning
from eventapp.spreadsheets import safe_cell

GROUP_FIELDS = (
    "key", "label", "slots", "planned_minutes", "actual_minutes", "minutes", "slot_share",
    "minute_share", "registration_share", "representation_ratio", "z", "target_min",
    "target_max", "flag", "recorded_slots", "recorded_planned_minutes",
)
FLOOR_FIELDS = ("interventions", "not_reached", "over_limit", "overrun_minutes")
CSV_COLUMNS = ("dimension", *GROUP_FIELDS, "z_meaning", "value", *FLOOR_FIELDS)
DIMENSION_KEYS = ("by_category", "by_role", "by_governance_level", "by_gender", "by_region")
MINUTES_RULE = _l("Speaking time counts a slot's recorded actual time where the timer recorded "
                   "it, else its planned minutes.")
Z_RULE = _l("z compares the slot share with the share among approved participants: "
            "z = (p_slot - p_reg) / sqrt(p_reg (1 - p_reg) / n), n = slots in scope.")
BASELINE_RULE = _l("Shares of registrations and the fit to registrations count approved "
                   "participants who are not invited speakers: the audience the speakers are "
                   "compared with.")


def _group(row: GroupRow) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in GROUP_FIELDS}
    data["z_meaning"] = z_meaning(row.z)
    return data


def report_to_dict(report: BalanceReport, *, event_slug: str = "") -> dict[str, Any]:
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
            ("not_reached", NOT_REACHED_RULE), ("overrun", OVERRUN_RULE))},
        "baseline": report.baseline,
        "totals": {
            "slots": report.total_slots,
            "minutes": report.total_minutes,
            "slots_with_recorded_time": report.recorded_slots,
            "approved_participants": report.registrations,
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
    }


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
                               "not_reached": row.not_reached} for row in floor.by_category],
        "session_timing": [
            {"id": s.id, "title": s.title, "kind": s.kind,
             "day": s.local_day.isoformat() if s.local_day else None, "slots": s.slots,
             "timed_slots": s.timed_slots, "planned_minutes": s.planned_minutes,
             "actual_minutes": s.actual_minutes, "overrun_minutes": s.overrun_minutes,
             "interventions": s.interventions, "over_limit": s.over_limit}
            for s in floor.sessions
        ],
    }


def build_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def _rows(data: dict[str, Any]):  # noqa: ANN202
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
        yield {"dimension": "floor", "key": row["key"], "label": row["label"],
               "interventions": row["interventions"], "not_reached": row["not_reached"]}
    for s in data.get("session_timing", ()):
        yield {"dimension": "session_timing", "key": s["id"], "label": s["title"],
               "slots": s["slots"], "recorded_slots": s["timed_slots"],
               "planned_minutes": s["planned_minutes"],
               "recorded_planned_minutes": s["planned_minutes"],
               "actual_minutes": s["actual_minutes"], "overrun_minutes": s["overrun_minutes"],
               "interventions": s["interventions"], "over_limit": s["over_limit"]}
    for key, value in data["scores"].items():
        yield {"dimension": "score", "key": key, "label": key.replace("_", " "), "value": value}
    yield {"dimension": "baseline", "key": "approved_participants", "label": data["baseline"],
           "value": data["totals"]["approved_participants"]}


def build_csv(data: dict[str, Any]) -> str:
    """Long format: one row per (dimension, group); every section shares one header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in _rows(data):
        writer.writerow([safe_cell(row.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()
