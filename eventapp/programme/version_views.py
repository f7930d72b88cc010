"""The public list of published versions of a programme and what changed in each."""

from __future__ import annotations

from flask import Blueprint, render_template

from eventapp.programme import schedule_publishing, schedule_version_texts
from eventapp.programme.event_scope import attach_event_loader, current_event

bp = Blueprint("schedule_versions", __name__)
attach_event_loader(bp, organizer=False, published_only=True)


@bp.get("/events/<slug>/schedule/versions")
def versions() -> str:
    event = current_event()
    return render_template("programme/schedule_versions.html", event=event,
                           versions=schedule_publishing.published_versions(event.id),
                           texts=schedule_version_texts)
