"""flask commands: create-organizer, add-to-team, create-event, seed-demo, serve-demo,
import-programme, categories, mail-worker, prune-outbox."""

from __future__ import annotations

import functools
from datetime import date

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from eventapp.audit.context import SYSTEM, Actor, acting_as, cli_actor
from eventapp.extensions import db


def register_cli(app: Flask) -> None:
    from eventapp.outbox.cli import mail_worker, prune_outbox
    from eventapp.people.categories_cli import categories_group
    from eventapp.programme.import_cli import import_programme

    for command in (create_organizer, add_to_team, create_event, seed_demo_command,
                    import_programme, categories_group, prune_outbox):
        app.cli.add_command(_as_cli_user(command))
    # The server's requests are their accounts' doing, its demo data and the worker's
    # deliveries the system's (the actor of a request is read from the request itself).
    app.cli.add_command(serve_demo)
    app.cli.add_command(_acting(mail_worker, SYSTEM))

    from eventapp.i18n import cli as translations_cli

    translations_cli.register(app)


def _as_cli_user(command: click.Command) -> click.Command:
    """Record what the command changes as done by the person running it ("CLI: <user>")."""
    return _acting(command, None)


def _acting(command: click.Command, actor: Actor | None) -> click.Command:
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _acting(sub, actor)
        return command
    callback = command.callback
    if callback is None or getattr(callback, "audit_actor_set", False):
        return command

    @functools.wraps(callback)
    def run(*args: object, **kwargs: object) -> object:
        with acting_as(actor or cli_actor()):
            return callback(*args, **kwargs)

    run.audit_actor_set = True  # type: ignore[attr-defined]
    command.callback = run
    return command


@click.command("create-organizer")
@click.argument("email")
@click.password_option(help="The organizer's password (asked for when not given).")
@with_appcontext
def create_organizer(email: str, password: str) -> None:
    """Create a site administrator's account: it creates events and manages every one."""
    from eventapp.accounts.models import ROLE_ADMIN
    from eventapp.accounts.service import AccountError, confirm_email, create_user

    try:
        user = create_user(email, password, role=ROLE_ADMIN)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    # Whoever runs this command vouches for the address.
    confirm_email(user)
    db.session.commit()
    click.echo(_("Organizer %(email)s created.", email=email.strip().lower()))


@click.command("add-to-team")
@click.argument("slug")
@click.argument("email")
@click.option("--role", default="owner", show_default=True,
              type=click.Choice(["owner", "organizer", "chair", "desk", "viewer"]))
@with_appcontext
def add_to_team(slug: str, email: str, role: str) -> None:
    """Give an existing account a role in an event's team (replacing the role it had)."""
    from eventapp.accounts.service import find_user_by_email
    from eventapp.programme.event_scope import event_by_slug
    from eventapp.teams.service import TeamError, add_member

    event = event_by_slug(slug)
    if event is None:
        raise click.ClickException(_("No event has the short name %(slug)s.", slug=slug))
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(_("No account has the address %(email)s.", email=email))
    try:
        add_member(event.id, user, role)
    except TeamError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(_("%(email)s is in the team of %(slug)s: %(role)s.", email=user.email,
                 slug=slug, role=role))


def _parse_date(ctx: click.Context, param: click.Parameter, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(_("use the form YYYY-MM-DD")) from exc


@click.command("create-event")
@click.argument("slug")
@click.option("--title", required=True)
@click.option("--timezone", "timezone_name", required=True, help="IANA name, e.g. Europe/Zurich")
@click.option("--start", required=True, callback=_parse_date, help="YYYY-MM-DD")
@click.option("--end", required=True, callback=_parse_date, help="YYYY-MM-DD")
@click.option("--theme", default="")
@click.option("--venue", default="")
@click.option("--city", default="")
@click.option("--country", default="", help="ISO 3166-1 alpha-2 code")
@click.option("--publish", is_flag=True, help="Publish the event at once.")
@with_appcontext
def create_event(slug: str, title: str, timezone_name: str, start: date, end: date,
                 theme: str, venue: str, city: str, country: str, publish: bool) -> None:
    """Create an event."""
    from eventapp.programme.events import EventData, EventError
    from eventapp.programme.events import create_event as create

    try:
        create(EventData(slug=slug, title=title, timezone=timezone_name, start_date=start,
                         end_date=end, theme=theme, venue=venue, city=city,
                         country=country, is_published=publish))
    except EventError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(_("Event %(slug)s created and published.", slug=slug) if publish
               else _("Event %(slug)s created as a draft.", slug=slug))


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create (or leave as is) the IDM 2018 New York demo event and demo accounts."""
    from eventapp.demo.seed import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, seed_demo

    created = seed_demo()
    db.session.commit()
    click.echo(_("Demo event %(slug)s created.", slug="idm-2018-new-york") if created
               else _("Demo event %(slug)s already present.", slug="idm-2018-new-york"))
    click.echo(_("Demo organizer login: %(email)s / %(password)s", email=DEMO_ORGANIZER_EMAIL,
                 password=DEMO_PASSWORD))


@click.command("serve-demo")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@with_appcontext
def serve_demo(host: str, port: int) -> None:
    """Upgrade the database, load the demo, and serve the app for local use."""
    from flask import current_app
    from flask_migrate import upgrade
    from werkzeug.serving import run_simple

    from eventapp.demo.seed import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, seed_demo
    from eventapp.outbox.cli import start_background_worker

    upgrade()
    seed_demo()
    db.session.commit()
    # Links in the demo's mails point at this server unless a public address is set.
    current_app.config["PUBLIC_BASE_URL"] = (current_app.config.get("PUBLIC_BASE_URL")
                                             or f"http://{host}:{port}")
    # The demo has no separate worker process: deliver its mail from a thread of this one.
    # Without a mail server it only saves the messages, and its pages say so.
    current_app.config["MAIL_NOT_SENT"] = not current_app.config.get("MAIL_SERVER")
    start_background_worker()
    click.echo("")
    home = f"http://{host}:{port}/"
    agenda = f"{home}events/idm-2018-new-york/agenda"
    click.echo("  " + _("eventapp is running at %(url)s", url=home))
    click.echo("  " + _("Demo agenda: %(url)s", url=agenda))
    click.echo("  " + _("Organizer login: %(email)s / %(password)s", email=DEMO_ORGANIZER_EMAIL,
                        password=DEMO_PASSWORD))
    click.echo("")
    # app.run() refuses to block inside a flask command, so serve with Werkzeug directly.
    run_simple(host, port, current_app._get_current_object(), threaded=True)
