"""The trail's table rows, drawn once per entry and language and then reused.

Entries are never changed nor deleted (eventapp/audit/models.py), so the row drawn for an entry
stays true: only the reader's language (part of every key of the fragment cache), the event's
time zone and address, and whether the row links to its batch change it, and those are in the
key. A page then draws only the entries it has not drawn before, all of them in one rendering.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from flask import render_template
from markupsafe import Markup
from sqlalchemy import Row

from eventapp.audit.labels import shown_entries
from eventapp.fragment_cache import cache

# Ends each row of one rendering (in the template): escaped text cannot hold a "<".
_CUT = "<!--/row-->"


def trail_rows(entries: Sequence[Row], zone: ZoneInfo, slug: str, *,
               batch_links: bool) -> Markup:
    """The rows of these entries, in their order, for the event's trail page."""
    # The batch (a random token) and the time beside the id: the cache outlives a database
    # (tests create one after another in a process), whose ids start again at 1.
    keys = [("audit-row", entry.id, entry.batch_id, entry.at, zone.key, slug, batch_links)
            for entry in entries]
    drawn = cache.get_many(keys)
    missing = [entry for entry, row in zip(entries, drawn, strict=True) if row is None]
    if missing:
        # The output of an autoescaping template: its values are escaped already.
        rendered = Markup(render_template(  # noqa: S704
            "audit/_trail_rows.html", entries=shown_entries(missing, zone), slug=slug,
            batch_links=batch_links))
        fresh = dict(zip((entry.id for entry in missing), rendered.split(_CUT)[:-1],
                         strict=True))
        for index, entry in enumerate(entries):
            if drawn[index] is None:
                drawn[index] = fresh[entry.id]
                cache.put(keys[index], fresh[entry.id])
                cache.builds += 1
    # The rows are Markup, cut from the rendering: joined as they are, not escaped again.
    return Markup("").join(drawn)
