"""A lazy translation with parameters never reaches HTML with its parameters unescaped."""

from __future__ import annotations

import ast
from pathlib import Path

from flask import render_template_string
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from eventapp.i18n.escaped import escaped

SOURCE = Path(__file__).resolve().parents[2] / "eventapp"
LAZY = {"_l", "lazy_gettext", "lazy_ngettext", "_ln"}
PAYLOAD = "<b>x</b>\"'&"


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _unwrapped_lazy_calls(tree: ast.AST) -> list[int]:
    wrapped = {
        id(arg) for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node.func) == "escaped" for arg in node.args
    }
    return [
        node.lineno for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node.func) in LAZY and node.keywords
        and id(node) not in wrapped
    ]


def test_every_lazy_translation_with_parameters_is_escaped():
    problems = []
    for path in sorted(SOURCE.rglob("*.py")):
        for line in _unwrapped_lazy_calls(ast.parse(path.read_text(encoding="utf-8"))):
            problems.append(f"{path.relative_to(SOURCE.parent)}:{line}")

    assert problems == []


def test_escaped_lazy_string_escapes_parameters_in_html(app_ctx):
    text = escaped(_l("Unit of the %(name)s quota", name=PAYLOAD))

    assert str(escape(text)) == "Unit of the &lt;b&gt;x&lt;/b&gt;&#34;&#39;&amp; quota"


def test_escaped_lazy_string_reads_as_plain_text_outside_html(app_ctx):
    text = escaped(_l("Unit of the %(name)s quota", name=PAYLOAD))

    assert str(text) == f"Unit of the {PAYLOAD} quota"


def test_escaped_lazy_string_keeps_numbers_for_their_format(app_ctx):
    text = escaped(_l("At least %(num)d characters.", num=12))

    assert str(escape(text)) == "At least 12 characters."


def test_plain_lazy_string_with_parameters_would_be_unescaped(app_ctx):
    # Why the rule exists: Flask-Babel's lazy string declares itself safe HTML.
    assert str(escape(_l("Unit of the %(name)s quota", name=PAYLOAD))).startswith(
        "Unit of the <b>x</b>")


def test_template_translation_escapes_its_parameters(app):
    # Jinja's newstyle gettext (as Flask-Babel installs it) formats into Markup.
    with app.test_request_context():
        html = render_template_string("{{ _('Category “%(name)s” saved.', name=name) }}",
                                      name=PAYLOAD)

    assert html == "Category “&lt;b&gt;x&lt;/b&gt;&#34;&#39;&amp;” saved."
