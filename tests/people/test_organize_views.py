"""The category back office at /organize/categories."""

from __future__ import annotations

import html

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people.models import CategoryRename, StakeholderCategory
from eventapp.people.service import all_categories


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_dashboard_links_to_the_categories(organizer_client):
    assert 'href="/organize/categories/"' in _page(organizer_client.get("/organize/"))


def test_list_shows_keys_status_and_order_controls(organizer_client, factory):
    factory.categories()
    factory.category("academia").is_retired = True
    db.session.commit()
    page = _page(organizer_client.get("/organize/categories/"))
    assert "<code>migrants-diaspora</code>" in page
    assert page.count(">Retired<") == 1
    assert page.count(">Active<") == 6
    # No "Up" on the first row, no "Down" on the last.
    assert page.count('name="direction" value="up"') == 6
    assert page.count('name="direction" value="down"') == 6
    assert "Offer again" in page


def test_add_category_from_the_form(organizer_client, factory):
    factory.categories()
    response = organizer_client.post("/organize/categories/", data={
        "name": "Trade unions", "key": "", "description": "Workers' organizations."})
    assert response.status_code == 302
    assert "Category “Trade unions” added with the key trade-unions." in _page(
        organizer_client.get("/organize/categories/"))
    added = db.session.scalar(select(StakeholderCategory).where(
        StakeholderCategory.key == "trade-unions"))
    assert (added.name, added.description, added.sort_order) == (
        "Trade unions", "Workers' organizations.", 70)


def test_add_category_with_a_clash_rerenders_with_the_message(organizer_client, factory):
    factory.categories()
    response = organizer_client.post("/organize/categories/", data={
        "name": "Youth", "key": "academia"})
    assert response.status_code == 400
    page = _page(response)
    assert "Another category already has the key “academia”." in page
    assert 'href="#key"' in page
    assert db.session.scalar(select(func.count(StakeholderCategory.id))) == 7


def test_rename_and_describe_keep_the_key_and_history(organizer_client, factory):
    academia = factory.category("academia")
    response = organizer_client.post(f"/organize/categories/{academia.id}/edit", data={
        "name": "Academia & research", "description": "Universities."})
    assert response.status_code == 302
    db.session.expire_all()
    assert (academia.key, academia.name, academia.description) == (
        "academia", "Academia & research", "Universities.")
    page = _page(organizer_client.get(f"/organize/categories/{academia.id}/edit"))
    assert "“Academia” renamed to “Academia & research” on" in page
    assert db.session.scalar(select(func.count(CategoryRename.id))) == 1


def test_description_alone_records_no_rename(organizer_client, factory):
    academia = factory.category("academia")
    organizer_client.post(f"/organize/categories/{academia.id}/edit", data={
        "name": "Academia", "description": "New words."})
    assert "Category “Academia” saved." in _page(organizer_client.get("/organize/categories/"))
    assert db.session.scalar(select(func.count(CategoryRename.id))) == 0


def test_move_up_and_down_with_plain_posts(organizer_client, factory):
    factory.categories()
    un = factory.category("un-system")
    response = organizer_client.post(f"/organize/categories/{un.id}/move",
                                     data={"direction": "up"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organize/categories/#category-{un.id}"
    organizer_client.post(f"/organize/categories/{un.id}/move", data={"direction": "down"})
    organizer_client.post(f"/organize/categories/{un.id}/move", data={"direction": "down"})
    db.session.expire_all()
    assert [c.key for c in all_categories()][:3] == ["government", "civil-society", "un-system"]
    assert organizer_client.post(f"/organize/categories/{un.id}/move",
                                 data={"direction": "sideways"}).status_code == 400


def test_retire_and_offer_again(organizer_client, factory):
    government = factory.category("government")
    organizer_client.post(f"/organize/categories/{government.id}/retire")
    db.session.expire_all()
    assert government.is_retired is True
    organizer_client.post(f"/organize/categories/{government.id}/unretire")
    db.session.expire_all()
    assert (government.is_retired, government.retired_at) == (False, None)


def test_delete_refused_when_used_deleted_when_not(organizer_client, factory):
    event = factory.event()
    factory.registration(event, category="government")
    government = factory.category("government")
    confirm = _page(organizer_client.get(f"/organize/categories/{government.id}/delete"))
    assert "It cannot be deleted because it is in use:" in confirm
    assert "<li>1 registration</li>" in confirm
    refused = organizer_client.post(f"/organize/categories/{government.id}/delete",
                                    follow_redirects=True)
    assert ("“Government” cannot be deleted because it is in use (1 registration). Retire it "
            "instead: it stays on those records but is no longer offered.") in _page(refused)
    assert db.session.get(StakeholderCategory, government.id) is not None

    academia = factory.category("academia")
    done = organizer_client.post(f"/organize/categories/{academia.id}/delete",
                                 follow_redirects=True)
    assert "Category “Academia” deleted." in _page(done)
    db.session.expire_all()
    assert db.session.get(StakeholderCategory, academia.id) is None


def test_unknown_category_is_404(organizer_client):
    assert organizer_client.get("/organize/categories/999/edit").status_code == 404
    assert organizer_client.post("/organize/categories/999/retire").status_code == 404


def _page_queries(client, url: str, query_counter) -> int:
    with query_counter() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_category_pages_issue_the_same_queries_for_7_and_40_categories(
        organizer_client, factory, query_counter):
    from eventapp.people.categories import add_category

    factory.categories()
    factory.event("idm")
    urls = ("/organize/categories/", "/organize/events/idm/registration/categories")
    small = [_page_queries(organizer_client, url, query_counter) for url in urls]
    for n in range(33):
        add_category(f"Group {n}")
    db.session.commit()
    large = [_page_queries(organizer_client, url, query_counter) for url in urls]
    assert small == large
    assert small == [2, 3]


def _with_versions(factory) -> StakeholderCategory:
    factory.categories()
    category = factory.category("civil-society")
    category.name_fr, category.name_es = "Société civile", "Sociedad civil"
    db.session.commit()
    return category


def _edit(organizer_client, category, **changes):
    data = {"name": category.name, "description": category.description,
            "name_fr": category.name_fr, "name_es": category.name_es,
            "description_fr": category.description_fr,
            "description_es": category.description_es, **changes}
    return organizer_client.post(f"/organize/categories/{category.id}/edit", data=data)


def test_renaming_the_original_flags_the_versions_until_reviewed(organizer_client, factory):
    category = _with_versions(factory)
    assert _edit(organizer_client, category, name="Civil society organizations"
                 ).status_code == 302
    page = " ".join(_page(organizer_client.get("/organize/categories/")).split())
    assert ("Its French or Spanish name was written for the old name: check it.") in page
    assert ("The original name changed to “Civil society organizations”; these versions were "
            "written for an earlier name:") in page
    assert "<li>French: “Société civile”</li>" in page
    assert "<li>Spanish: “Sociedad civil”</li>" in page
    edit_page = _page(organizer_client.get(f"/organize/categories/{category.id}/edit"))
    assert "<li>French: “Société civile”</li>" in edit_page

    response = organizer_client.post(f"/organize/categories/{category.id}/reviewed")
    assert response.headers["Location"] == f"/organize/categories/#category-{category.id}"
    page = _page(organizer_client.get("/organize/categories/"))
    assert "The versions of “Civil society organizations” are marked as reviewed." in page
    assert "written for an earlier name" not in page


def test_renaming_with_new_versions_in_the_same_form_flags_only_the_unchanged(
    organizer_client, factory,
):
    category = _with_versions(factory)
    _edit(organizer_client, category, name="Civil society organizations",
          name_fr="Organisations de la société civile")
    db.session.refresh(category)
    assert (category.name_fr_to_review, category.name_es_to_review) == (False, True)
    page = _page(organizer_client.get("/organize/categories/"))
    assert "French: “" not in page
    assert "<li>Spanish: “Sociedad civil”</li>" in page


def test_renaming_without_versions_flags_nothing(organizer_client, factory):
    factory.categories()
    category = factory.category("academia")
    category.name_fr = category.name_es = ""
    db.session.commit()
    _edit(organizer_client, category, name="Academia and research")
    db.session.refresh(category)
    assert (category.name_fr_to_review, category.name_es_to_review) == (False, False)
