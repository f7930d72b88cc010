"""One check of an e-mail address for every path: an address is accepted or refused alike."""

from __future__ import annotations

import html
import io

import pytest
from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.email_address import email_problem
from eventapp.extensions import db
from tests.registration.test_register_views import _form

RESERVED = ("walkb.test is a reserved name that cannot receive mail: enter an address that "
            "can.")
PASSWORD = "a long enough password"


@pytest.mark.parametrize(("address", "problem"), [
    ("chair@walkb.org", None),
    ("Chair@Walkb.org", None),
    ("chair@walkb.test", RESERVED),
    ("chair@localhost", "Enter a valid email address."),
    ("chair", "Enter a valid email address."),
    ("chair..x@walkb.org", "Enter a valid email address."),
    ("", "Enter a valid email address."),
    ("a" * 250 + "@x.org", "Enter a valid email address."),
])
def test_email_problem_says_what_is_wrong(app_ctx, address, problem):
    assert email_problem(address) == problem


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_reserved_address_is_refused_the_same_way_on_every_path(app_ctx, client, factory):
    factory.event(slug="idm", capacity=10, auto_approve=True)
    cli = app_ctx.test_cli_runner().invoke(
        args=["create-organizer", "chair@walkb.test", "--password", PASSWORD])
    assert (cli.exit_code, cli.output) == (1, f"Error: {RESERVED}\n")
    login = client.post("/login", data={"email": "chair@walkb.test", "password": PASSWORD})
    signup = client.post("/signup", data={"email": "chair@walkb.test", "password": PASSWORD,
                                          "confirm": PASSWORD})
    register = client.post("/events/idm/register",
                           data=_form(factory, email="chair@walkb.test"))
    for response in (login, signup, register):
        assert response.status_code == 200
        assert RESERVED in _page(response)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_organizer_created_on_the_command_line_logs_in_with_that_address(app_ctx, client):
    cli = app_ctx.test_cli_runner().invoke(
        args=["create-organizer", "chair@walkb.org", "--password", PASSWORD])
    assert cli.exit_code == 0, cli.output
    response = client.post("/login", data={"email": "chair@walkb.org", "password": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/organize/")


def test_registrations_import_refuses_a_reserved_address(organizer_client, factory):
    factory.event(slug="idm", capacity=10)
    factory.categories()
    content = "email,last_name,category\nchair@walkb.test,Chair,government\n"
    response = organizer_client.post(
        "/organize/events/idm/registrations/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(content.encode()), "people.csv")})
    assert "“chair@walkb.test” is not an email address" in _page(response)
