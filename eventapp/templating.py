"""Jinja filters and globals (dates and times: eventapp/i18n/formatting.py)."""

from __future__ import annotations

from flask import Flask, render_template, request
from markupsafe import Markup

from eventapp.audit.labels import shown_entries
from eventapp.error_summary import summary_items
from eventapp.fragment_cache import VersionedCache
from eventapp.mail import mail_not_sent
from eventapp.people.models import GOVERNANCE_LABELS
from eventapp.programme.models import SESSION_KIND_LABELS, SPEAKER_ROLE_LABELS, Event
from eventapp.programme.place import session_place
from eventapp.teams.access import is_admin, may, may_organize_somewhere
from eventapp.teams.roles import ROLE_DESCRIPTIONS, ROLE_LABELS
from eventapp.text_format import plain_text_html

# The event's back-office navigation, per language (in every key): its own cache, so that the
# pages' fragment counts do not move with it.
_navigation = VersionedCache(max_entries=10_000, max_bytes=8 * 1024 * 1024)


def event_nav(event: Event) -> Markup:
    """The navigation of an event's organizer pages: seventeen links and their words, the same
    for every visitor with the same rights, so drawn once for them and reused."""
    rights = (may("organize", reading=True), may("organize"), may("run_floor"),
              may("check_in"), may("manage_team"))
    key = ("event-nav", request.script_root, event.id, event.slug, event.title,
           event.is_published, rights)
    # The output of an autoescaping template: its values are escaped already.
    return _navigation.get_or_build(key, lambda: Markup(render_template(  # noqa: S704
        "organize/_event_nav_links.html", event=event)))


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_global(SESSION_KIND_LABELS, "SESSION_KIND_LABELS")
    app.add_template_global(SPEAKER_ROLE_LABELS, "SPEAKER_ROLE_LABELS")
    app.add_template_global(GOVERNANCE_LABELS, "GOVERNANCE_LABELS")
    app.add_template_global(summary_items, "error_summary_items")
    # What the event's team role lets the visitor use (teams/): pages hide the rest.
    app.add_template_global(may, "may")
    app.add_template_global(may_organize_somewhere, "may_organize_somewhere")
    app.add_template_global(is_admin, "is_site_admin")
    app.add_template_global(event_nav, "event_nav")
    app.add_template_global(ROLE_LABELS, "TEAM_ROLE_LABELS")
    app.add_template_global(ROLE_DESCRIPTIONS, "TEAM_ROLE_DESCRIPTIONS")
    app.add_template_filter(plain_text_html, "plain_text")
    app.add_template_global(session_place, "session_place")
    app.add_template_global(mail_not_sent, "mail_not_sent")
    # The audit trail's words, on its page and in each registration's and session's history.
    app.add_template_global(shown_entries, "audit_shown_entries")
