"""Publishing the programme as a numbered version, with what changed since the last one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import ngettext
from flask_login import current_user

from eventapp.programme import schedule_publishing, schedule_version_texts
from eventapp.programme.event_scope import current_event, event_slug
from eventapp.programme.organize.common import bp
from eventapp.programme.version_forms import PublishVersionForm


@bp.route("/events/<slug>/schedule/versions", methods=["GET", "POST"])
def schedule_versions() -> ResponseReturnValue:
    event = current_event()
    form = PublishVersionForm()
    if form.validate_on_submit():
        try:
            version, changes = schedule_publishing.publish(
                event.id, note=form.note.data or "", user_id=current_user.id,
                notify=form.notify.data)
        except schedule_publishing.NothingToPublish as exc:
            form.submit.errors = [str(exc)]
        else:
            flash(ngettext("Version %(number)d published with %(num)d change.",
                           "Version %(number)d published with %(num)d changes.",
                           len(changes), number=version.number), "success")
            return redirect(url_for(".schedule_versions", slug=event_slug()))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "organize/schedule_versions.html", event=event, form=form,
        pending=schedule_publishing.pending_changes(event.id),
        versions=schedule_publishing.published_versions(event.id),
                           texts=schedule_version_texts), status
