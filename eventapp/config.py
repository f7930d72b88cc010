"""Configuration: safe embedded defaults, overridden from the environment."""

from __future__ import annotations

import os
from pathlib import Path

DEV_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105 - the refusal below relies on it

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The app cannot start with this configuration."""


def _normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def build_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Return the configuration mapping for one app instance."""
    env = os.environ
    sqlite_path = Path(instance_path) / "eventapp.sqlite3"
    config: dict = {
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(
            env.get("DATABASE_URL", f"sqlite:///{sqlite_path}")
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("EVENTAPP_INSECURE_COOKIES") != "1"
        and env.get("FLASK_DEBUG") != "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "MAIL_SERVER": env.get("MAIL_SERVER"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS") == "1",
        "MAIL_SENDER": env.get("MAIL_SENDER", "eventapp <no-reply@eventapp.invalid>"),
        "OUTBOX_DIR": env.get("OUTBOX_DIR") or str(Path(instance_path) / "outbox"),
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_WINDOW_SECONDS": 15 * 60,
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL"),
        # How long a worker may answer a public feed's conditional request from memory.
        "FEED_VALIDATOR_TTL_SECONDS": float(env.get("FEED_VALIDATOR_TTL_SECONDS", "2")),
    }
    if overrides:
        config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite allows one writer; wait for the lock instead of failing at once.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    return config


def check_production_safety(config: dict, *, debug: bool) -> None:
    """Refuse to run outside debug/testing with a missing or default secret key."""
    if debug or config.get("TESTING"):
        return
    key = config.get("SECRET_KEY")
    if not key or key == DEV_SECRET_KEY or len(str(key)) < 16:
        raise ConfigError(
            "SECRET_KEY is missing or is the development default. Set SECRET_KEY in the "
            "environment to a long random value (for example: python -c "
            "'import secrets; print(secrets.token_hex(32))') before running in production."
        )
