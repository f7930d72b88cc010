"""A colour per stakeholder category: the category page, the command line, the badges."""

from __future__ import annotations

import html

from eventapp.colours import PALETTE
from eventapp.extensions import db


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_category_colour_set_on_the_category_page(organizer_client, factory):
    academia = factory.category("academia")
    page = _page(organizer_client.get(f"/organize/categories/{academia.id}/edit"))
    # Before one is chosen, the form offers the palette's colour for its place.
    assert f'type="color" value="{PALETTE[6]}"' in page
    response = organizer_client.post(f"/organize/categories/{academia.id}/edit", data={
        "name": "Academia", "colour": "#FFD54F"})
    assert response.status_code == 302
    db.session.expire_all()
    assert academia.colour == "#ffd54f"
    listing = _page(organizer_client.get("/organize/categories/"))
    swatch = '<rect width="16" height="16" fill="#ffd54f" stroke="#555"/>'
    assert f"{swatch}</svg> <code>#ffd54f</code>" in listing


def test_category_colour_refused_with_the_name_in_one_submit(organizer_client, factory):
    academia = factory.category("academia")
    response = organizer_client.post(f"/organize/categories/{academia.id}/edit", data={
        "name": "Government", "colour": "yellow"})
    assert response.status_code == 400
    page = _page(response)
    assert "Give the colour as # and six hexadecimal digits, such as #1f5f9e." in page
    assert "The category “Government” already uses this name." in page
    db.session.expire_all()
    assert academia.colour == ""


def test_new_category_with_a_colour(organizer_client, factory):
    factory.categories()
    organizer_client.post("/organize/categories/", data={"name": "Youth", "colour": "#5e35b1"})
    from eventapp.people.categories import category_by_key

    assert category_by_key("youth").colour == "#5e35b1"


def test_categories_colour_command(app_ctx, factory):
    factory.categories()
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(args=["categories", "colour", "academia", "#2E7D32"])
    assert (result.exit_code, result.output) == (
        0, "Badges of academia are printed in #2e7d32.\n")
    result = runner.invoke(args=["categories", "colour", "academia", ""])
    assert (result.exit_code, result.output) == (
        0, f"Badges of academia are printed in {PALETTE[6]}.\n")
    result = runner.invoke(args=["categories", "colour", "academia", "green"])
    assert (result.exit_code, result.output) == (
        1, "Error: Give the colour as # and six hexadecimal digits, such as #1f5f9e.\n")
