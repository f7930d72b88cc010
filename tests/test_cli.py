from __future__ import annotations

from datetime import date

from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.programme.models import Event


def test_create_organizer_asks_for_password_and_creates_account(app_ctx):
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(
        args=["create-organizer", "Chair@Example.org"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Organizer chair@example.org created." in result.output
    user = db.session.scalar(select(User).where(User.email == "chair@example.org"))
    assert user.role == "admin"
    assert user.check_password("a long password")
    assert user.is_email_verified


def test_create_organizer_refuses_duplicate_email(app_ctx, organizer):
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(
        args=["create-organizer", organizer.email, "--password", "another long password"]
    )
    assert result.exit_code == 1
    assert "An account with this email address already exists." in result.output


def test_create_event_creates_published_event(app_ctx):
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(args=[
        "create-event", "idm-2019-geneva", "--title", "IDM 2019", "--timezone", "Europe/Zurich",
        "--start", "2019-10-14", "--end", "2019-10-15", "--publish",
    ])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Event idm-2019-geneva created and published."
    event = db.session.scalar(select(Event).where(Event.slug == "idm-2019-geneva"))
    assert (event.title, event.timezone, event.start_date, event.end_date, event.is_published) == (
        "IDM 2019", "Europe/Zurich", date(2019, 10, 14), date(2019, 10, 15), True)


def test_create_event_refuses_made_up_timezone(app_ctx):
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(args=[
        "create-event", "geneva", "--title", "IDM", "--timezone", "Europe/Geneva",
        "--start", "2019-10-14", "--end", "2019-10-15",
    ])
    assert result.exit_code == 1
    assert "“Europe/Geneva” is not an IANA time zone name" in result.output
    assert "Europe/Zurich (for Geneva)" in result.output
    assert db.session.scalar(select(Event).where(Event.slug == "geneva")) is None


def test_create_event_refuses_bad_date_and_reversed_dates(app_ctx):
    runner = app_ctx.test_cli_runner()
    bad = runner.invoke(args=[
        "create-event", "x", "--title", "X", "--timezone", "UTC",
        "--start", "2019-13-01", "--end", "2019-10-15",
    ])
    assert bad.exit_code == 2
    assert "use the form YYYY-MM-DD" in bad.output
    reversed_ = runner.invoke(args=[
        "create-event", "x", "--title", "X", "--timezone", "UTC",
        "--start", "2019-10-16", "--end", "2019-10-15",
    ])
    assert reversed_.exit_code == 1
    assert "The event must end on or after its first day." in reversed_.output


def test_create_event_city_name_timezone_gives_one_line_with_suggestion(app_ctx):
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(args=[
        "create-event", "bangkok", "--title", "IDM", "--timezone", "Bangkok",
        "--start", "2019-10-14", "--end", "2019-10-15",
    ])
    assert result.exit_code == 1
    assert result.output == (
        "Error: “Bangkok” is not an IANA time zone name. Use a name such as America/New_York "
        "or Europe/Zurich (for Geneva). Did you mean Asia/Bangkok?\n")
    assert db.session.scalar(select(Event).where(Event.slug == "bangkok")) is None


def test_add_to_team_gives_an_existing_account_its_role(app_ctx, factory):
    from eventapp.teams.models import EventMember

    event = factory.event("idm")
    user = factory.user(email="lead@example.org")
    runner = app_ctx.test_cli_runner()

    result = runner.invoke(args=["add-to-team", "idm", "Lead@Example.org"])
    assert result.exit_code == 0, result.output
    assert "lead@example.org is in the team of idm: owner." in result.output
    result = runner.invoke(args=["add-to-team", "idm", "lead@example.org", "--role", "chair"])
    assert result.exit_code == 1
    assert "lead@example.org is the event's only owner. Name another owner first." in (
        result.output)
    assert db.session.execute(select(EventMember.event_id, EventMember.user_id,
                                     EventMember.role)).all() == [(event.id, user.id, "owner")]


def test_add_to_team_refuses_an_unknown_event_or_address(app_ctx, factory):
    factory.event("idm")
    runner = app_ctx.test_cli_runner()

    unknown_event = runner.invoke(args=["add-to-team", "nope", "lead@example.org"])
    unknown_account = runner.invoke(args=["add-to-team", "idm", "lead@example.org"])

    assert (unknown_event.exit_code, unknown_account.exit_code) == (1, 1)
    assert "No event has the short name nope." in unknown_event.output
    assert "No account has the address lead@example.org." in unknown_account.output
