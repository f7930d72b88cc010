"""Every command in the README's shell code blocks, run as printed, as on a fresh machine.

Each code block is one scenario on a database of its own (a fresh SQLite file; the PostgreSQL
section gets a PostgreSQL database of its own when TEST_DATABASE_URL names one), in an empty
folder that holds only a link to this project's `.venv`, with a clean environment (no FLASK_*,
no SECRET_KEY). Lines that set shell state (`export`, `. .venv/bin/activate`) apply to the lines
after them in the same block, as they would in a terminal. `a && b` runs as two commands.

Not run here, each for the reason given in SKIPPED: creating the virtualenv, installing packages
and running the suite itself. `.ci/run` runs those, with the README's test command exactly as
printed (checked below).

Placeholders are run with these substitutions:
  EMAIL -> organizer@example.org (the password it asks for is given on stdin)
  SLUG -> first-day
  FILE.csv -> the README's example CSV (its first ```csv block) or, without one, a one-break
              programme on 2019-10-14
  [--publish] -> --publish (an optional flag, shown in brackets)
  postgresql+psycopg://USER:PASSWORD@HOST:5432/eventapp -> the scenario's own database
  servers (serve-demo, gunicorn) -> a free port instead of the printed one (FLASK_SERVE_DEMO_PORT
              when the line names none); the server must print its address and answer there,
              and is then stopped.
A new README line is covered without touching this file; a line with an unknown placeholder
fails with a message naming it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import temporary_database

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# The README names .venv/bin/...; a checkout whose virtualenv lives elsewhere lends that one.
VENV = ROOT / ".venv" if (ROOT / ".venv").exists() else Path(sys.prefix)

SKIPPED = {
    "python3 -m venv .venv": "creates the virtualenv these tests run in; .ci/run runs it",
    ".venv/bin/pip install -e .": "installs packages; .ci/run installs with the test command",
    ".venv/bin/pip install -e '.[test]'": "installs packages; .ci/run runs it as printed",
    ".venv/bin/python -m pytest -n auto": (
        "runs this suite; .ci/run runs it as printed, on both databases"),
    ".venv/bin/pip install -e '.[postgres]'": "installs packages; '.[test]' includes psycopg",
    ".venv/bin/pip install -e '.[prod]'": "installs packages; '.[test]' includes gunicorn",
    ".venv/bin/flask --app eventapp --debug translations update": (
        "rewrites the catalogs in the source tree; tests/i18n/test_catalogs.py checks they are "
        "in step"),
}
TEST_COMMAND_SECTION = "Test it"

PASSWORD = "a long enough password"
SUBSTITUTIONS = {
    "[--publish]": "--publish",
    "[--key trade-unions]": "--key trade-unions",
    '[--description "..."]': '--description "Workers\' organizations"',
    "[--undo]": "",
    "[--once]": "--once",
    "[--role owner]": "--role owner",
    "EMAIL": "organizer@example.org",
    "SLUG": "first-day",
    "KEY": "trade-unions",
}
README_DATABASE_URL = "postgresql+psycopg://USER:PASSWORD@HOST:5432/eventapp"
FALLBACK_CSV = (
    "date,start,end,session,kind,room,role,name\n"
    "2019-10-14,08:30,09:30,Registration and coffee,break,Lobby,,\n"
)
# What the project's own commands print on success, by command name.
EXPECTED_OUTPUT = {
    "create-organizer": "Organizer organizer@example.org created.",
    "create-event": "Event first-day created and published.",
    "add-to-team": "organizer@example.org is in the team of first-day: owner.",
    "import-programme": "Programme of first-day imported.",
    "seed-demo": "Demo event idm-2018-new-york created.\n"
                 "Demo organizer login: organizer@demo.eventapp.org / idm-2018-demo",
}
SERVER_ADDRESS = re.compile(r"(?:running at|Listening at:) (http://127\.0\.0\.1:\d+)")
PLACEHOLDER = re.compile(r"(?<![\w/.:-])[A-Z][A-Z_]{2,}(?![\w=])")


@dataclass
class Block:
    section: str
    commands: list[str] = field(default_factory=list)


def readme_blocks(text: str) -> tuple[list[Block], list[str]]:
    """The shell blocks (their commands, `&&` chains split) and the bodies of the csv blocks."""
    blocks: list[Block] = []
    csvs: list[str] = []
    section = ""
    fence = None
    body: list[str] = []
    for line in text.splitlines():
        if fence is None and line.startswith("## "):
            section = line[3:].strip()
        elif fence is None and line.startswith("```"):
            fence, body = line[3:].strip(), []
        elif fence is not None and line.startswith("```"):
            if fence in ("sh", "bash", "shell"):
                block = Block(section)
                joined = "\n".join(body).replace("\\\n", " ")
                for raw in joined.splitlines():
                    stripped = raw.strip()
                    if stripped and not stripped.startswith("#"):
                        block.commands.extend(part.strip() for part in stripped.split(" && "))
                blocks.append(block)
            elif fence == "csv":
                csvs.append("\n".join(body) + "\n")
            fence = None
        elif fence is not None:
            body.append(line)
    return blocks, csvs


BLOCKS, CSV_BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def bare(command: str) -> str:
    """The command without its trailing comment."""
    return re.sub(r"\s+#.*$", "", command).strip()


def is_state(command: str) -> bool:
    return command.startswith(("export ", ". ", "source "))


def is_server(command: str) -> bool:
    return " serve-demo" in command or command.split()[0].endswith("gunicorn")


def is_service(command: str) -> bool:
    """A command that runs until it is stopped (the mail worker without --once)."""
    return flask_command(command) == "mail-worker" and "--once" not in command.split()


def flask_command(command: str) -> str | None:
    words = command.split()
    if not words[0].endswith("flask") or "--app" not in words:
        return None
    rest = [w for w in words[words.index("--app") + 2:] if not w.startswith("-")]
    return rest[0] if rest else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DATABASE_URL": database_url,
    }


def substitute(command: str, csv_path: Path, database_url: str) -> str:
    for placeholder, value in SUBSTITUTIONS.items():
        command = re.sub(rf"(?<![\w-]){re.escape(placeholder)}(?![\w-])", value, command)
    command = command.replace("FILE.csv", str(csv_path))
    return command.replace(README_DATABASE_URL, database_url)


def run_shell(state: list[str], command: str, cwd: Path, env: dict[str, str],
              timeout: int = 300) -> subprocess.CompletedProcess:
    script = "set -e\n" + "".join(f"{line}\n" for line in state) + command + "\n"
    # A new session has no controlling terminal, so a password prompt reads stdin.
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, input=f"{PASSWORD}\n{PASSWORD}\n",
        capture_output=True, text=True, timeout=timeout, start_new_session=True,
    )


def spawn(state: list[str], command: str, cwd: Path, env: dict[str, str],
          out: Path) -> subprocess.Popen:
    """Start a long-running command in a process group of its own, its output to `out`."""
    with out.open("w") as sink:
        script = "set -e\n" + "".join(f"{line}\n" for line in state) + "exec " + command + "\n"
        return subprocess.Popen(["bash", "-c", script], cwd=cwd, env=env, stdout=sink,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)


def run_server(state: list[str], command: str, cwd: Path, env: dict[str, str]) -> str:
    """Start the server, wait for it to print its address, fetch / there, stop it."""
    port = free_port()
    command = re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", command)
    command = re.sub(r"--port \d+", f"--port {port}", command)
    env = {**env, "FLASK_SERVE_DEMO_PORT": str(port)}
    out = cwd / "server.out"
    proc = spawn(state, command, cwd, env, out)
    try:
        deadline = time.monotonic() + 120
        address = None
        while address is None and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            found = SERVER_ADDRESS.search(out.read_text())
            address = found.group(1) if found else None
        assert address == f"http://127.0.0.1:{port}", out.read_text()
        status = None
        while status is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(address + "/", timeout=10) as response:  # noqa: S310
                    status = response.status
            except OSError:
                time.sleep(0.3)
        assert status == 200, out.read_text()
        return out.read_text()
    finally:
        stop(proc)


def run_service(state: list[str], command: str, cwd: Path, env: dict[str, str]) -> str:
    """Start a long-running command, check it is still running a few seconds later, stop it."""
    out = cwd / "service.out"
    proc = spawn(state, command, cwd, env, out)
    try:
        time.sleep(3)
        assert proc.poll() is None, out.read_text()
    finally:
        stop(proc)
    assert proc.returncode in (0, -signal.SIGTERM), (proc.returncode, out.read_text())
    return out.read_text()


def stop(proc: subprocess.Popen) -> None:
    """End the server's process group (the shell, the server and any workers it started)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=20)
            return
        except subprocess.TimeoutExpired:
            continue


def _block_id(block: Block) -> str:
    return re.sub(r"\W+", "-", block.section).strip("-").lower() or "top"


@pytest.mark.parametrize("block", BLOCKS, ids=[_block_id(b) for b in BLOCKS])
def test_readme_block_runs_as_printed(block: Block, tmp_path: Path) -> None:
    workdir = tmp_path / "checkout"
    workdir.mkdir()
    (workdir / ".venv").symlink_to(VENV)
    csv_path = tmp_path / "programme.csv"
    csv_path.write_text(CSV_BLOCKS[0] if CSV_BLOCKS else FALLBACK_CSV, encoding="utf-8")
    needs_own_database = any(README_DATABASE_URL in c for c in block.commands)
    own = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    with temporary_database(tmp_path) if needs_own_database else nullcontext(own) as url:
        env = clean_env(tmp_path, url)
        state: list[str] = []
        for printed in block.commands:
            command = bare(printed)
            if command in SKIPPED:
                continue
            command = substitute(command, csv_path, url)
            unknown = PLACEHOLDER.findall(command)
            assert not unknown, f"add a substitution for {unknown} in {printed!r}"
            if is_state(command):
                state.append(command)
                result = run_shell(state, "true", workdir, env)
                assert result.returncode == 0, (printed, result.stderr)
            elif is_server(command):
                output = run_server(state, command, workdir, env)
                assert "Traceback" not in output, output
            elif is_service(command):
                output = run_service(state, command, workdir, env)
                assert "Traceback" not in output, output
            else:
                result = run_shell(state, command, workdir, env)
                assert result.returncode == 0, (printed, result.stdout, result.stderr)
                assert "Traceback" not in result.stderr, (printed, result.stderr)
                expected = EXPECTED_OUTPUT.get(flask_command(command) or "")
                if expected is not None:
                    first_lines = result.stdout.strip()[:len(expected)]
                    assert first_lines == expected, (printed, result.stdout)


def test_readme_blocks_are_found_with_their_commands() -> None:
    sections = [b.section for b in BLOCKS]
    assert {"Run it", "Test it", "Commands", "PostgreSQL", "Production"} <= set(sections)
    commands = {bare(c) for b in BLOCKS for c in b.commands}
    assert ".venv/bin/flask --app eventapp create-organizer EMAIL" in commands
    assert ".venv/bin/flask --app eventapp --debug serve-demo" in commands


def test_readme_skipped_commands_are_still_in_the_readme() -> None:
    commands = {bare(c) for b in BLOCKS for c in b.commands}
    assert sorted(set(SKIPPED) - commands) == []


def test_ci_runs_the_readme_test_command_as_printed() -> None:
    (block,) = [b for b in BLOCKS if b.section == TEST_COMMAND_SECTION]
    line = " && ".join(block.commands)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert line in ci


def test_readme_substitutions_cover_every_placeholder() -> None:
    for block in BLOCKS:
        for printed in block.commands:
            command = substitute(bare(printed), Path("/tmp/x.csv"), "sqlite://")
            assert PLACEHOLDER.findall(command) == [], printed
