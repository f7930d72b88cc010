"""Start-up wiring: the packages at the top fill the registries that lower ones offer.

A lower package that must reach the ones above it (people asks "is this category used?";
the programme tells "speakers were added" and shows other packages' parts on its session
pages) offers a registry and never imports them; `register_all` fills the registries once
the app is built, the way an extension registers with a Flask app. See docs/LAYERS.md.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import render_template
from flask_babel import ngettext
from sqlalchemy import ColumnElement, select

from eventapp.people.categories import register_category_use
from eventapp.programme.editor_boxes import add_session_editor_box
from eventapp.programme.models import Session
from eventapp.programme.session_parts import add_session_page_part
from eventapp.registration.mail_parts import add_approval_mail_part
from eventapp.registration.representation import on_level_accredited


def register_all() -> None:
    from eventapp.attendance import wiring as attendance_wiring
    from eventapp.badges.mail_part import badge_mail_part
    from eventapp.balance.impact import panel_impact
    from eventapp.balance.models import BalanceTarget
    from eventapp.floor.models import FloorBudget, FloorRequest
    from eventapp.floor.representation import follow_accredited_level
    from eventapp.registration import wiring as registration_wiring

    registration_wiring.register()
    attendance_wiring.register()
    # Balance and the floor answer here until each package holds its own answer, as
    # registration does in registration/wiring.py.
    register_category_use(
        "balance targets",
        lambda n: ngettext("%(num)d balance target", "%(num)d balance targets", n),
        BalanceTarget.category_id)
    register_category_use(
        "floor requests",
        lambda n: ngettext("%(num)d floor request", "%(num)d floor requests", n),
        FloorRequest.category_id)
    register_category_use(
        "speaking-time budgets",
        lambda n: ngettext("%(num)d speaking-time budget", "%(num)d speaking-time budgets", n),
        FloorBudget.category_id)
    # Waiting requests for the floor take the level the organizers accredit.
    on_level_accredited("floor", follow_accredited_level)
    # The session editor shows what a change would do to the balance.
    add_session_editor_box("balance_box", panel_impact)
    # The approval mail carries the badge's QR code and the link to the badge page.
    add_approval_mail_part("badge", badge_mail_part)
    # The public session page shows its list of speakers, where it has one.
    add_session_page_part("floor", _has_speakers_list, _session_floor)


def _has_speakers_list() -> ColumnElement[bool]:
    from eventapp.floor.models import SpeakersList

    return (select(SpeakersList.id).where(SpeakersList.session_id == Session.id)
            .scalar_subquery().is_not(None))


def _session_floor(slug: str, session_id: int) -> str:
    """The list of speakers with this visitor's place on it; nothing when the session has none."""
    from eventapp.floor.views import session_floor_context

    event, session = SimpleNamespace(slug=slug), SimpleNamespace(id=session_id)
    floor = session_floor_context(event, session)
    if floor["floor_list"] is None:
        return ""
    return render_template("floor/_session_floor.html", event=event, session=session, **floor)
