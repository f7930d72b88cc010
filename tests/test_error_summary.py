"""The error summary of a failed form: on every form family, each error linked to its field."""

from __future__ import annotations

import io

import pytest
from flask_wtf import FlaskForm
from lxml import html
from wtforms import FieldList, FormField, HiddenField, IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, NumberRange, Optional

from eventapp.error_summary import SummaryItem, summary_items
from eventapp.form_choices import options
from tests.conftest import login
from tests.factories import PASSWORD


def summaries(response) -> list[tuple[str, list[tuple[str, str]], list[str]]]:
    """(id, [(link target, link text)], [item text]) of each error summary on the page."""
    doc = html.fromstring(response.get_data(as_text=True))
    return [
        (box.get("id"),
         [(a.get("href"), a.text_content()) for a in box.xpath(".//a")],
         [" ".join(li.text_content().split()) for li in box.xpath(".//li")])
        for box in doc.xpath('//*[@data-error-summary]')
    ]


def first_in_form(response, summary_id: str) -> bool:
    """The summary comes before every field of its form (reached first without script)."""
    doc = html.fromstring(response.get_data(as_text=True))
    box = doc.get_element_by_id(summary_id)
    form = box.xpath("ancestor::form")[0]
    fields = form.xpath(".//input[not(@type='hidden')]|.//select|.//textarea")
    order = {el: i for i, el in enumerate(form.iter())}
    return all(order[box] < order[f] for f in fields)


# --- the summary itself -------------------------------------------------------------------


class _Row(FlaskForm):
    class Meta:
        csrf = False

    share = IntegerField("Share", validators=[Optional(), NumberRange(max=100)])


class _Form(FlaskForm):
    class Meta:
        csrf = False

    token = HiddenField("Token", validators=[DataRequired("The form expired.")])
    name = StringField("Name", validators=[DataRequired("Give a name.")])
    side = RadioField("Side", choices=options([("a", "A"), ("b", "B")]),
                      validators=[DataRequired("Choose a side.")])
    rows = FieldList(FormField(_Row), min_entries=2)


def test_summary_items_walks_nested_forms_and_links_radios_to_first_option(app_ctx):
    with app_ctx.test_request_context(method="POST", data={"rows-0-share": "5",
                                                           "rows-1-share": "101"}):
        form = _Form()
        assert not form.validate()
        form.form_errors.append("Choose two different records.")
        items = summary_items(form, labels={"rows-1-share": "Second row, share"},
                              extra=["Targets add up to more than 100%.", None])
    assert items == [
        SummaryItem("Choose two different records."),
        SummaryItem("The form expired."),
        SummaryItem("Give a name.", "name", "Name"),
        SummaryItem("Choose a side.", "side-0", "Side"),
        SummaryItem("Number must be at most 100.", "rows-1-share", "Second row, share"),
        SummaryItem("Targets add up to more than 100%."),
    ]


def test_summary_items_puts_fields_drawn_first_first(app_ctx):
    with app_ctx.test_request_context(method="POST", data={}):
        form = _Form()
        assert not form.validate()
        items = summary_items(form, first=["side", "name"])
    assert [item.target for item in items] == ["side-0", "name", None]


def test_summary_items_of_a_valid_form_is_empty(app_ctx):
    with app_ctx.test_request_context(method="POST", data={"token": "t", "name": "n", "side": "a"}):
        form = _Form()
        assert form.validate()
        assert summary_items(form) == []
        assert summary_items(None, targets={"x": "y"}) == []


# --- every form family --------------------------------------------------------------------


def test_login_failure_shows_summary_linking_fields(client):
    response = client.post("/login", data={"email": "nobody", "password": ""})
    assert summaries(response) == [("error-summary",
                                    [("#email", "Email"), ("#password", "Password")],
                                    ["Email: Enter a valid email address.",
                                     "Password: This field is required."])]
    assert first_in_form(response, "error-summary")


def test_signup_failure_shows_summary_linking_fields(client):
    response = client.post("/signup", data={"email": "a@example.org"})
    assert summaries(response) == [("error-summary", [("#password", "Password"),
                                                      ("#confirm", "Repeat the password")],
                                    ["Password: This field is required.",
                                     "Repeat the password: This field is required."])]


def test_registration_failure_links_category_to_its_first_option(client, factory):
    factory.event("idm")
    factory.categories()
    response = client.post("/events/idm/register", data={
        "email": "a@example.org", "password": "long password 1", "confirm": "long password 1",
        "first_name": "Ann", "last_name": "Lee"})
    assert summaries(response) == [("error-summary",
                                    [("#category-0", "I take part as"),
                                     ("#organization", "Organization")],
                                    ["I take part as: Choose the stakeholder category you take "
                                     "part as.",
                                     "Organization: Choose an organization or an option."])]
    assert first_in_form(response, "error-summary")
    doc = html.fromstring(response.get_data(as_text=True))
    assert doc.get_element_by_id("category-0").get("type") == "radio"


def test_registration_edit_failure_shows_summary(participant_client, participant, factory):
    event = factory.event("idm")
    registration = factory.registration(event, factory.person("Ann Lee", user=participant),
                                        status="pending")
    response = participant_client.post(f"/me/registrations/{registration.id}/edit", data={})
    assert summaries(response) == [("error-summary", [("#email", "Email")],
                                    ["Email: This field is required."])]


@pytest.mark.parametrize(("path", "data", "expected"), [
    ("/organize/events/new", {"slug": "x", "title": "X", "timezone": "UTC",
                              "start_date": "2019-10-14"},
     [("#end_date", "Last day", "Give the last day.")]),
    ("/organize/events/idm/rooms", {"name": ""}, [("#name", "Room name", "Give the room a name.")]),
    ("/organize/events/idm/sessions/new", {"title": "Opening", "day": "2018-03-26",
                                           "start_time": "10:00"},
     [("#end_time", "Ends at", "Give an end time.")]),
    ("/organize/events/idm/import", {},
     [("#file", "Programme file (CSV or Excel .xlsx)",
       "Choose a CSV or .xlsx file to upload.")]),
    ("/organize/events/idm/registrations/import", {},
     [("#file", "Participants file (CSV or Excel .xlsx)",
       "Choose a CSV or .xlsx file to upload.")]),
    ("/organize/events/idm/registration-settings", {"capacity": "-3"},
     [("#capacity", "Capacity (places for participants)",
       "Number must be between 0 and 1000000.")]),
])
def test_organizer_form_failure_shows_summary(organizer_client, factory, path, data, expected):
    factory.event("idm")
    response = organizer_client.post(path, data=data)
    assert response.status_code == 400
    assert summaries(response) == [("error-summary", [(t, label) for t, label, _ in expected],
                                    [f"{label}: {message}" for _, label, message in expected])]
    assert first_in_form(response, "error-summary")


def test_speaker_forms_each_have_their_own_summary(organizer_client, factory):
    event = factory.event("idm")
    session = factory.session(event)
    slot = factory.slot(session)
    base = f"/organize/events/idm/sessions/{session.id}/speakers"
    existing = organizer_client.post(base, data={})
    assert summaries(existing) == [("existing-speaker-errors", [("#existing-person", "Person")],
                                    ["Person: Choose a person."])]
    new = organizer_client.post(base + "/new", data={"new-first_name": "Ann"})
    assert summaries(new) == [("new-speaker-errors", [("#new-last_name", "Last name")],
                               ["Last name: Give the last name."])]
    assert first_in_form(new, "new-speaker-errors")
    edited = organizer_client.post(f"{base}/{slot.id}/edit", data={"role": "panelist",
                                                                    "planned_minutes": "2000"})
    assert summaries(edited) == [("error-summary", [("#planned_minutes", "Planned minutes")],
                                  ["Planned minutes: Give the minutes as a whole number from 0 "
                                   "to 1440."])]


def test_merge_failure_links_radios_drawn_per_record(organizer_client, factory):
    factory.event("idm")
    first = factory.person("Same Name")
    factory.person("Same Name")
    response = organizer_client.post("/organize/events/idm/registrations/merge?q=Same", data={})
    assert summaries(response) == [("error-summary", [
        (f"#keep-{first.id}", "Keep"), (f"#drop-{first.id}", "Merge into kept"),
        ("#confirm", "I have checked that these two records are the same person")], [
        "Keep: Choose the record to keep.", "Merge into kept: Choose the record to merge.",
        "I have checked that these two records are the same person: Confirm that the records "
        "are the same person."])]
    same = organizer_client.post("/organize/events/idm/registrations/merge?q=Same",
                                 data={"keep": first.id, "drop": first.id, "confirm": "y"})
    assert summaries(same) == [("error-summary", [], ["Choose two different records."])]


def test_balance_targets_failure_names_the_category_row(organizer_client, factory):
    factory.event("idm")
    government = factory.category("government")
    response = organizer_client.post("/organize/events/idm/balance/targets", data={
        "rows-0-category_id": str(government.id), "rows-0-min_percent": "50",
        "rows-0-max_percent": "10"})
    assert response.status_code == 400
    assert summaries(response) == [("error-summary", [
        ("#rows-0-max_percent", f"{government.name}, maximum share of speaking time (%)")],
        [f"{government.name}, maximum share of speaking time (%): The maximum must be at least "
         "the minimum."])]


def test_balance_scope_not_understood_shows_summary(organizer_client, factory):
    factory.event("idm")
    response = organizer_client.get("/organize/events/idm/balance?day=2099-01-01")
    assert summaries(response) == [("scope-errors", [("#day", "Day")],
                                    ["Day: Choose one of the event's days."])]


def test_programme_import_problems_take_the_focus(organizer_client, factory):
    factory.event("idm")
    csv = b"date,start,end,session\n2099-01-01,10:00,11:00,Opening\n"
    response = organizer_client.post("/organize/events/idm/import",
                                     data={"file": (io.BytesIO(csv), "p.csv")},
                                     content_type="multipart/form-data")
    doc = html.fromstring(response.get_data(as_text=True))
    (box,) = doc.xpath('//*[@data-error-summary]')
    assert (box.get("tabindex"), box.get("role")) == ("-1", "alert")


def test_pages_load_the_error_summary_script(client):
    doc = html.fromstring(client.get("/login").get_data(as_text=True))
    assert doc.xpath("//head/script/@src") == ["/static/js/error-summary.js"]
    assert doc.xpath("//script[not(@src)]") == []


def test_registration_summary_follows_the_page_order(client, factory):
    factory.event("idm")
    factory.categories()
    response = client.post("/events/idm/register", data={"first_name": "Ann"})
    (summary,) = summaries(response)
    assert [target for target, _ in summary[1]] == [
        "#email", "#password", "#confirm", "#last_name", "#category-0", "#organization"]


# --- field mistakes and rule mistakes in one submit ----------------------------------------


def test_signup_taken_address_and_short_password_shown_together(client, participant):
    response = client.post("/signup", data={"email": participant.email, "password": "short",
                                            "confirm": "other"})
    assert response.status_code == 200
    assert summaries(response) == [("error-summary",
                                    [("#email", "Email"), ("#password", "Password"),
                                     ("#confirm", "Repeat the password")],
                                    ["Email: An account with this email address already exists.",
                                     "Password: The password must have at least 10 characters.",
                                     "Repeat the password: The passwords do not match."])]


def test_signup_short_password_alone_shows_only_that(client):
    response = client.post("/signup", data={"email": "new@example.org", "password": "short",
                                            "confirm": "short"})
    assert summaries(response) == [("error-summary", [("#password", "Password")],
                                    ["Password: The password must have at least 10 "
                                     "characters."])]


def test_password_change_wrong_current_and_mismatch_shown_together(client, participant):
    login(client, participant)
    response = client.post("/me/account/password", data={
        "current_password": "not my password", "new_password": "short", "confirm": "other"})
    assert response.status_code == 200
    assert summaries(response) == [("error-summary",
                                    [("#current_password", "Current password"),
                                     ("#new_password", "New password"),
                                     ("#confirm", "Repeat the new password")],
                                    ["Current password: The current password is not right.",
                                     "New password: The password must have at least 10 "
                                     "characters.",
                                     "Repeat the new password: The passwords do not match."])]


def test_password_change_mismatch_alone_shows_only_that(client, participant):
    login(client, participant)
    response = client.post("/me/account/password", data={
        "current_password": PASSWORD, "new_password": "a brand new password",
        "confirm": "other text 123"})
    assert summaries(response) == [("error-summary", [("#confirm", "Repeat the new password")],
                                    ["Repeat the new password: The passwords do not match."])]


def test_registration_taken_address_and_missing_fields_shown_together(client, factory,
                                                                       participant):
    factory.event("idm")
    factory.categories()
    response = client.post("/events/idm/register", data={
        "email": participant.email, "password": "long password 1", "confirm": "long password 1",
        "first_name": "Ann"})
    assert response.status_code == 200
    assert summaries(response) == [("error-summary",
                                    [("#email", "Email"), ("#last_name", "Last name"),
                                     ("#category-0", "I take part as"),
                                     ("#organization", "Organization")],
                                    ["Email: An account with this email address already exists. "
                                     "Log in first to register with it.",
                                     "Last name: This field is required.",
                                     "I take part as: Choose the stakeholder category you take "
                                     "part as.",
                                     "Organization: Choose an organization or an option."])]


@pytest.mark.parametrize("edit", [False, True])
def test_room_taken_name_and_bad_capacity_shown_together(organizer_client, factory, edit):
    event = factory.event("idm")
    factory.room(event, "Hall A")
    other = factory.room(event, "Hall B")
    path = f"/organize/events/idm/rooms/{other.id}/edit" if edit else "/organize/events/idm/rooms"
    response = organizer_client.post(path, data={"name": "hall a", "capacity": "0"})
    assert response.status_code == 400
    assert summaries(response) == [("error-summary",
                                    [("#name", "Room name"), ("#capacity", "Capacity")],
                                    ["Room name: This event already has a room called “hall a”.",
                                     "Capacity: Give a number of seats."])]


def test_room_bad_capacity_alone_shows_only_that(organizer_client, factory):
    event = factory.event("idm")
    factory.room(event, "Hall A")
    response = organizer_client.post("/organize/events/idm/rooms",
                                     data={"name": "Hall C", "capacity": "0"})
    assert summaries(response) == [("error-summary", [("#capacity", "Capacity")],
                                    ["Capacity: Give a number of seats."])]


def test_registration_taken_address_alone_shows_only_that(client, factory, participant):
    factory.event("idm")
    response = client.post("/events/idm/register", data={
        "email": participant.email, "password": "long password 1", "confirm": "long password 1",
        "first_name": "Ann", "last_name": "Lee", "category": str(factory.category().id),
        "organization": "none", "delegation_role": "delegate"})
    assert response.status_code == 200
    assert summaries(response) == [("error-summary", [("#email", "Email")],
                                    ["Email: An account with this email address already exists. "
                                     "Log in first to register with it."])]


def test_new_category_taken_name_bad_key_and_long_description_shown_together(
        organizer_client, factory):
    factory.categories()
    response = organizer_client.post("/organize/categories/", data={
        "name": "academia", "key": "Bad Key!", "description": "x" * 2001})
    assert response.status_code == 400
    assert summaries(response) == [("error-summary",
                                    [("#name", "Name"), ("#key", "Key"),
                                     ("#description", "Description")],
                                    ["Name: The category “Academia” already uses this name.",
                                     "Key: A key is lower-case letters and digits joined by "
                                     "hyphens, such as “trade-unions”, at most 60 characters.",
                                     "Description: Field cannot be longer than 2000 "
                                     "characters."])]


def test_category_edit_taken_name_and_long_french_name_shown_together(organizer_client, factory):
    category = factory.category("academia")
    response = organizer_client.post(f"/organize/categories/{category.id}/edit", data={
        "name": "government", "name_fr": "x" * 121})
    assert response.status_code == 400
    assert summaries(response) == [("error-summary",
                                    [("#name", "Name"), ("#name_fr", "Name in French")],
                                    ["Name: The category “Government” already uses this name.",
                                     "Name in French: Field cannot be longer than 120 "
                                     "characters."])]


def test_new_category_long_description_alone_shows_only_that(organizer_client, factory):
    factory.categories()
    response = organizer_client.post("/organize/categories/", data={
        "name": "Youth", "description": "x" * 2001})
    assert summaries(response) == [("error-summary", [("#description", "Description")],
                                    ["Description: Field cannot be longer than 2000 "
                                     "characters."])]


def test_balance_targets_refused_share_and_minimum_total_shown_together(organizer_client,
                                                                        factory):
    factory.event("idm")
    government, academia = factory.category("government"), factory.category("academia")
    response = organizer_client.post("/organize/events/idm/balance/targets", data={
        "rows-0-category_id": str(government.id), "rows-0-min_percent": "60",
        "rows-0-max_percent": "10",
        "rows-1-category_id": str(academia.id), "rows-1-min_percent": "50",
        "rows-2-category_id": str(factory.category("private-sector").id),
        "rows-2-min_percent": "150"})
    assert response.status_code == 400
    assert summaries(response) == [("error-summary", [
        ("#rows-0-max_percent", "Government, maximum share of speaking time (%)"),
        ("#rows-2-min_percent", "Private sector, minimum share of speaking time (%)")],
        ["Government, maximum share of speaking time (%): The maximum must be at least the "
         "minimum.",
         "Private sector, minimum share of speaking time (%): Enter a percentage between 0 and "
         "100, or leave it empty.",
         "The minimum shares add up to 110%; no programme can give every category its minimum. "
         "Lower some of them so they total 100% or less."])]
