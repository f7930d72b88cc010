"""The public list of published versions of a programme and what changed in each."""

from __future__ import annotations

from flask import Blueprint, render_template

from eventapp.programme import queries, schedule_publishing, schedule_version_texts

bp = Blueprint("schedule_versions", __name__)


@bp.get("/events/<slug>/schedule/versions")
def versions(slug: str) -> str:
    event = queries.published_event_or_404(slug)
    return render_template("programme/schedule_versions.html", event=event,
                           versions=schedule_publishing.published_versions(event.id),
                           texts=schedule_version_texts)
