"""Pure builders: formula-safe CSV cells, JSON shape, typed workbook cells."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from eventapp.balance.exports import (
    CSV_COLUMNS,
    build_csv,
    build_json,
    build_xlsx_report,
    report_to_dict,
)
from eventapp.balance.facts import NotReachedRequest
from eventapp.balance.metrics import Category, SessionInfo, SlotFact, build_report
from eventapp.spreadsheets import safe_cell


def test_safe_cell_prefixes_formula_text_but_not_numbers():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    for text in ("+1", "-x", "@cmd", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Civil society") == "Civil society"
    assert safe_cell(-1.5) == "-1.5"
    assert safe_cell(None) == ""
    assert safe_cell(3) == "3"


def test_csv_session_titles_are_formula_safe_and_json_round_trips():
    facts = [SlotFact(1, "panel", None, "panelist", "a", "local", "woman", "Africa", 10, None)]
    report = build_report(facts, categories=[Category("a", "=A")],
                          sessions=[SessionInfo(1, "=SUM(A1)", "panel", None)])
    data = report_to_dict(report, event_slug="x")
    rows = list(csv.DictReader(io.StringIO(build_csv(data))))
    assert [r["label"] for r in rows if r["dimension"] == "session"] == ["'=SUM(A1)"]
    assert [r["label"] for r in rows if r["dimension"] == "category"] == ["'=A"]
    assert json.loads(build_json(data))["sessions"][0]["title"] == "=SUM(A1)"


def test_xlsx_report_types_counts_shares_and_local_request_times():
    facts = [SlotFact(1, "panel", None, "panelist", "a", "local", "woman", "Africa", 10, None),
             SlotFact(2, "panel", None, "panelist", "b", "local", "man", "Africa", 30, None)]
    report = build_report(facts, categories=[Category("a", "=A"), Category("b", "B")],
                          registration_counts={"a": 1, "b": 3},
                          sessions=[SessionInfo(1, "=SUM(A1)", "panel", None),
                                    SessionInfo(2, "Panel 2", "panel", None)])
    # Asked at 07:30 UTC: 09:30 in Zurich in October (summer time).
    asked = NotReachedRequest(1, "Ana Lima", "@Org", "a", "participant",
                              datetime(2019, 10, 14, 7, 30, tzinfo=UTC))
    data = report_to_dict(report, event_slug="x", not_reached=[asked])

    sheet = load_workbook(io.BytesIO(
        build_xlsx_report(data, ZoneInfo("Europe/Zurich")))).worksheets[0]

    header = [c.value for c in sheet[1]]
    assert header == [name if name != "requested_at" else "requested_at (Europe/Zurich)"
                      for name in CSV_COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 34
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2,
                                                                        values_only=True)]
    category_a = next(r for r in rows if r["dimension"] == "category" and r["key"] == "a")
    assert (category_a["label"], category_a["slots"], category_a["minutes"]) == ("'=A", 1, 10)
    assert isinstance(category_a["slots"], int)
    assert (category_a["slot_share"], category_a["minute_share"],
            category_a["registration_share"]) == (0.5, 0.25, 0.25)
    assert isinstance(category_a["minute_share"], float)
    share_cell = sheet.cell(row=rows.index(category_a) + 2,
                            column=header.index("minute_share") + 1)
    assert share_cell.number_format == "0.0%"
    assert [r["label"] for r in rows if r["dimension"] == "session"] == ["'=SUM(A1)", "Panel 2"]
    request = next(r for r in rows if r["dimension"] == "not_reached_request")
    assert (request["person"], request["organization"], request["session"]) == (
        "Ana Lima", "'@Org", 1)
    assert request["requested_at (Europe/Zurich)"] == datetime(2019, 10, 14, 9, 30)
    assert next(r for r in rows if r["dimension"] == "baseline")["value"] == 4
