"""Pure builders: a balance report as a plain dict, and that dict as JSON or CSV text."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from eventapp.balance.metrics import BalanceReport, GroupRow, z_meaning
from eventapp.spreadsheets import safe_cell

GROUP_FIELDS = (
    "key", "label", "slots", "planned_minutes", "actual_minutes", "minutes", "slot_share",
    "minute_share", "registration_share", "representation_ratio", "z", "target_min",
    "target_max", "flag",
)
CSV_COLUMNS = ("dimension", *GROUP_FIELDS, "z_meaning", "value")
DIMENSION_KEYS = ("by_category", "by_role", "by_governance_level", "by_gender", "by_region")
MINUTES_RULE = ("Speaking time counts a slot's recorded actual time where the timer recorded "
                "it, else its planned minutes.")
Z_RULE = ("z compares the slot share with the share among approved registrations: "
          "z = (p_slot - p_reg) / sqrt(p_reg (1 - p_reg) / n), n = slots in scope.")


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
        "rules": {"minutes": MINUTES_RULE, "z": Z_RULE},
        "totals": {
            "slots": report.total_slots,
            "minutes": report.total_minutes,
            "slots_with_recorded_time": report.recorded_slots,
            "approved_registrations": report.registrations,
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
    for key, value in data["scores"].items():
        yield {"dimension": "score", "key": key, "label": key.replace("_", " "), "value": value}


def build_csv(data: dict[str, Any]) -> str:
    """Long format: one row per (dimension, group); every section shares one header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in _rows(data):
        writer.writerow([safe_cell(row.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()
