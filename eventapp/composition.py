"""Start-up wiring: the packages at the top fill the registries that lower ones offer.

A lower package that must reach the ones above it (people asks "is this category used?";
the programme tells "speakers were added" and shows other packages' boxes in its session
editor) offers a registry and never imports them; `register_all` fills the registries once
the app is built, the way an extension registers with a Flask app. See docs/LAYERS.md.
"""

from __future__ import annotations

from flask_babel import ngettext

from eventapp.people.categories import register_category_use
from eventapp.programme.editor_boxes import add_session_editor_box


def register_all() -> None:
    from eventapp.balance.impact import panel_impact
    from eventapp.balance.models import BalanceTarget
    from eventapp.floor.models import FloorRequest
    from eventapp.registration import wiring as registration_wiring

    registration_wiring.register()
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
    # The session editor shows what a change would do to the balance.
    add_session_editor_box("balance_box", panel_impact)
