"""A configuration error ends `flask --app eventapp ...` and gunicorn in one line, no traceback.

These run the real executables of the project's virtualenv in a clean environment.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventapp.config import ConfigError, build_config

BIN = Path(sys.executable).parent
SECRET_KEY_LINE = (
    "eventapp: configuration error: SECRET_KEY is missing or is the development default. "
    "SECRET_KEY must be at least 16 characters long and not the development default: set it "
    "in the environment to a long random value (for example: python3 -c "
    "'import secrets; print(secrets.token_hex(32))') before running in production, "
    "or use development mode (--debug or FLASK_DEBUG=1) on your own machine.\n"
)
BAD_URL_LINE = (
    "eventapp: configuration error: DATABASE_URL is not a database URL; expected for example "
    "postgresql+psycopg://USER:PASSWORD@HOST:5432/eventapp or sqlite:////path/to/file.sqlite3.\n"
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra}


def _run(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=tmp_path, env=_env(tmp_path, **extra), capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def _flask(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return _run([str(BIN / "flask"), "--app", "eventapp", *args], tmp_path, **extra)


@pytest.mark.parametrize("command", [["db", "upgrade"], ["seed-demo"], ["routes"]])
def test_flask_without_secret_key_prints_one_line_and_exits_4(tmp_path, command):
    result = _flask(tmp_path, *command)
    assert (result.returncode, result.stdout, result.stderr) == (4, "", SECRET_KEY_LINE)


def test_flask_with_debug_needs_no_secret_key(tmp_path):
    result = _flask(tmp_path, "--debug", "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_flask_with_real_secret_key_starts_outside_debug(tmp_path):
    result = _flask(tmp_path, "db", "upgrade", SECRET_KEY="k" * 40,
                    PUBLIC_BASE_URL="https://events.example.org",
                    MAIL_SENDER="Events <events@example.org>")
    assert result.returncode == 0, result.stderr


def test_flask_with_short_secret_key_names_the_rule(tmp_path):
    result = _flask(tmp_path, "db", "upgrade", SECRET_KEY="abc")
    assert (result.returncode, result.stdout) == (4, "")
    assert result.stderr == SECRET_KEY_LINE.replace(
        "SECRET_KEY is missing or is the development default.",
        "SECRET_KEY is shorter than 16 characters.")


def test_flask_without_mail_sender_prints_one_line_and_exits_4(tmp_path):
    result = _flask(tmp_path, "db", "upgrade", SECRET_KEY="k" * 40,
                    PUBLIC_BASE_URL="https://events.example.org")
    assert (result.returncode, result.stdout, result.stderr) == (
        4, "", "eventapp: configuration error: MAIL_SENDER is missing: set it to the address "
        "mail is sent from (for example 'IDM secretariat <events@example.org>'); participants "
        "reply to it and bounces return to it.\n")


@pytest.mark.parametrize(("variable", "value", "line"), [
    ("DATABASE_URL", "not a url", BAD_URL_LINE),
    ("DATABASE_URL", "mysql://u@db.internal/eventapp",
     "eventapp: configuration error: DATABASE_URL needs the database driver 'mysql', "
     "which is not available (No module named 'MySQLdb').\n"),
    ("DATABASE_URL", "nosuchdb://u@db.internal/eventapp",
     "eventapp: configuration error: DATABASE_URL needs the database driver 'nosuchdb', "
     "which is not available (Can't load plugin: sqlalchemy.dialects:nosuchdb).\n"),
    ("MAIL_PORT", "smtp",
     "eventapp: configuration error: MAIL_PORT must be a whole number, not 'smtp'.\n"),
    ("FEED_VALIDATOR_TTL_SECONDS", "two",
     "eventapp: configuration error: FEED_VALIDATOR_TTL_SECONDS must be a number, not 'two'.\n"),
])
def test_flask_with_bad_setting_prints_one_line_and_exits_4(tmp_path, variable, value, line):
    result = _flask(tmp_path, "db", "upgrade", FLASK_DEBUG="1", **{variable: value})
    assert (result.returncode, result.stdout, result.stderr) == (4, "", line)


def test_gunicorn_with_preload_prints_one_line_and_exits_4(tmp_path):
    result = _run([str(BIN / "gunicorn"), "--preload", "--workers", "2", "--bind",
                   "127.0.0.1:0", "eventapp:create_app()"], tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (4, "", SECRET_KEY_LINE)


def test_gunicorn_without_preload_stops_without_traceback(tmp_path):
    result = _run([str(BIN / "gunicorn"), "--workers", "1", "--bind", "127.0.0.1:0",
                   "eventapp:create_app()"], tmp_path, DATABASE_URL="not a url")
    assert result.returncode == 4
    assert BAD_URL_LINE in result.stderr
    assert "Reason: App failed to load." in result.stderr
    assert "Traceback" not in result.stderr


def test_build_config_refuses_bad_url_without_echoing_it(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:s3cret@db:port/x")
    with pytest.raises(ConfigError) as caught:
        build_config(str(tmp_path))
    assert str(caught.value) == BAD_URL_LINE.removeprefix(
        "eventapp: configuration error: ").rstrip("\n")
    assert "s3cret" not in str(caught.value)
