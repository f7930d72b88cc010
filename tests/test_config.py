from __future__ import annotations

import pytest

from eventapp import create_app
from eventapp.config import DEV_SECRET_KEY, ConfigError, build_config


def test_create_app_refuses_default_secret_key_in_production(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is missing or is the development default"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_create_app_refuses_short_secret_key_naming_the_rule(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError) as caught:
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "abc"})
    assert str(caught.value).startswith(
        "SECRET_KEY is shorter than 16 characters. SECRET_KEY must be at least 16 characters "
        "long and not the development default: set it in the environment")


def test_create_app_accepts_secret_key_of_sixteen_characters(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k" * 16,
                      "PUBLIC_BASE_URL": "https://events.example.org",
                      "MAIL_SENDER": "events@example.org"})
    assert app.config["SECRET_KEY"] == "k" * 16


def test_create_app_refuses_missing_mail_sender_in_production(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("MAIL_SENDER", raising=False)
    with pytest.raises(ConfigError, match="^MAIL_SENDER is missing: set it to the address "):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40,
                    "PUBLIC_BASE_URL": "https://events.example.org"})


@pytest.mark.parametrize("sender", ["Events", "Events <chair@walkb.test>"])
def test_create_app_refuses_mail_sender_without_a_valid_address(monkeypatch, sender):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError) as caught:
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40,
                    "PUBLIC_BASE_URL": "https://events.example.org", "MAIL_SENDER": sender})
    assert str(caught.value).startswith(f"MAIL_SENDER {sender!r} holds no valid e-mail address: ")


def test_build_config_sender_defaults_to_the_development_one(monkeypatch, tmp_path):
    monkeypatch.delenv("MAIL_SENDER", raising=False)
    assert build_config(str(tmp_path))["MAIL_SENDER"] == "eventapp <no-reply@eventapp.invalid>"


def test_create_app_accepts_real_secret_key(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40,
                      "PUBLIC_BASE_URL": "https://events.example.org",
                      "MAIL_SENDER": "Events <events@example.org>"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_build_config_defaults_to_sqlite_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = build_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'eventapp.sqlite3'}"
    assert config["SECRET_KEY"] == DEV_SECRET_KEY or config["SECRET_KEY"]


def test_build_config_reads_postgres_database_url(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.internal:5432/eventapp")
    config = build_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal:5432/eventapp"


def test_create_app_refuses_missing_public_base_url_in_production(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="^PUBLIC_BASE_URL is missing: set it to the site's "):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})


def test_build_config_reads_trusted_hosts_and_proxy_hops(monkeypatch, tmp_path):
    monkeypatch.setenv("TRUSTED_HOSTS", " events.example.org, .example.net ,")
    monkeypatch.setenv("PROXY_FIX_X_FOR", "2")
    config = build_config(str(tmp_path))
    assert config["TRUSTED_HOSTS"] == ["events.example.org", ".example.net"]
    assert (config["PROXY_FIX_X_FOR"], config["PROXY_FIX_X_PROTO"]) == (2, 0)
