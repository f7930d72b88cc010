"""Jinja filters and globals (dates and times: eventapp/i18n/formatting.py)."""

from __future__ import annotations

from flask import Flask

from eventapp.audit.labels import shown_entries
from eventapp.error_summary import summary_items
from eventapp.mail import mail_not_sent
from eventapp.people.models import GOVERNANCE_LABELS
from eventapp.programme.models import SESSION_KIND_LABELS, SPEAKER_ROLE_LABELS
from eventapp.programme.place import session_place
from eventapp.teams.access import is_admin, may, may_organize_somewhere
from eventapp.teams.roles import ROLE_DESCRIPTIONS, ROLE_LABELS
from eventapp.text_format import plain_text_html


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
    app.add_template_global(ROLE_LABELS, "TEAM_ROLE_LABELS")
    app.add_template_global(ROLE_DESCRIPTIONS, "TEAM_ROLE_DESCRIPTIONS")
    app.add_template_filter(plain_text_html, "plain_text")
    app.add_template_global(session_place, "session_place")
    app.add_template_global(mail_not_sent, "mail_not_sent")
    # The audit trail's words, on its page and in each registration's and session's history.
    app.add_template_global(shown_entries, "audit_shown_entries")
