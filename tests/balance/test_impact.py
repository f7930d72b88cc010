"""The session editor's balance box: removing speakers, adding suggested ones."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from flask import render_template
from sqlalchemy import select

from eventapp.balance.impact import panel_impact
from eventapp.extensions import db
from eventapp.programme.models import Session
from tests.balance.bulk import add_programme, add_registrations
from tests.balance.scenario import build_scenario
from tests.conftest import count_queries


def _add_candidates(factory, scenario):
    event = scenario.event
    un = factory.person("Una Candidate")
    factory.registration(event, un, category="un-system", wishes_to_speak=True,
                         speaking_topic="Labour mobility")
    factory.registration(event, factory.person("Pending Hopeful"), category="un-system",
                         status="pending", wishes_to_speak=True)
    migrant = factory.person("Mo Candidate")
    factory.registration(event, migrant, category="migrants-diaspora", wishes_to_speak=True)
    # Already on the panel, so never suggested for it.
    on_panel = scenario.panel_two.slots[1].person
    factory.registration(event, on_panel, category="migrants-diaspora", wishes_to_speak=True)
    factory.registration(event, factory.person("Gov Hopeful"), category="government",
                         wishes_to_speak=True)
    return un, migrant


def test_panel_impact_removals_and_suggestions_hand_computed(factory):
    scenario = build_scenario(factory)
    un, migrant = _add_candidates(factory, scenario)
    impact = panel_impact(scenario.event, scenario.panel_two)

    assert impact.total_minutes == 60
    shares = {row.key: row.share for row in impact.standings}
    assert shares["government"] == pytest.approx(0.5)
    assert shares["civil-society"] == pytest.approx(0.25)
    gaps = {row.key: row.gap for row in impact.standings if row.gap}
    # 14 approved registrations now: UN 3/14 against 1/12 of the time; migrants' target 20%.
    assert gaps == {"un-system": pytest.approx(float(F(3, 14) - F(1, 12)), abs=1e-12),
                    "migrants-diaspora": pytest.approx(float(F(1, 5) - F(1, 6)), abs=1e-12)}
    assert [row.key for row in impact.priorities] == ["un-system", "migrants-diaspora"]

    removals = [(o.name, o.category_key, o.own_change.before, o.own_change.after)
                for o in impact.removals]
    assert removals == [
        ("Chris Grassroots", "civil-society", pytest.approx(0.25), 0.0),
        ("Dana Diaspora", "migrants-diaspora", pytest.approx(1 / 6), 0.0),
        ("Floor Voice", "not-stated", 0.0, 0.0),
    ]
    government_without_chris = next(c for c in impact.removals[0].changes
                                    if c.key == "government")
    assert government_without_chris.after == pytest.approx(30 / 45)

    assert impact.typical_minutes == 12.5
    additions = [(o.person_id, o.category_key, o.detail, o.own_change.after)
                 for o in impact.additions]
    assert additions == [
        (un.id, "un-system", "Labour mobility", pytest.approx(17.5 / 72.5)),
        (migrant.id, "migrants-diaspora", "", pytest.approx(22.5 / 72.5)),
    ]


def test_panel_impact_box_renders(app_ctx, factory):
    scenario = build_scenario(factory)
    _add_candidates(factory, scenario)
    with app_ctx.test_request_context():
        html = render_template("balance/_session_editor_box.html", event=scenario.event,
                               session=scenario.panel_two,
                               balance_box=panel_impact(scenario.event, scenario.panel_two))
    assert "Without <strong>Chris Grassroots</strong> (Moderator, Civil society)" in html
    assert "Civil society 25.0% → 0.0%" in html
    assert "<strong>Una Candidate</strong> (UN system &amp; international organizations)" in html
    assert "wishes to speak on “Labour mobility”" in html


def test_panel_impact_uses_a_fixed_number_of_queries(factory):
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    add_programme(small, slots=10, prefix="s")
    add_programme(large, slots=1000, prefix="l")
    add_registrations(small, 20, prefix="rs", wishes_to_speak_every=2)
    add_registrations(large, 2000, prefix="rl", wishes_to_speak_every=2)
    counts = []
    for event in (small, large):
        session = db.session.scalars(select(Session).where(Session.event_id == event.id)
                                     .order_by(Session.id)).first()
        with count_queries() as counter:
            impact = panel_impact(event, session)
        counts.append(counter.count)
        assert len(impact.removals) == 10
        assert len(impact.additions) <= 3 * 3
    assert counts[0] == counts[1] == 6


def test_session_editor_shows_box_and_suggestion_adds_speaker(organizer_client, factory):
    scenario = build_scenario(factory)
    un, _ = _add_candidates(factory, scenario)
    url = f"/organize/events/idm/sessions/{scenario.panel_two.id}/"
    page = organizer_client.get(url).get_data(as_text=True)
    assert "Speaking balance of the event" in page
    assert f'name="existing-person" value="{un.id}"' in page
    response = organizer_client.post(
        f"/organize/events/idm/sessions/{scenario.panel_two.id}/speakers",
        data={"existing-person": str(un.id), "existing-role": "panelist",
              "existing-planned_minutes": "12"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [s.person_id for s in scenario.panel_two.slots][-1] == un.id
    page = organizer_client.get(url).get_data(as_text=True)
    assert f'name="existing-person" value="{un.id}"' not in page
