"""The Alembic migrations build exactly the schema the models describe, on each backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from eventapp import create_app
from eventapp.extensions import db
from tests.conftest import temporary_database


def test_migrations_upgrade_to_models_without_difference(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            assert diff == []
            downgrade(revision="base")
            with db.engine.connect() as conn:
                remaining = set(inspect(conn).get_table_names()) - {"alembic_version"}
            assert remaining == set()
            db.engine.dispose()
