"""flask import-programme SLUG FILE (.csv or .xlsx)"""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from eventapp.audit.context import source as audit_source
from eventapp.extensions import db


@click.command("import-programme")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--dry-run", is_flag=True, help="Check the file and report, writing nothing.")
@with_appcontext
def import_programme(slug: str, path: str, dry_run: bool) -> None:
    """Import an event's programme from a CSV or .xlsx file (all rows or none)."""
    from eventapp.programme.csv_import import (
        ImportFileError,
        apply,
        parse_programme,
        read_upload,
        validate,
    )
    from eventapp.programme.models import Event

    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(_("No event has the short name “%(slug)s”.", slug=slug))
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = read_upload(data)
    except ImportFileError as exc:
        raise click.ClickException(str(exc)) from exc
    plan = validate(event, parse_programme(text))
    for issue in plan.issues:
        click.echo(str(issue), err=True)
    if not plan.is_valid:
        raise click.ClickException(ngettext(
            "%(num)d error in %(path)s; nothing was imported.",
            "%(num)d errors in %(path)s; nothing was imported.", len(plan.errors), path=path))
    if dry_run:
        summary = plan.summary()
        click.echo(_("Dry run: the file is valid; nothing was written."))
    else:
        with audit_source(os.path.basename(path)):
            summary = apply(event, plan)
            db.session.commit()
        click.echo(_("Programme of %(slug)s imported.", slug=slug))
    for line in summary.lines():
        click.echo(line)
