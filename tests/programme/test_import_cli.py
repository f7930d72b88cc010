from __future__ import annotations

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.programme.models import Session
from tests.programme.csv_rows import break_row, csv_text, row


def test_cli_imports_a_valid_file_and_prints_the_summary(app, factory, tmp_path):
    factory.categories()
    factory.event("idm")
    path = tmp_path / "programme.csv"
    path.write_text(csv_text([row(), break_row()]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-programme", "idm", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Programme of idm imported.",
        "Sessions: 2 new, 0 updated, 0 unchanged.",
        "Speaking slots: 1 new, 0 updated.",
        "New rooms: 1; new organizations: 1; new persons: 1.",
    ]
    assert db.session.scalar(select(func.count(Session.id))) == 2


def test_cli_reports_errors_with_line_numbers_and_writes_nothing(app, factory, tmp_path):
    factory.categories()
    factory.event("idm")
    path = tmp_path / "programme.csv"
    path.write_text(csv_text([row(), row(name="Li Wei", end="25:00")]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-programme", "idm", str(path)])
    assert result.exit_code == 1
    assert "Line 3 (error): The end time “25:00” is not a time in the form HH:MM." in (
        result.output)
    assert "1 error in" in result.output
    assert db.session.scalar(select(func.count(Session.id))) == 0


def test_cli_dry_run_writes_nothing(app, factory, tmp_path):
    factory.categories()
    factory.event("idm")
    path = tmp_path / "programme.csv"
    path.write_text(csv_text([row()]), encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["import-programme", "idm", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "Dry run: the file is valid; nothing was written."
    assert db.session.scalar(select(func.count(Session.id))) == 0


def test_cli_with_unknown_slug_fails_clearly(app, factory, tmp_path):
    path = tmp_path / "programme.csv"
    path.write_text(csv_text([row()]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-programme", "nope", str(path)])
    assert result.exit_code == 1
    assert "No event has the short name “nope”." in result.output


def test_cli_with_unreadable_file_fails_clearly(app, factory, tmp_path):
    factory.event("idm")
    path = tmp_path / "programme.csv"
    path.write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["import-programme", "idm", str(path)])
    assert result.exit_code == 1
    assert "The file is empty." in result.output
