"""`flask translations ...`: maintenance of the French and Spanish catalogs."""

from __future__ import annotations

import click
from flask import Flask

from eventapp.i18n import TRANSLATIONS_DIR, catalogs, maintenance


def register(app: Flask) -> None:
    @app.cli.group("translations")
    def group() -> None:
        """Keep the French and Spanish catalogs in step with the source."""

    @group.command("update")
    def update_command() -> None:
        """Add new messages to every catalog (empty) and drop messages no longer used."""
        for language, count in maintenance.update().items():
            click.echo(f"{language}: {count} message(s) to translate")

    @group.command("check")
    def check_command() -> None:
        """List untranslated and fuzzy messages; exit 1 when there are any."""
        template = maintenance.extract()
        failed = False
        for language in maintenance.translated_languages():
            for problem in maintenance.problems(language, template):
                failed = True
                click.echo(f"{language}: {problem}")
        if failed:
            raise SystemExit(1)
        click.echo("All catalogs are complete.")

    @group.command("compile")
    def compile_command() -> None:
        """Compile the catalogs that changed since they were last compiled."""
        for mo in catalogs.compile_all(TRANSLATIONS_DIR, TRANSLATIONS_DIR):
            click.echo(f"compiled {mo.relative_to(TRANSLATIONS_DIR)}")
