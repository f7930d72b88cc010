"""The organizer's report body, rendered from parts kept on the figures they show.

The figures (every table and chart but the rows of "Sessions in scope") are kept on the
report's own values, and each session's row on that row's values: after a change that leaves
a figure as it was (a retitled session, a slot edited in a session that changes no share) the
parts that did not change are not rendered again, and a part can never be reused for figures
other than its own. The head (links and the scope form, whose list of sessions follows their
titles) is rendered each time. Views stay thin: they hand the built report here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from flask import render_template
from markupsafe import Markup

from eventapp.balance.forms import ScopeForm
from eventapp.balance.funnel import FUNNEL_RULE
from eventapp.balance.metrics import BalanceReport, SessionRow
from eventapp.fragment_cache import cache
from eventapp.programme.models import Event

# Where the sessions' rows go in the figures. Escaped text never contains "<".
_ROWS_SLOT = "<!--balance-session-rows-->"


def _figures_key(slug: str, report: BalanceReport) -> tuple[str, str, str]:
    # Everything the figures show: the report but its sessions' rows, and of those the ones
    # flagged (listed under "Needs attention"). repr: the report's lists are not hashable,
    # and the repr of its numbers is exact.
    rest = dataclasses.replace(report, sessions=[])
    return (slug, repr(rest), repr(report.flagged_sessions))


def _render_figures(slug: str, report: BalanceReport) -> tuple[str, str]:
    text = render_template("balance/_report_figures.html", event={"slug": slug},
                           report=report, funnel_rule=FUNNEL_RULE,
                           session_rows=Markup(_ROWS_SLOT))  # noqa: S704 - a constant marker
    # Without sessions in scope the table, and so the marker, is left out.
    before, _slot, after = text.partition(_ROWS_SLOT)
    return before, after


def _session_row(row: SessionRow) -> str:
    return cache.get_or_build(("balance-session-row", row),
                              lambda: render_template("balance/_report_session_row.html", s=row))


def render_report_body(event: Event, report: BalanceReport, form: ScopeForm,
                       export_args: Mapping[str, list[str]]) -> str:
    """The report's body: the head rendered, the figures and rows reused where unchanged."""
    before, after = cache.get_or_build(("balance-figures", _figures_key(event.slug, report)),
                                       lambda: _render_figures(event.slug, report))
    rows = "".join(_session_row(row) for row in report.sessions)
    # Our own autoescaped template output, put together around the marker.
    figures = Markup(before + rows + after)  # noqa: S704
    return render_template("balance/_report_body.html", event=event, form=form,
                           export_args=export_args, figures=figures)
