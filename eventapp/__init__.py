"""eventapp: programme, registration, balance and calendars for multi-stakeholder dialogues."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import ArgumentError

from eventapp.config import PROJECT_ROOT, ConfigError, build_config, check_production_safety
from eventapp.extensions import csrf, db, login_manager, migrate

# gunicorn stops (instead of restarting workers forever) when a worker exits with this code;
# for `flask` it is simply non-zero.
CONFIG_ERROR_EXIT = 4


def create_app(test_config: dict | None = None) -> Flask:
    """The application; a configuration error is reported in one line and ends the process.

    Called without arguments, this is the entry point of `flask --app eventapp` and gunicorn,
    where the person reading the error fixes the environment, not the code: a traceback would
    bury the one line that matters. Tests pass a configuration and get the ConfigError itself.
    """
    if test_config is not None:
        return _create_app(test_config)
    try:
        return _create_app(None)
    except ConfigError as exc:
        print(f"eventapp: configuration error: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(CONFIG_ERROR_EXIT) from None


def _create_app(test_config: dict | None) -> Flask:
    # templates/ and static/ live at the top level of the project (see docs/DECISIONS.md).
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(build_config(app.instance_path, test_config))
    check_production_safety(app.config, debug=app.debug or os.environ.get("FLASK_DEBUG") == "1")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    try:
        db.init_app(app)
    except (ImportError, ArgumentError) as exc:
        # An unknown dialect or a driver that is not installed, e.g. psycopg without '.[postgres]'.
        driver = str(app.config["SQLALCHEMY_DATABASE_URI"]).split(":", 1)[0]
        raise ConfigError(
            f"DATABASE_URL needs the database driver {driver!r}, which is not available ({exc})."
        ) from None
    from eventapp import sqlite_mode

    with app.app_context():
        for engine in db.engines.values():
            sqlite_mode.register(engine)
    # Batch mode lets later migrations alter tables on SQLite too.
    migrate.init_app(
        app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    login_manager.init_app(app)

    from eventapp import (
        i18n,
        models,  # noqa: F401  (registers every table)
    )
    from eventapp.web import register_web

    # Before the blueprints: templates rendered at import of a view may already translate.
    i18n.register(app)

    register_web(app)

    from eventapp import composition

    composition.register_all()

    from eventapp import security_headers

    security_headers.register(app)

    from eventapp import compression

    compression.register(app)

    from eventapp.cli import register_cli

    register_cli(app)

    from eventapp import fragment_cache

    # One cache per process, whichever app created it last sets its budget.
    fragment_cache.cache.max_bytes = int(app.config["FRAGMENT_CACHE_MAX_BYTES"])
    return app
