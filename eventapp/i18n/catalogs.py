"""Compiled catalogs (.mo) are built from the .po sources, never committed.

CI compiles them with `pybabel compile`; the application also compiles any catalog whose
.mo is missing or older than its .po when it starts, so a fresh checkout runs as is.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def _stale(po: Path, mo: Path) -> bool:
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_catalog(po: Path, mo: Path) -> None:
    with po.open("rb") as source:
        catalog = read_po(source, abort_invalid=True)
    mo.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: several workers may start at once.
    handle, temp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        os.replace(temp, mo)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def compile_all(source_dir: Path, target_dir: Path) -> list[Path]:
    """Compile every stale catalog of source_dir into target_dir; the .mo files written."""
    written = []
    for po in sorted(source_dir.glob("*/LC_MESSAGES/*.po")):
        mo = target_dir / po.relative_to(source_dir).with_suffix(".mo")
        if _stale(po, mo):
            compile_catalog(po, mo)
            written.append(mo)
    return written


def ready_directory(source_dir: Path, instance_dir: Path) -> Path:
    """Where compiled catalogs are: beside the sources, or in the instance folder when the
    package directory cannot be written (an installed, read-only package)."""
    try:
        compile_all(source_dir, source_dir)
        return source_dir
    except OSError:
        target = instance_dir / "translations"
        compile_all(source_dir, target)
        return target
