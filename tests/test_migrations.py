"""The Alembic migrations build exactly the schema the models describe, on each backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

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


DEFAULT_ROWS = [
    ("government", "Government", 0),
    ("un-system", "UN system & international organizations", 10),
    ("civil-society", "Civil society", 20),
    ("private-sector", "Private sector", 30),
    ("migrants-diaspora", "Migrants & diaspora", 40),
    ("local-authorities", "Local & regional authorities", 50),
    ("academia", "Academia", 60),
]


def _category_rows() -> list[tuple[str, str, int]]:
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(
            "SELECT key, name, sort_order FROM stakeholder_categories ORDER BY sort_order, key"))]


def test_upgrade_of_an_empty_database_creates_the_seven_categories_once(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            assert _category_rows() == DEFAULT_ROWS
            with db.engine.connect() as conn:
                retired = conn.execute(text(
                    "SELECT count(*) FROM stakeholder_categories WHERE is_retired")).scalar()
            assert retired == 0
            # Upgrading again (already at head) adds nothing.
            upgrade()
            assert _category_rows() == DEFAULT_ROWS
            db.engine.dispose()


def test_upgrade_of_a_database_with_categories_adds_only_the_missing_ones(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="2b4b4b7fd5e7")
            with db.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO stakeholder_categories (key, name, description, sort_order) "
                    "VALUES ('government', 'Government', 'Ours', 5), "
                    "('youth', 'Youth', '', 200), "
                    # Same name as a default under another key: not added a second time.
                    "('academics', 'ACADEMIA', '', 300)"))
            upgrade()
            assert _category_rows() == [
                ("government", "Government", 5),
                ("un-system", "UN system & international organizations", 10),
                ("civil-society", "Civil society", 20),
                ("private-sector", "Private sector", 30),
                ("migrants-diaspora", "Migrants & diaspora", 40),
                ("local-authorities", "Local & regional authorities", 50),
                ("youth", "Youth", 200),
                ("academics", "ACADEMIA", 300),
            ]
            with db.engine.connect() as conn:
                description = conn.execute(text(
                    "SELECT description FROM stakeholder_categories WHERE key = 'government'"
                )).scalar()
            assert description == "Ours"
            db.engine.dispose()


def _session_versions_test_rows(conn) -> None:
    conn.execute(text(
        "INSERT INTO events (id, slug, title, theme, description, venue, city, country, "
        "timezone, start_date, end_date, is_published, auto_approve, balance_is_public, "
        "requires_local_voice, created_at, updated_at) VALUES (1, 'idm', 'IDM', '', '', '', "
        "'', '', 'UTC', '2018-03-26', '2018-03-27', false, false, false, false, "
        "'2018-01-01 00:00:00', '2018-01-01 00:00:00')"))
    conn.execute(text(
        "INSERT INTO sessions (id, event_id, title, kind, description, starts_at, ends_at, "
        "status, uid, sequence, created_at, updated_at) VALUES "
        "(7, 1, 'Edited', 'panel', '', '2018-03-26 10:00:00', '2018-03-26 11:00:00', "
        "'scheduled', 'uid-7', 0, '2018-01-01 00:00:00', '2018-01-01 00:00:00'), "
        "(8, 1, 'Imported', 'panel', '', '2018-03-26 11:00:00', '2018-03-26 12:00:00', "
        "'scheduled', 'uid-8', 0, '2018-01-01 00:00:00', '2018-01-01 00:00:00')"))
    conn.execute(text(
        "INSERT INTO content_versions (scope, version) VALUES "
        "('session:7', 'v7'), ('programme:1', 'p1')"))


def test_upgrade_moves_session_versions_onto_their_rows_and_back(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="b8e4d2f6a193")
            with db.engine.begin() as conn:
                _session_versions_test_rows(conn)
            upgrade(revision="c4f1a9d2e7b5")
            with db.engine.connect() as conn:
                on_rows = conn.execute(text(
                    "SELECT id, content_version FROM sessions ORDER BY id")).all()
                scopes = conn.execute(text(
                    "SELECT scope, version FROM content_versions ORDER BY scope")).all()
            assert ([tuple(r) for r in on_rows], [tuple(r) for r in scopes]) == (
                [(7, "v7"), (8, None)], [("programme:1", "p1")])
            downgrade(revision="b8e4d2f6a193")
            with db.engine.connect() as conn:
                scopes = conn.execute(text(
                    "SELECT scope, version FROM content_versions ORDER BY scope")).all()
            assert [tuple(r) for r in scopes] == [("programme:1", "p1"), ("session:7", "v7")]
            db.engine.dispose()


def test_upgrade_makes_organizers_administrators_and_downgrade_makes_them_organizers(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="e2c5a7d91f40")
            with db.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO users (id, email, password_hash, role, created_at, "
                    "session_generation) VALUES "
                    "(1, 'org@example.org', 'x', 'organizer', '2018-01-01 00:00:00', 0), "
                    "(2, 'me@example.org', 'x', 'participant', '2018-01-01 00:00:00', 0)"))
                _session_versions_test_rows(conn)
            upgrade(revision="f3a9c1e5b720")
            with db.engine.begin() as conn:
                roles = conn.execute(text("SELECT id, role FROM users ORDER BY id")).all()
                conn.execute(text(
                    "INSERT INTO event_members (event_id, user_id, role, created_at) "
                    "VALUES (1, 2, 'chair', '2018-01-01 00:00:00')"))
                conn.execute(text(
                    "INSERT INTO team_invitations (event_id, email, role, language, nonce, "
                    "created_at) VALUES (1, 'new@example.org', 'viewer', 'fr', 'n', "
                    "'2018-01-01 00:00:00')"))
            assert [tuple(r) for r in roles] == [(1, "admin"), (2, "participant")]
            downgrade(revision="e2c5a7d91f40")
            with db.engine.connect() as conn:
                roles = conn.execute(text("SELECT id, role FROM users ORDER BY id")).all()
                tables = set(inspect(conn).get_table_names())
            assert [tuple(r) for r in roles] == [(1, "organizer"), (2, "participant")]
            assert {"event_members", "team_invitations"} & tables == set()
            db.engine.dispose()


def test_upgrade_fills_the_name_search_keys_of_existing_rows(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="a7d3e9c2b514")
            with db.engine.begin() as conn:
                category = conn.execute(text(
                    "SELECT id FROM stakeholder_categories WHERE key = 'government'")).scalar()
                conn.execute(text(
                    "INSERT INTO organizations (name, name_key, category_id, country, "
                    "governance_level, is_confirmed) VALUES "
                    "('Prefeitura de São Paulo', 'prefeitura de são paulo', :c, 'BR', "
                    "'local', :t)"), {"c": category, "t": True})
                conn.execute(text(
                    "INSERT INTO persons (honorific, first_name, last_name, job_title, "
                    "gender_description, created_at) VALUES "
                    "('', 'Anna', 'Müller', '', '', '2026-01-01 00:00:00'), "
                    "('', 'Thị Ảnh', 'Nguyễn', '', '', '2026-01-01 00:00:00')"))
            upgrade()
            with db.engine.connect() as conn:
                people = conn.execute(text(
                    "SELECT search_key FROM persons ORDER BY id")).scalars().all()
                organizations = conn.execute(text(
                    "SELECT search_key FROM organizations")).scalars().all()
            assert people == ["anna muller\tmuller anna", "thi anh nguyen\tnguyen thi anh"]
            assert organizations == ["prefeitura de sao paulo"]
            downgrade(revision="a7d3e9c2b514")
            with db.engine.connect() as conn:
                columns = {c["name"] for c in inspect(conn).get_columns("persons")}
            assert "search_key" not in columns
            db.engine.dispose()
