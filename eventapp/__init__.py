"""eventapp: programme, registration, balance and calendars for multi-stakeholder dialogues."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from eventapp.config import PROJECT_ROOT, build_config, check_production_safety
from eventapp.extensions import csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
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

    db.init_app(app)
    # Batch mode lets later migrations alter tables on SQLite too.
    migrate.init_app(
        app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    login_manager.init_app(app)

    from eventapp import models  # noqa: F401  (registers every table)
    from eventapp.web import register_web

    register_web(app)

    from eventapp import security_headers

    security_headers.register(app)

    from eventapp.cli import register_cli

    register_cli(app)
    return app
