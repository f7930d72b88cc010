"""Finds words in templates that a reader would see but no translation call covers.

Text counts as covered inside `{{ _('...') }}` (any expression) and `{% trans %}` blocks.
What is left is the template's literal HTML: its text between tags and the attributes a
person reads or hears (aria-label, title, placeholder, alt). Run it on files with
`python -m eventapp.i18n.template_check templates/...`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

# Words that read the same in every language: the product's name and technical names.
ALLOWED_WORDS = frozenset({"eventapp", "CSV", "UTC", "JSON", "XML", "iCalendar", "ICS", "URL"})
_HOLE = "\x00"
_VISIBLE_ATTRIBUTES = re.compile(
    r"""\b(?:aria-label|aria-description|title|placeholder|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_HIDDEN_BLOCKS = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY = re.compile(r"&#?\w+;")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Finding:
    line: int
    text: str


def _literal_text(env: Environment, source: str) -> list[tuple[int, str]]:
    """(line, text) of the template's literal data; expressions and trans blocks become holes."""
    pieces: list[tuple[int, str]] = []
    in_trans = False
    expect_name = False
    for lineno, kind, value in env.lex(source):
        if kind == "whitespace":
            continue
        if kind == "block_begin":
            expect_name = True
            pieces.append((lineno, _HOLE))
            continue
        if expect_name and kind == "name":
            if value == "trans":
                in_trans = True
            elif value == "endtrans":
                in_trans = False
            expect_name = False
            continue
        expect_name = False
        if kind == "data" and not in_trans:
            pieces.append((lineno, value))
        elif kind in ("variable_begin", "comment_begin"):
            pieces.append((lineno, _HOLE))
    return pieces


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_ENTITY.sub(" ", text)) if w not in ALLOWED_WORDS]


def _environment() -> Environment:
    # Only lexed, never rendered; autoescape is set so the environment is safe if it ever were.
    return Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"], autoescape=True)


def untranslated_text(source: str, env: Environment | None = None) -> list[Finding]:
    env = env or _environment()
    pieces = _literal_text(env, source)
    # Joined again so that tags cut by expressions are whole; each line is kept for the report.
    text = "".join(piece for _, piece in pieces)
    starts, offset = [], 0
    for lineno, piece in pieces:
        starts.append((offset, lineno))
        offset += len(piece)

    def line_at(position: int) -> int:
        line = 1
        for start, lineno in starts:
            if start > position:
                break
            line = lineno + text[start:position].count("\n")
        return line

    findings: list[Finding] = []
    blanked = _HIDDEN_BLOCKS.sub(lambda m: " " * len(m.group(0)), text)
    for match in _VISIBLE_ATTRIBUTES.finditer(blanked):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        if _words(value):
            findings.append(Finding(line_at(match.start()), value.strip()))
    outside_tags = _TAG.sub(lambda m: " " * len(m.group(0)), blanked)
    for match in re.finditer(r"[^\x00<>]+", outside_tags):
        chunk = match.group(0)
        if _words(chunk):
            findings.append(Finding(line_at(match.start() + len(chunk) - len(chunk.lstrip())),
                                    " ".join(chunk.split())))
    return sorted(findings, key=lambda f: f.line)


def check_files(paths: list[Path]) -> dict[Path, list[Finding]]:
    env = _environment()
    report = {}
    for path in paths:
        found = untranslated_text(path.read_text(encoding="utf-8"), env)
        if found:
            report[path] = found
    return report


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(Path("templates").rglob("*.html"))
    report = check_files(paths)
    for path, findings in report.items():
        for finding in findings:
            print(f"{path}:{finding.line}: {finding.text}")
    return 1 if report else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
