"""The layers of docs/LAYERS.md hold, and the check that holds them catches a breach.

The contract lives in pyproject.toml ([tool.importlinter]); `.ci/run` runs `lint-imports`
on the project. Here the same contract also runs on a copy of the package with one import
added, to show that an upward import, a circle or a package without a layer fails it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    """The project's contract checked on the `eventapp` package found in source_root."""
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=source_root, env=env, capture_output=True, text=True, timeout=300,
    )


def test_the_project_keeps_its_layers_and_has_no_circles() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("module", "added", "broken", "reported"), [
    # people sits below registration: asking it directly is reaching up.
    ("people/models.py", "from eventapp.registration import models as _registration",
     "Packages import only the layers below them BROKEN",
     "eventapp.people is not allowed to import eventapp.registration"),
    # The core below every package.
    ("timeutil.py", "from eventapp.programme import rules as _rules",
     "Packages import only the layers below them BROKEN",
     "eventapp.timeutil is not allowed to import eventapp.programme"),
    # Two modules of one package importing each other.
    ("registration/organize_blueprint.py",
     "from eventapp.registration import organize_views as _views",
     "No two modules of a package import each other BROKEN",
     "No cycles are allowed in eventapp.registration"),
], ids=["upward", "upward-from-the-core", "circle"])
def test_a_new_upward_import_or_circle_breaks_the_contract(
        tmp_path: Path, module: str, added: str, broken: str, reported: str) -> None:
    copy = tmp_path / "eventapp"
    shutil.copytree(ROOT / "eventapp", copy, ignore=shutil.ignore_patterns(
        "__pycache__", "translations", "data", "*.csv"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout
    assert reported in result.stdout


def test_a_package_without_a_layer_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "eventapp"
    shutil.copytree(ROOT / "eventapp", copy, ignore=shutil.ignore_patterns(
        "__pycache__", "translations", "data", "*.csv"))
    (copy / "hospitality").mkdir()
    (copy / "hospitality" / "__init__.py").write_text('"""Catering and transport."""\n')
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "eventapp.hospitality" in result.stdout
