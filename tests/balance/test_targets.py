"""The targets and settings page, and the rules behind it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventapp.balance.models import BalanceTarget
from eventapp.balance.service import TargetError, TargetInput, validate_targets
from eventapp.extensions import db


def _form(factory, **overrides) -> dict:
    data = {}
    for i, category in enumerate(factory.categories().values()):
        data[f"rows-{i}-category_id"] = str(category.id)
        data[f"rows-{i}-min_percent"] = ""
        data[f"rows-{i}-max_percent"] = ""
    data.update(overrides)
    return data


def _targets(event) -> list[tuple]:
    return [(t.category_id, t.min_percent, t.max_percent, t.required_on_panels)
            for t in db.session.scalars(select(BalanceTarget).where(
                BalanceTarget.event_id == event.id).order_by(BalanceTarget.category_id))]


def test_targets_form_lists_every_category_labelled(organizer_client, factory):
    factory.event(slug="idm")
    factory.categories()
    page = organizer_client.get("/organize/events/idm/balance/targets").get_data(as_text=True)
    assert page.count('name="rows-') == 7 * 4
    assert "Minimum share of speaking time (%) for Migrants &amp; diaspora" in page


def test_targets_save_and_resubmit_is_harmless(organizer_client, factory):
    event = factory.event(slug="idm")
    order = list(factory.categories())
    migrants, government = order.index("migrants-diaspora"), order.index("government")
    civil = order.index("civil-society")
    assert organizer_client.get("/organize/events/idm/balance.json").get_json()[
        "by_category"][migrants]["target_min"] is None
    form = _form(factory, **{
        f"rows-{migrants}-min_percent": "15", f"rows-{government}-max_percent": "40",
        f"rows-{civil}-required_on_panels": "y", "requires_local_voice": "y",
        "balance_is_public": "y"})
    for _ in range(2):
        response = organizer_client.post("/organize/events/idm/balance/targets", data=form)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/organize/events/idm/balance")
    cats = factory.categories()
    assert _targets(event) == sorted([
        (cats["government"].id, None, 40.0, False),
        (cats["civil-society"].id, None, None, True),
        (cats["migrants-diaspora"].id, 15.0, None, False),
    ])
    assert event.requires_local_voice is True and event.balance_is_public is True
    assert organizer_client.get("/organize/events/idm/balance.json").get_json()[
        "by_category"][migrants]["target_min"] == 15
    # Clearing a row removes its target.
    form[f"rows-{civil}-required_on_panels"] = ""
    del form[f"rows-{civil}-required_on_panels"]
    organizer_client.post("/organize/events/idm/balance/targets", data=form)
    assert len(_targets(event)) == 2


@pytest.mark.parametrize(("value_min", "value_max", "message"), [
    ("150", "", "Enter a percentage between 0 and 100, or leave it empty."),
    ("abc", "", "Enter a percentage between 0 and 100, or leave it empty."),
    ("", "-1", "Enter a percentage between 0 and 100, or leave it empty."),
    ("50", "20", "The maximum must be at least the minimum."),
])
def test_targets_bad_input_rerenders_with_message(organizer_client, factory, value_min,
                                                  value_max, message):
    event = factory.event(slug="idm")
    response = organizer_client.post("/organize/events/idm/balance/targets", data=_form(
        factory, **{"rows-0-min_percent": value_min, "rows-0-max_percent": value_max}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert _targets(event) == []


def test_targets_minimums_above_100_in_total_are_refused(organizer_client, factory):
    event = factory.event(slug="idm")
    response = organizer_client.post("/organize/events/idm/balance/targets", data=_form(
        factory, **{"rows-0-min_percent": "60", "rows-1-min_percent": "50,5"}))
    assert response.status_code == 400
    assert "The minimum shares add up to 110.5%" in response.get_data(as_text=True)
    assert _targets(event) == []


def test_targets_tampered_category_is_refused(organizer_client, factory):
    event = factory.event(slug="idm")
    response = organizer_client.post("/organize/events/idm/balance/targets", data=_form(
        factory, **{"rows-0-category_id": "999999", "rows-0-min_percent": "5"}))
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)
    assert _targets(event) == []


def test_validate_targets_rules():
    names = {1: "Government", 2: "Academia"}
    validate_targets([TargetInput(1, 10, 20), TargetInput(2, None, None, True)], names)
    with pytest.raises(TargetError, match="Government: the minimum share is above the maximum"):
        validate_targets([TargetInput(1, 30, 20)], names)
    with pytest.raises(TargetError, match="between 0 and 100"):
        validate_targets([TargetInput(2, None, 101)], names)
    with pytest.raises(TargetError, match="reload"):
        validate_targets([TargetInput(1), TargetInput(1)], names)
