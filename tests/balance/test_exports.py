"""Pure builders: formula-safe CSV cells and JSON shape."""

from __future__ import annotations

import csv
import io
import json

from eventapp.balance.exports import build_csv, build_json, report_to_dict
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
