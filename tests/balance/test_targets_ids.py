"""A targets form whose hidden category ids are missing or out of range is re-shown, not a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventapp.balance.models import BalanceTarget
from eventapp.extensions import db

STALE = "The list of categories has changed; reload the page and try again."


def _form(factory) -> dict[str, str]:
    data = {}
    for i, category in enumerate(factory.categories().values()):
        data[f"rows-{i}-category_id"] = str(category.id)
        data[f"rows-{i}-min_percent"] = "10"
        data[f"rows-{i}-max_percent"] = ""
    return data


@pytest.mark.parametrize("category_id", [None, "", "abc", "-1", "0", str(2**31), "9" * 40])
def test_targets_with_a_bad_hidden_category_id_are_shown_again(organizer_client, factory,
                                                              category_id):
    factory.event(slug="idm")
    form = _form(factory)
    if category_id is None:
        del form["rows-0-category_id"]
    else:
        form["rows-0-category_id"] = category_id

    response = organizer_client.post("/organize/events/idm/balance/targets", data=form)

    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert STALE in body
    assert 'value="10"' in body  # what was typed is kept
    assert db.session.scalar(select(func.count(BalanceTarget.id))) == 0
