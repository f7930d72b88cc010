"""Organizers' plain text shown as HTML: paragraphs, line breaks, simple lists, web links.

Not Markdown: descriptions are written in a plain textarea, and the few shapes people type
there (blank line between paragraphs, "- " or "* " bullets, "1. " numbered steps, a pasted
https address) are all we turn into markup. Everything else is escaped first, so no tag,
attribute or script an organizer (or a compromised account) types can reach the page, and
only http(s) addresses ever become links (a "javascript:" address stays text).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,4}[.)]\s+(.*)$")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def _inline(text: str) -> str:
    """One line of text, escaped, with http(s) addresses as links."""
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(url)
        out.append(str(escape(text[position:match.start()])))
        out.append(f'<a href="{escape(url)}" rel="nofollow noopener">{escape(url)}</a>')
        position = end
    out.append(str(escape(text[position:])))
    return "".join(out)


def _kind(line: str) -> tuple[str, str]:
    if match := _BULLET.match(line):
        return "ul", match.group(1)
    if match := _NUMBERED.match(line):
        return "ol", match.group(1)
    return "p", line


def plain_text_html(text: str | None) -> Markup:
    """Paragraphs (blank lines), line breaks, ``<ul>``/``<ol>`` lists and links; pure."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[str] = []
    run_kind = ""
    run: list[str] = []

    def close() -> None:
        if not run:
            return
        if run_kind == "p":
            blocks.append("<p>" + "<br>\n".join(run) + "</p>")
        else:
            items = "".join(f"<li>{item}</li>" for item in run)
            blocks.append(f"<{run_kind}>{items}</{run_kind}>")
        run.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            close()
            run_kind = ""
            continue
        kind, content = _kind(line)
        if kind != run_kind:
            close()
            run_kind = kind
        run.append(_inline(content))
    close()
    return Markup("\n".join(blocks))  # noqa: S704 - every piece of text above was escaped
